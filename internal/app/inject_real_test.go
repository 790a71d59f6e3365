package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// The clients that read a file able to run a command, how each reads it,
// and an injection that runs `touch pwned` in it when a display name is
// printed raw into the file's first comment line (the build before this
// test printed it so).
var injectClients = []struct {
	client, file string
	programs     []string
	// run makes the program read rc as the person would (HOME is dir);
	// it returns what it printed.
	run func(t *testing.T, program, dir, rc string) string
	// payload is a display name that adds a directive running
	// `touch pwned` when printed raw in a comment line.
	payload string
	// parseError finds a complaint about the file in the output.
	parseError string
	// read is in the output once the client has read the whole file
	// (%s is the password command).
	read string
}{
	{"mutt", "mutt/muttrc", []string{"neomutt", "mutt"}, runMutt,
		"x\nset realname = \"`touch pwned`\"\n#", "Error in", `"Alice"`},
	{"aerc", "aerc/accounts.conf", []string{"aerc"}, runAerc,
		"x\n[evil]\nsource = imaps://x@127.0.0.1:1\nsource-cred-cmd = touch pwned\nfrom = x <x@example.org>\n#", "Failed to load config", "PostAction *types.Connect"},
	{"msmtp", "msmtp/msmtprc", []string{"msmtp"}, runMsmtp,
		"x\ndefaults\npasswordeval touch pwned\n#", "msmtp: " /* msmtp: FILE: line N: ... */, "passwordeval = %s\n"},
	{"mbsync", "mbsync/mbsyncrc", []string{"mbsync"}, runMbsync,
		"x\nIMAPAccount evil\nTunnel \"touch pwned\"\n\nIMAPStore evil-remote\nAccount evil\n\nMaildirStore evil-local\nPath ./evil/\n\nChannel evil\nFar :evil-remote:\nNear :evil-local:\n#", "mbsyncrc:", "Cannot resolve server 'imap.example.org'"},
}

// A display name that every client file must carry as text: every
// character some client runs, expands or splits on, at the cap.
var hostileDisplayName = func() string {
	s := "S \"q\" #1; $(touch pwned) `touch pwned` ${HOME} [evil] %(x)s é \\ "
	return s + strings.Repeat("x", account.MaxProfileName-len(s))
}()

