package instructions

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
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

// writeIndexTemplate is WriteIndex as it was, every row executed by the
// template index-row: the reference the fast rows must equal byte for byte.
func writeIndexTemplate(w io.Writer, idx Index, accounts []account.Account) error {
	if err := indexT.ExecuteTemplate(w, "index-head", idx); err != nil {
		return err
	}
	row := IndexRow{Has: make([]bool, len(idx.Clients)), Zip: idx.Zip}
	for _, a := range accounts {
		row.Name, row.Email = a.Name, a.Email
		for i, c := range idx.Clients {
			row.Has[i] = slices.Contains(a.Clients, c)
		}
		if err := indexT.ExecuteTemplate(w, "index-row", row); err != nil {
			return err
		}
	}
	return indexT.ExecuteTemplate(w, "index-foot", idx)
}

// TestWriteIndexIsTheTemplate: the whole page, hostile names and addresses,
// people with some of the clients, with and without zips and former kits,
// and enough people for the rows to be written in several pieces, equals
// the page the template renders row by row.
func TestWriteIndexIsTheTemplate(t *testing.T) {
	names := registry.Names()
	hostile := fixture.Hostile(t, names...)
	var accounts []account.Account
	for i := 0; i < 3000; i++ {
		a := hostile[i%len(hostile)]
		a.Email = fmt.Sprintf("u%d.%s", i, a.Email)
		if i%7 == 3 {
			a.Email = fmt.Sprintf("o'neil+%%41%%zz&x%d@example.com", i)
		}
		a.Clients = names[:1+i%len(names)]
		accounts = append(accounts, a)
	}
	for _, zip := range []bool{false, true} {
		for _, former := range [][]string{nil, {`a"b@x`, "c&d@y"}} {
			idx := Index{Organization: hostile[0].Organization, People: len(accounts), Clients: IndexClients(accounts),
				Zip: zip, Former: former, ServerFiles: []string{"README.txt", "x&y/<z>"}}
			var got, want bytes.Buffer
			if err := WriteIndex(&got, idx, accounts); err != nil {
				t.Fatal(err)
			}
			if err := writeIndexTemplate(&want, idx, accounts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				i := 0
				for i < min(got.Len(), want.Len()) && got.Bytes()[i] == want.Bytes()[i] {
					i++
				}
				t.Fatalf("zip %v, former %q: the page differs from the template's at byte %d: got %q, want %q",
					zip, former, i, got.Bytes()[i:min(got.Len(), i+80)], want.Bytes()[i:min(want.Len(), i+80)])
			}
		}
	}
}
