package verify

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// lookup resolves the server's host name and describes the answer.
func lookup(ctx context.Context, opt Options, host string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	addrs, err := opt.Resolver.LookupHost(ctx, host)
	if err != nil {
		return "", err
	}
	if len(addrs) == 0 {
		return "", &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return host + " → " + strings.Join(addrs, ", "), nil
}

// connect opens a TCP connection to host:port within the timeout.
func connect(ctx context.Context, opt Options, host string, port int) (*limitConn, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	conn, err := opt.Dial(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	c := &limitConn{Conn: conn, timeout: opt.Timeout}
	_ = c.SetDeadline(time.Time{}) // start the clock
	return c, nil
}

// limitConn bounds every wait on the network by the timeout, whatever
// deadline the IMAP or SMTP library asks for (theirs are 30 s to 5 min), and
// keeps the last network error: the libraries sometimes flatten errors into
// text, and the diagnosis must come from the typed error underneath.
type limitConn struct {
	net.Conn
	timeout time.Duration

	mu    sync.Mutex
	err   error
	bound error  // a limit of boundedConn that the server went past
	head  []byte // the first bytes received, to quote a plain-text greeting
}

// headSize is how much of the start of a connection is kept.
const headSize = 512

func (c *limitConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.keep(err)
	if n > 0 {
		c.mu.Lock()
		if room := headSize - len(c.head); room > 0 {
			c.head = append(c.head, p[:min(n, room)]...)
		}
		c.mu.Unlock()
	}
	return n, err
}

// firstLine returns the first line the server sent, if it is complete.
func (c *limitConn) firstLine() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	line, _, ok := strings.Cut(string(c.head), "\n")
	return line, ok
}

func (c *limitConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.keep(err)
	return n, err
}

func (c *limitConn) keep(err error) {
	if err == nil || errors.Is(err, net.ErrClosed) {
		return
	}
	c.mu.Lock()
	c.err = err
	c.mu.Unlock()
}

// keepBound records that the server went past a limit (boundedConn).
func (c *limitConn) keepBound(err error) {
	c.mu.Lock()
	c.bound = err
	c.mu.Unlock()
}

func (c *limitConn) boundErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bound
}

func (c *limitConn) lastErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// patient lets the connection wait at least d per step while fn runs: the
// login, which servers answer slowly on purpose when it fails.
func (c *limitConn) patient(d time.Duration, fn func() error) error {
	c.mu.Lock()
	saved := c.timeout
	c.timeout = max(saved, d)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.timeout = saved
		c.mu.Unlock()
	}()
	return fn()
}

func (c *limitConn) clamp(t time.Time) time.Time {
	c.mu.Lock()
	limit := time.Now().Add(c.timeout)
	c.mu.Unlock()
	if t.IsZero() || t.After(limit) {
		return limit
	}
	return t
}

func (c *limitConn) SetDeadline(t time.Time) error     { return c.Conn.SetDeadline(c.clamp(t)) }
func (c *limitConn) SetReadDeadline(t time.Time) error { return c.Conn.SetReadDeadline(c.clamp(t)) }
func (c *limitConn) SetWriteDeadline(t time.Time) error {
	return c.Conn.SetWriteDeadline(c.clamp(t))
}

// replayConn is a connection whose reads first return bytes already read
// from it: verify reads the greeting itself (to show it and to tell the
// protocol apart) before handing the connection to the IMAP or SMTP client.
type replayConn struct {
	net.Conn
	r io.Reader
}

func (c replayConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// maxLine bounds a greeting or reply line; longer means not a mail server.
const maxLine = 4096

// greeting is a server's first words.
type greeting struct {
	text  string // without line ends; lines joined with " | "
	proto string // "imap", "smtp" or "" when neither
	raw   []byte
}

// readGreeting reads the server's greeting from br: one line for IMAP,
// every line of a multi-line reply for SMTP.
func readGreeting(br *bufio.Reader) (greeting, error) {
	var g greeting
	var lines []string
	for len(lines) < 20 {
		line, err := br.ReadSlice('\n')
		g.raw = append(g.raw, line...)
		if err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				return g, errNotMail{text: printable(string(g.raw))}
			}
			if len(g.raw) > 0 && errors.Is(err, io.EOF) {
				return g, errNotMail{text: printable(string(g.raw))}
			}
			return g, err
		}
		l := strings.TrimRight(string(line), "\r\n")
		lines = append(lines, l)
		// An SMTP reply continues while the fourth character is "-".
		if len(l) >= 4 && isCode(l[:3]) && l[3] == '-' {
			continue
		}
		break
	}
	g.text = printable(strings.Join(lines, " | "))
	g.proto = protocolOf(lines[0])
	return g, nil
}

// protocolOf tells an IMAP greeting ("* OK ...") from an SMTP one ("220 ...").
func protocolOf(line string) string {
	switch {
	case strings.HasPrefix(line, "* "):
		return "imap"
	case len(line) >= 3 && isCode(line[:3]) && (len(line) == 3 || line[3] == ' ' || line[3] == '-'):
		return "smtp"
	}
	return ""
}

func isCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// printable makes server text safe to print: no control characters, and
// not longer than a line.
func printable(s string) string {
	s = strings.TrimRight(s, "\r\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n':
			b.WriteString(" | ")
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfffd:
			b.WriteRune('?')
		default:
			b.WriteRune(r)
		}
		if b.Len() > 200 {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}

// clean removes control characters (a hostile server could send terminal
// escape sequences) from text about to be printed, keeping it whole.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return '?'
		}
		return r
	}, s)
}

// errNotMail is a greeting that is neither IMAP nor SMTP.
type errNotMail struct{ text string }

func (e errNotMail) Error() string {
	return fmt.Sprintf("verify: the server's first words are not a mail greeting: %q", e.text)
}