// TestInjectionRealClients is findings 1 to 3 of issue 14 through the
// command line and the real clients (neomutt, mutt, aerc, msmtp --pretend,
// mbsync -l):
//   - control: the injection, printed raw where the old build printed
//     the display name, makes the real client run `touch pwned` (so this
//     test sees a command run when one does);
//   - now: a --profiles file holding it is refused with its place, and
//     nothing is written;
//   - a display name and a password command at their caps, full of the
//     characters each format treats specially, generate files that each
//     real client reads without a complaint and without running anything.
func TestInjectionRealClients(t *testing.T) {
	for _, c := range injectClients {
		t.Run(c.client, func(t *testing.T) {
			realtest.Need(t, "unshare")
			paths := realtest.Need(t, c.programs...)
			for _, program := range paths {
				t.Run(filepath.Base(program), func(t *testing.T) {
					// Control: the old output, made by hand from today's.
					dir := t.TempDir()
					rc := generateFor(t, dir, "SAFEMARK", "")
					writeClientFile(t, dir, c.client, rc, c.file, func(b []byte) []byte {
						return bytes.Replace(b, []byte("SAFEMARK"), []byte(c.payload), 1)
					})
					out := c.run(t, program, dir, filepath.Join(dir, "home"))
					if _, err := os.Stat(filepath.Join(dir, "home", "pwned")); err != nil {
						t.Fatalf("control: %s did not run the injected command, so this test could not see one run (%v)\n%s", program, err, out)
					}

					// Now: the same display name is refused at load.
					dir = t.TempDir()
					err := generateErr(dir, c.payload, "")
					if err == nil || !strings.Contains(FormatError(err), "display_name: the display name contains the control character U+000A") {
						t.Fatalf("the injection was not refused: %v", err)
					}
					if _, err := os.Stat(filepath.Join(dir, "kits")); err == nil {
						t.Error("a refused profiles file let the run write kits")
					}

					// Hostile text at the caps is carried, and runs nothing:
					// first the display name and the command, then every
					// free-text field at once (the longest lines).
					cmd := `printf "%s" 'p#w;d"q' # `
					cmd += strings.Repeat("c", account.MaxPasswordCommand-len(cmd))
					quotes := `printf "%s"`
					quotes += strings.Repeat(` "x"`, (account.MaxPasswordCommand-len(quotes))/4)
					for _, in := range []kitInput{
						{email: "alice@spectrum.net", name: "Alice", displayName: hostileDisplayName, cmd: cmd},
						{email: longestAddress(), name: hostileName(), displayName: hostileDisplayName, cmd: quotes},
					} {
						dir = t.TempDir()
						rc = generateKit(t, dir, in)
						writeClientFile(t, dir, c.client, rc, c.file, nil)
						out = c.run(t, program, dir, filepath.Join(dir, "home"))
						if _, err := os.Stat(filepath.Join(dir, "home", "pwned")); err == nil {
							t.Errorf("%s ran a command from the input:\n%s", program, out)
						}
						want := strings.ReplaceAll(c.read, "%s", in.cmd)
						if c.client == "mutt" {
							// mutt 2.2's -Q prints at most 255 bytes of a
							// value (it keeps the whole value: a message it
							// sends carries the whole name), so a long name
							// is compared as far as it prints.
							got, cut := muttRealname(out)
							if got != in.name && !(cut && filepath.Base(program) == "mutt" && strings.HasPrefix(in.name, got) && len(got) > 150) {
								t.Errorf("%s reads the name as %q, want %q", program, got, in.name)
							}
							want = "real"
						}
						if !strings.Contains(out, want) {
							t.Errorf("%s did not read the whole file (no %q):\n%s", program, want, out)
						}
						if strings.Contains(out, c.parseError) {
							t.Errorf("%s complains about the generated file:\n%s", program, out)
						}
					}
				})
			}
		})
	}
}

// TestMbsyncLongLineRealClient is finding 2: isync 1.4 cuts a line after
// 1,022 bytes and reads the tail as a directive. The control shows it on
// the old output; the display name that made it is refused now, and the
// longest lines the caps allow read whole (the at-cap run above).
func TestMbsyncLongLineRealClient(t *testing.T) {
	realtest.Need(t, "mbsync", "unshare")
	dir := t.TempDir()
	rc := generateFor(t, dir, "SAFEMARK", "")
	long := strings.Repeat("S", 1000) + ` Tunnel "touch pwned"`
	writeClientFile(t, dir, "mbsync", rc, "mbsync/mbsyncrc", func(b []byte) []byte {
		return bytes.Replace(b, []byte("SAFEMARK"), []byte(long), 1)
	})
	out := runMbsync(t, "mbsync", dir, filepath.Join(dir, "home"))
	if !strings.Contains(out, "mbsyncrc:2:") {
		t.Fatalf("control: mbsync did not read the tail of line 1 as line 2:\n%s", out)
	}
	// The boundary, measured: 1,022 bytes are read as one line, 1,023
	// are cut and the last byte read as a directive.
	for n, split := range map[int]bool{1021: false, 1022: false, 1023: true, 1100: true} {
		home := filepath.Join(t.TempDir(), "home")
		if err := os.MkdirAll(home, 0o700); err != nil {
			t.Fatal(err)
		}
		line := "#" + strings.Repeat("a", n-5) + " Zzz\n"
		rc := line + "IMAPAccount x\nHost 127.0.0.1\nUser x\nSSLType None\n"
		if err := os.WriteFile(filepath.Join(home, "mbsyncrc"), []byte(rc), 0o600); err != nil {
			t.Fatal(err)
		}
		out := runIn(t, home, "mbsync", "-c", filepath.Join(home, "mbsyncrc"), "-l", "x")
		if got := strings.Contains(out, "mbsyncrc:2:"); got != split {
			t.Errorf("a line of %d bytes: split %v, want %v:\n%s", n, got, split, out)
		}
	}
	err := generateErr(t.TempDir(), long, "")
	if err == nil || !strings.Contains(FormatError(err), "longer than the 100 bytes allowed") {
		t.Errorf("the long display name was not refused: %v", err)
	}
	// Finding 3: a 905-byte password command made mbsync refuse the file.
	err = generateErr(t.TempDir(), "Spectrum", "pass show "+strings.Repeat("x", 895))
	if err == nil || !strings.Contains(FormatError(err), "the command is 905 bytes long, longer than the 400 bytes allowed") {
		t.Errorf("the 905-byte command was not refused: %v", err)
	}
}

