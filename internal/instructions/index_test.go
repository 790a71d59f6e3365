package instructions

import (
	"slices"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// TestIndexClientsFollowRegistry: the index's columns are the clients in
// use, in the registry's order (the order of each README's sections), then
// any unknown ones sorted.
func TestIndexClientsFollowRegistry(t *testing.T) {
	names := registry.Names()
	rev := slices.Clone(names)
	slices.Reverse(rev)
	accounts := []account.Account{
		{Clients: rev[:2]},
		{Clients: []string{"zz-unknown", names[0], "aa-unknown"}},
		{Clients: rev[2:]},
	}
	want := append(slices.Clone(names), "aa-unknown", "zz-unknown")
	if got := IndexClients(accounts); !slices.Equal(got, want) {
		t.Errorf("IndexClients = %q, want %q", got, want)
	}
	if got := IndexClients([]account.Account{{Clients: []string{names[len(names)-1], names[0]}}}); !slices.Equal(got, []string{names[0], names[len(names)-1]}) {
		t.Errorf("IndexClients of two = %q", got)
	}
}
