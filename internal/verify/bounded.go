package verify

import (
	"fmt"
	"net"
)

// Limits on what a server may send, so that a hostile or broken server
// cannot make verify's memory grow: an endless CAPABILITY line drove it to
// gigabytes before the IMAP library saw the line's end.
const (
	// maxResponseLine bounds one line of a reply (an IMAP line counts its
	// literals). Real replies are far shorter: SMTP allows 512 bytes, an
	// IMAP LIST or ENVELOPE line a few kilobytes.
	maxResponseLine = 64 << 10
	// maxSession bounds everything read on one connection: verify asks
	// for the capabilities, the folders and a few message headers.
	maxSession = 16 << 20
)

// errTooLong is a server that sent a line longer than maxResponseLine, or
// more than maxSession in all.
type errTooLong struct {
	line  bool // a line too long; else too much in all
	limit int
}

func (e errTooLong) Error() string {
	if e.line {
		return fmt.Sprintf("verify: the server sent a line longer than %d kB; no mail server does", e.limit>>10)
	}
	return fmt.Sprintf("verify: the server sent more than %d MB; verify reads less than that", e.limit>>20)
}

// boundedConn is a connection whose reads fail once a line or the whole
// session grows past its limit. The failure is kept by the limitConn
// underneath, so that the diagnosis sees it even when a library reports
// only that the connection closed.
type boundedConn struct {
	net.Conn
	under       *limitConn
	line, total int
	off         bool // while TLS starts over this connection: binary data
	err         error
}

func bounded(c net.Conn, under *limitConn) *boundedConn {
	return &boundedConn{Conn: c, under: under}
}

func (b *boundedConn) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.Conn.Read(p)
	if b.off {
		return n, err
	}
	b.total += n
	for i, c := range p[:n] {
		if c == '\n' {
			b.line = 0
			continue
		}
		b.line++
		if b.line > maxResponseLine {
			return i, b.fail(errTooLong{line: true, limit: maxResponseLine})
		}
	}
	if b.total > maxSession {
		return n, b.fail(errTooLong{limit: maxSession})
	}
	return n, err
}

func (b *boundedConn) fail(err errTooLong) error {
	b.err = err
	b.under.keepBound(err)
	return err
}
