package verifytest

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Echo configures a server that repeats every line it receives in its
// replies, the way some servers quote a rejected command: the LOGIN line
// with the password quoted and escaped, the base64 of AUTH PLAIN and AUTH
// LOGIN. Tests use it to prove that no form of the password reaches
// verify's output.
type Echo struct {
	TLS *tls.Config // implicit TLS from the first byte
	// Accept accepts every login; otherwise every login is refused.
	Accept bool
	// Mechanisms are the SMTP AUTH mechanisms offered ("PLAIN LOGIN");
	// empty offers no AUTH.
	Mechanisms string
}

// StartEchoIMAP runs a minimal IMAP server that echoes every command,
// literals included, in an untagged OK and in its tagged answer.
func StartEchoIMAP(t testing.TB, cfg Echo) *Server {
	t.Helper()
	return serveEcho(t, cfg, echoIMAP)
}

// StartEchoSMTP runs a minimal SMTP server that echoes every line, in a
// line of its own and in the text of its answer.
func StartEchoSMTP(t testing.TB, cfg Echo) *Server {
	t.Helper()
	return serveEcho(t, cfg, echoSMTP)
}

func serveEcho(t testing.TB, cfg Echo, handle func(Echo, *bufio.Reader, io.Writer, *Traffic)) *Server {
	ln := tls.NewListener(listen(t), cfg.TLS)
	traffic := &Traffic{}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handle(cfg, bufio.NewReader(io.TeeReader(c, traffic)), c, traffic)
			}()
		}
	}()
	return &Server{Addr: ln.Addr().String(), Traffic: traffic}
}

var literalRE = regexp.MustCompile(`\{(\d+)(\+?)\}$`)

// readIMAPCommand reads one command with its literals.
func readIMAPCommand(r *bufio.Reader, w io.Writer) (string, error) {
	var cmd strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimRight(line, "\r\n")
		cmd.WriteString(line)
		m := literalRE.FindStringSubmatch(line)
		if m == nil {
			return cmd.String(), nil
		}
		n, _ := strconv.Atoi(m[1])
		if m[2] == "" {
			fmt.Fprint(w, "+ go ahead\r\n")
		}
		lit := make([]byte, n)
		if _, err := io.ReadFull(r, lit); err != nil {
			return "", err
		}
		cmd.WriteString("\r\n")
		cmd.Write(lit)
	}
}

