package verifytest

import (
	"context"
	"net"
	"sync"
	"testing"
)

// Net points the account's host names at 127.0.0.1: it resolves every
// host name it knows to 127.0.0.1 and dials each "host:port" it was told
// to its test server. Any other host:port gets a real "connection refused"
// from a closed port on 127.0.0.1; unknown names do not resolve. Nothing
// ever leaves the loopback interface.
type Net struct {
	mu     sync.Mutex
	routes map[string]string // host:port -> 127.0.0.1:port
	closed string
}

// NewNet returns an empty Net.
func NewNet(t testing.TB) *Net {
	return &Net{routes: map[string]string{}, closed: ClosedPort(t)}
}

// Route sends connections to hostPort ("imap.spectrum.com:993") to addr.
func (n *Net) Route(hostPort, addr string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.routes[hostPort] = addr
}

// Dial is a verify.DialFunc.
func (n *Net) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	n.mu.Lock()
	to, ok := n.routes[address]
	n.mu.Unlock()
	if !ok {
		to = n.closed
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp4", to)
}

// LookupHost makes Net a verify.Resolver.
func (n *Net) LookupHost(_ context.Context, host string) ([]string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for hp := range n.routes {
		if h, _, _ := net.SplitHostPort(hp); h == host {
			return []string{"127.0.0.1"}, nil
		}
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}