// kitInput is one person and their profile's display name.
type kitInput struct{ email, name, displayName, cmd string }

// generateErr runs `spectrumgen --profiles P --profile evil --email
// alice@spectrum.net --name Alice --password-command CMD --out DIR/kits`
// for the four clients whose files can run commands, P holding one profile
// with the display name given.
func generateErr(dir, displayName, cmd string) error {
	return generateAs(dir, kitInput{"alice@spectrum.net", "Alice", displayName, cmd})
}

func generateAs(dir string, in kitInput) error {
	profiles := filepath.Join(dir, "profiles.yaml")
	data := fmt.Sprintf("version: 1\nprofiles:\n  evil:\n    display_name: %q\n"+
		"    imap: {host: imap.example.org, port: 993, security: ssl}\n"+
		"    smtp: {host: smtp.example.org, port: 587, security: ssl}\n", in.displayName)
	if err := os.WriteFile(profiles, []byte(data), 0o644); err != nil {
		return err
	}
	s := &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	return Generate(context.Background(), GenerateOptions{
		Input: Input{Email: in.email, Name: in.name, Profile: "evil", PasswordCommand: in.cmd,
			ProfilesFiles: []string{profiles}, Clients: []string{"mutt,aerc,msmtp,mbsync"}},
		Out: filepath.Join(dir, "kits"), Quiet: true,
	}, s)
}

// generateFor is generateErr that must succeed; it returns the kit folder.
func generateFor(t *testing.T, dir, displayName, cmd string) string {
	t.Helper()
	return generateKit(t, dir, kitInput{"alice@spectrum.net", "Alice", displayName, cmd})
}

func generateKit(t *testing.T, dir string, in kitInput) string {
	t.Helper()
	if err := generateAs(dir, in); err != nil {
		t.Fatalf("generate: %s", FormatError(err))
	}
	return filepath.Join(dir, "kits", "people", in.email)
}

// longestAddress is an address of account.MaxEmail bytes that the checks
// accept: 64 bytes before the @, host name labels of 63.
func longestAddress() string {
	return strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." +
		strings.Repeat("d", account.MaxEmail-64-1-63-1-63-1-4) + ".net"
}

// hostileName is a display name of account.MaxName bytes made of what the
// formats escape or quote: quotes, backslashes, $, #, ;, commas, brackets.
func hostileName() string {
	s := strings.Repeat(`"\$#;,[]' `, account.MaxName/10)
	return s + strings.Repeat("é", (account.MaxName-len(s))/2) + strings.Repeat("x", (account.MaxName-len(s))%2)
}

// writeClientFile copies the kit's file into dir/home where the client
// reads it, changed by edit when edit is not nil.
func writeClientFile(t *testing.T, dir, client, kit, file string, edit func([]byte) []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(kit, file))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data = edit(data)
	}
	dest := map[string]string{"mutt": "muttrc", "aerc": ".config/aerc/accounts.conf", "msmtp": "msmtprc", "mbsync": "mbsyncrc"}[client]
	path := filepath.Join(dir, "home", dest)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// runIn runs a program with HOME=home in home, in a network namespace of
// its own (it reaches nothing), for at most 15 seconds.
func runIn(t *testing.T, home string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "unshare", append([]string{"--net", "--", name}, args...)...)
	cmd.Dir = home
	cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "PATH=" + os.Getenv("PATH"),
		"TERM=dumb", "LANG=C.UTF-8"}
	cmd.Stdin = strings.NewReader("")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // the clients' exit codes say little; their output is checked
	return out.String()
}