func echoIMAP(cfg Echo, r *bufio.Reader, w io.Writer, _ *Traffic) {
	fmt.Fprint(w, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] echo server: you will see what you send\r\n")
	for {
		cmd, err := readIMAPCommand(r, w)
		if err != nil {
			return
		}
		echo := strings.ReplaceAll(cmd, "\r\n", " ")
		tag, rest, _ := strings.Cut(cmd, " ")
		verb, _, _ := strings.Cut(rest, " ")
		fmt.Fprintf(w, "* OK [ALERT] you sent: %s\r\n", echo)
		switch strings.ToUpper(verb) {
		case "CAPABILITY":
			fmt.Fprintf(w, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK CAPABILITY done, you sent: %s\r\n", tag, echo)
		case "LOGIN":
			if cfg.Accept {
				fmt.Fprintf(w, "%s OK logged in, you sent: %s\r\n", tag, echo)
			} else {
				fmt.Fprintf(w, "%s NO [AUTHENTICATIONFAILED] Authentication failed for: %s\r\n", tag, echo)
			}
		case "LIST":
			fmt.Fprintf(w, "* LIST () \"/\" INBOX\r\n* LIST () \"/\" Sent\r\n%s OK LIST done, you sent: %s\r\n", tag, echo)
		case "SELECT", "EXAMINE":
			fmt.Fprintf(w, "* 0 EXISTS\r\n* FLAGS (\\Seen)\r\n%s OK [READ-ONLY] you sent: %s\r\n", tag, echo)
		case "LOGOUT":
			fmt.Fprintf(w, "* BYE you sent: %s\r\n%s OK bye\r\n", echo, tag)
			return
		default:
			fmt.Fprintf(w, "%s BAD you sent: %s\r\n", tag, echo)
		}
	}
}

func echoSMTP(cfg Echo, r *bufio.Reader, w io.Writer, _ *Traffic) {
	fmt.Fprint(w, "220 echo.test ESMTP you will see what you send\r\n")
	read := func() (string, bool) {
		line, err := r.ReadString('\n')
		return strings.TrimRight(line, "\r\n"), err == nil
	}
	for {
		line, ok := read()
		if !ok {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			fmt.Fprintf(w, "250-echo.test you sent: %s\r\n", line)
			if cfg.Mechanisms != "" {
				fmt.Fprintf(w, "250-AUTH %s\r\n", cfg.Mechanisms)
			}
			fmt.Fprint(w, "250 ENHANCEDSTATUSCODES\r\n")
		case "AUTH":
			sent := []string{line}
			mech, initial, _ := strings.Cut(arg, " ")
			switch strings.ToUpper(mech) {
			case "PLAIN":
				if initial == "" {
					fmt.Fprint(w, "334 \r\n")
					l, ok := read()
					if !ok {
						return
					}
					sent = append(sent, l)
				}
			case "LOGIN":
				prompts := []string{"VXNlcm5hbWU6", "UGFzc3dvcmQ6"} // Username:, Password:
				if initial != "" {
					prompts = prompts[1:] // the user name came with AUTH LOGIN
				}
				for _, prompt := range prompts {
					fmt.Fprintf(w, "334 %s\r\n", prompt)
					l, ok := read()
					if !ok {
						return
					}
					sent = append(sent, l)
				}
			}
			echo := strings.Join(sent, " | ")
			if cfg.Accept {
				fmt.Fprintf(w, "235-2.7.0 you sent: %s\r\n235 2.7.0 Authenticated, you sent: %s\r\n", echo, echo)
			} else {
				fmt.Fprintf(w, "535-5.7.8 you sent: %s\r\n535 5.7.8 Authentication failed for: %s\r\n", echo, echo)
			}
		case "QUIT":
			fmt.Fprintf(w, "221 2.0.0 bye, you sent: %s\r\n", line)
			return
		case "RSET", "NOOP":
			fmt.Fprintf(w, "250 2.0.0 ok, you sent: %s\r\n", line)
		default:
			fmt.Fprintf(w, "530 5.7.0 Authentication required, you sent: %s\r\n", line)
		}
	}
}

// StartEndlessIMAP runs an IMAP server that greets, then answers the first
// command with a CAPABILITY line that never ends (new atoms until the
// client hangs up). It returns the server and a function that reports how
// many bytes it wrote.
func StartEndlessIMAP(t testing.TB, cfg *tls.Config) (*Server, func() int64) {
	t.Helper()
	ln := tls.NewListener(listen(t), cfg)
	var mu sync.Mutex
	var written int64
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func(c net.Conn) {
				defer wg.Done()
				defer c.Close()
				fmt.Fprint(c, "* OK IMAP4rev1 ready\r\n")
				if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
					return
				}
				chunk := []byte("* CAPABILITY IMAP4rev1")
				for i := 0; ; i++ {
					n, err := c.Write(chunk)
					mu.Lock()
					written += int64(n)
					mu.Unlock()
					if err != nil {
						return
					}
					var b strings.Builder
					for j := 0; j < 1000; j++ {
						fmt.Fprintf(&b, " X-CAP-%d-%d", i, j)
					}
					chunk = []byte(b.String())
				}
			}(c)
		}
	}()
	return &Server{Addr: ln.Addr().String(), Traffic: &Traffic{}}, func() int64 {
		mu.Lock()
		defer mu.Unlock()
		return written
	}
}

// StartLines runs a server that sends greeting, then answers each line it
// receives with answer(line) (nothing when empty); it hangs up when answer
// returns "QUIT". With a TLS configuration it speaks implicit TLS, else
// plain text. For servers that misbehave in one precise way.
func StartLines(t testing.TB, cfg *tls.Config, greeting string, answer func(line string) string) *Server {
	t.Helper()
	ln := listen(t)
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	traffic := &Traffic{}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				fmt.Fprint(c, greeting)
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					_, _ = traffic.Write([]byte(line))
					a := answer(strings.TrimRight(line, "\r\n"))
					if a == "QUIT" {
						return
					}
					fmt.Fprint(c, a)
				}
			}()
		}
	}()
	return &Server{Addr: ln.Addr().String(), Traffic: traffic}
}