func runMutt(t *testing.T, program, _, home string) string {
	return runIn(t, home, program, "-n", "-F", filepath.Join(home, "muttrc"), "-Q", "realname")
}

// runAerc starts aerc 0.14 without a terminal: it loads accounts.conf,
// running each *-cred-cmd as it does, then stops for want of a terminal.
func runAerc(t *testing.T, program, _, home string) string {
	return runIn(t, home, program)
}

func runMsmtp(t *testing.T, program, _, home string) string {
	return runIn(t, home, program, "-C", filepath.Join(home, "msmtprc"), "--pretend", "-a", "default")
}

func runMbsync(t *testing.T, program, _, home string) string {
	return runIn(t, home, program, "-c", filepath.Join(home, "mbsyncrc"), "-a", "-l")
}

// muttRealname is the name `mutt -Q realname` (realname="...") or neomutt's
// (set real_name = "...") prints, with their \" and \\ escapes undone;
// cut says the printed line has mutt's length of a cut one (255 bytes).
func muttRealname(out string) (name string, cut bool) {
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "realname=") && !strings.HasPrefix(line, "set real_name = ") {
			continue
		}
		open, end := strings.IndexByte(line, '"')+1, strings.LastIndexByte(line, '"')
		if cut = len(line) == 255; cut || end < open {
			end = len(line)
		}
		var b strings.Builder
		for i := open; i < end; i++ {
			if line[i] == '\\' && i+1 < end {
				i++
			}
			b.WriteByte(line[i])
		}
		return b.String(), cut
	}
	return "", false
}

// TestMsmtpLineLimitRealClient measures the limit the msmtp generator
// keeps its lines within (499 bytes): msmtp refuses a file with a longer
// line, comments included.
func TestMsmtpLineLimitRealClient(t *testing.T) {
	realtest.Need(t, "msmtp", "unshare")
	for n, refused := range map[int]bool{499: false, 500: true} {
		home := filepath.Join(t.TempDir(), "home")
		if err := os.MkdirAll(home, 0o700); err != nil {
			t.Fatal(err)
		}
		rc := "#" + strings.Repeat("a", n-1) + "\naccount x\nhost smtp.example.org\nfrom x@example.org\naccount default : x\n"
		if err := os.WriteFile(filepath.Join(home, "msmtprc"), []byte(rc), 0o600); err != nil {
			t.Fatal(err)
		}
		out := runIn(t, home, "msmtp", "-C", filepath.Join(home, "msmtprc"), "--pretend", "-a", "default")
		if got := strings.Contains(out, "line longer than"); got != refused {
			t.Errorf("a line of %d bytes: refused %v, want %v:\n%s", n, got, refused, out)
		}
	}
}

// TestNoShortLineLimitRealClients backs the claim that mutt and neomutt
// read long lines whole (so muttrc needs no cap of its own beyond the
// fields'): a 20,000-byte value, if cut, would leave a tail of a's that
// both refuse as an unknown command. (aerc's go-ini reads each line with
// bufio.Reader.ReadBytes, which has no limit; aerc 0.14 skips a line it
// cannot read rather than failing, so a run could not show a cut.)
func TestNoShortLineLimitRealClients(t *testing.T) {
	realtest.Need(t, "unshare")
	long := strings.Repeat("a", 20000)
	for _, c := range []struct{ program, file, rc, complaint, read string }{
		{"mutt", "muttrc", "set realname = \"" + long + "\"\n", "Error in", `realname="aaaa`},
		{"neomutt", "muttrc", "set realname = \"" + long + "\"\n", "Error in", `set real_name = "aaaa`},
	} {
		t.Run(c.program, func(t *testing.T) {
			realtest.Need(t, c.program)
			home := filepath.Join(t.TempDir(), "home")
			if err := os.MkdirAll(home, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(home, c.file), []byte(c.rc), 0o600); err != nil {
				t.Fatal(err)
			}
			out := runMutt(t, c.program, "", home)
			if strings.Contains(out, c.complaint) || !strings.Contains(out, c.read) {
				t.Errorf("%s does not read a 20,000-byte line whole:\n%.2000s", c.program, out)
			}
		})
	}
}
