package tbandroid

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/generators/internal/guidetest"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// checkPayload reads p with the spec's reader and compares every field
// with the account it was made from.
func checkPayload(t testing.TB, a account.Account, p []byte) {
	t.Helper()
	d, err := readPayload(p)
	if err != nil {
		t.Fatalf("%s: the reader refuses the payload: %v\n%s", a.Email, err, p)
	}
	if d.Seq != 1 || d.SeqEnd != 1 || len(d.Accounts) != 1 {
		t.Fatalf("%s: sequence %d of %d with %d accounts, want one account in one code", a.Email, d.Seq, d.SeqEnd, len(d.Accounts))
	}
	acc := d.Accounts[0]
	wantSec := map[account.Security]int{account.SSL: 3, account.STARTTLS: 2, account.None: 0}
	wantAuth := map[account.Auth]int{account.Password: 1, account.NoAuth: 0}
	for _, c := range []struct {
		what string
		got  qrServer
		want account.Server
	}{{"incoming", acc.In, a.Incoming}, {"outgoing", acc.Outgoing[0].Server, a.Outgoing}} {
		want := qrServer{Protocol: 0, Host: c.want.Host, Port: c.want.Port, Security: wantSec[c.want.Security], Auth: wantAuth[c.want.Auth], User: c.want.Username}
		if c.got != want {
			t.Errorf("%s: %s server %+v, want %+v", a.Email, c.what, c.got, want)
		}
	}
	if !acc.HasName || acc.Name != a.Email {
		t.Errorf("%s: account name %q (present %v), want the address", a.Email, acc.Name, acc.HasName)
	}
	if acc.InPass == nil || *acc.InPass != "" || len(acc.OutPasses) != 1 || acc.OutPasses[0] == nil || *acc.OutPasses[0] != "" {
		t.Errorf("%s: passwords must be present as \"\" (no password, no null)", a.Email)
	}
	if len(acc.Outgoing) != 1 || len(acc.Outgoing[0].Identities) != 1 || acc.Outgoing[0].Identities[0] != [2]string{a.Email, a.Name} {
		t.Errorf("%s: identities %v, want [[%q %q]]", a.Email, acc.Outgoing, a.Email, a.Name)
	}
	if bytes.Contains(p, []byte("null")) && !strings.Contains(a.Name, "null") {
		t.Errorf("%s: payload holds null: %s", a.Email, p)
	}
}

func accounts(t testing.TB) []account.Account {
	return append(fixture.Example(t, "thunderbird-android"), fixture.Hostile(t, "thunderbird-android")...)
}

// TestPayloadGolden keeps every example and hostile payload, and reads
// each back field by field.
func TestPayloadGolden(t *testing.T) {
	for _, tc := range []struct {
		name     string
		accounts []account.Account
	}{
		{"example", fixture.Example(t, "thunderbird-android")},
		{"hostile", fixture.Hostile(t, "thunderbird-android")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			for _, a := range tc.accounts {
				p, err := Payload(a)
				if err != nil {
					t.Fatalf("%s: %v", a.Email, err)
				}
				checkPayload(t, a, p)
				fmt.Fprintf(&b, "%s\n", p)
			}
			golden.Assert(t, "testdata/payload-"+tc.name+".golden", b.Bytes())
		})
	}
}

// TestSpectrumSMTPIsTLS: Spectrum's SMTP on 587 speaks implicit TLS; the
// code must say TLS (3), not STARTTLS as the port would suggest.
func TestSpectrumSMTPIsTLS(t *testing.T) {
	a := fixture.Example(t, "thunderbird-android")[0]
	if a.Outgoing.Port != 587 || a.Outgoing.Security != account.SSL {
		t.Fatalf("the example's first account is not Spectrum's SMTP on 587 with SSL: %+v", a.Outgoing)
	}
	p, err := Payload(a)
	if err != nil {
		t.Fatal(err)
	}
	d, err := readPayload(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Accounts[0].Outgoing[0].Server; got.Port != 587 || got.Security != 3 {
		t.Errorf("outgoing server %+v, want port 587 with security 3 (TLS)", got)
	}
}

// hostileNames are display names that must stay in one code and come
// back exactly.
func hostileNames(t testing.TB) []string {
	long := strings.Repeat(`Zoë "O'Brien" \ 山 <&> `, 20)
	long = string([]rune(long)[:200])
	for len(long) > 256 { // the manifest's limit (account.CheckName)
		r := []rune(long)
		long = string(r[:len(r)-1]) + "x"
		long = strings.Replace(long, "山", "y", 1)
	}
	if n := utf8.RuneCountInString(long); n != 200 {
		t.Fatalf("long name has %d characters", n)
	}
	names := []string{long, strings.Repeat(`"`, 128), strings.Repeat(`\`, 128), `"; DROP; ]]}{[`, "😀😀 山田太郎 Zoë Ünlü", strings.Repeat("é", 128)}
	for _, n := range names {
		if why := account.CheckName(n); why != "" {
			t.Fatalf("%q: %s", n, why)
		}
	}
	return names
}

func TestHostileNamesFitOneCode(t *testing.T) {
	a := fixture.Example(t, "thunderbird-android")[0]
	for _, name := range hostileNames(t) {
		a.Name = name
		p, err := Payload(a)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		checkPayload(t, a, p)
	}
}

// TestTooBig: an account whose payload cannot fit is refused by Check and
// Generate alike, with the reason.
func TestTooBig(t *testing.T) {
	a := fixture.Example(t, "thunderbird-android")[0]
	a.Name = strings.Repeat(`"`, 256)
	a.Incoming.Host = strings.Repeat("a", 60) + "." + strings.Repeat("b", 60) + "." + strings.Repeat("c", 60) + ".example.com"
	a.Outgoing.Host = a.Incoming.Host
	err := Generator{}.Check(a)
	if err == nil || !strings.Contains(err.Error(), "more than the 800") {
		t.Fatalf("Check = %v, want a refusal naming the limit", err)
	}
	if _, gerr := (Generator{}).Generate(a); fmt.Sprint(gerr) != fmt.Sprint(err) {
		t.Errorf("Generate says %v, Check says %v", gerr, err)
	}
}

// TestOrientation: the matrix is not mirrored: the finder patterns sit at
// the top left, top right and bottom left, and the "dark module" beside
// the bottom-left one (ISO/IEC 18004, 7.9.1) is dark.
func TestOrientation(t *testing.T) {
	m, err := code(fixture.Example(t, "thunderbird-android")[0])
	if err != nil {
		t.Fatal(err)
	}
	n := m.n
	if (n-17)%4 != 0 {
		t.Fatalf("size %d is not a QR size", n)
	}
	finder := func(x0, y0 int) bool {
		for y := range 7 {
			for x := range 7 {
				ring := x == 0 || y == 0 || x == 6 || y == 6
				core := x >= 2 && x <= 4 && y >= 2 && y <= 4
				if m.dark(x0+x, y0+y) != (ring || core) {
					return false
				}
			}
		}
		return true
	}
	if !finder(0, 0) || !finder(n-7, 0) || !finder(0, n-7) || finder(n-7, n-7) {
		t.Error("finder patterns are not at three corners")
	}
	if !m.dark(8, n-8) {
		t.Error("the dark module at (8, size-8) is light: the matrix is transposed")
	}
}

// TestImages: the PNG, read by image/png, is two-color, dark on white
// with a white quiet zone, pixel for pixel the code's modules.
func TestImages(t *testing.T) {
	files, err := Generator{}.Generate(fixture.Example(t, "thunderbird-android")[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != PNGPath {
		t.Fatalf("files %v", files)
	}
	img, err := decodePNG(files[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := code(fixture.Example(t, "thunderbird-android")[0])
	n := m.size() * pngScale
	if b := img.Bounds(); b.Dx() != n || b.Dy() != n {
		t.Fatalf("PNG is %v, want %dx%d", b, n, n)
	}
	for y := range n {
		for x := range n {
			mx, my := x/pngScale-quietZone, y/pngScale-quietZone
			want := mx >= 0 && my >= 0 && mx < m.n && my < m.n && m.dark(mx, my)
			r, g, b, _ := img.At(x, y).RGBA()
			dark := r == 0 && g == 0 && b == 0
			light := r == 0xffff && g == 0xffff && b == 0xffff
			if !dark && !light || dark != want {
				t.Fatalf("pixel (%d,%d) is %v, want dark=%v", x, y, img.At(x, y), want)
			}
		}
	}
}

// TestZbarDecodes decodes every generated PNG with zbarimg (ZBar, a real
// decoder) and requires the payload's exact bytes, which the spec's reader
// then accepts field by field.
func TestZbarDecodes(t *testing.T) {
	zbar := realtest.Need(t, "zbarimg")[0]
	dir := t.TempDir()
	all := accounts(t)
	base := all[0]
	for _, name := range hostileNames(t) {
		a := base
		a.Name = name
		all = append(all, a)
	}
	for i, a := range all {
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("%02d.png", i))
		if err := os.WriteFile(path, files[0].Data, 0o644); err != nil {
			t.Fatal(err)
		}
		want, _ := Payload(a)
		// qrcode.binary: the bytes as encoded. Without it ZBar guesses a
		// character set for a byte segment without ECI, and read "Zoë"
		// as Big5; the app's reader is told UTF-8 (QrCodeAnalyzer.kt's
		// CHARACTER_SET hint), which is what the bytes are.
		out, err := exec.Command(zbar, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sqrcode.binary", path).Output()
		if err != nil {
			t.Fatalf("%s (name %q): zbarimg: %v", a.Email, a.Name, err)
		}
		got := bytes.TrimSuffix(out, []byte("\n"))
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: zbarimg read\n%s\nwant\n%s", a.Email, got, want)
		}
		checkPayload(t, a, got)
	}
	t.Logf("zbarimg decoded %d codes exactly; e.g. %s", len(all), mustPayload(t, all[0]))
}

func mustPayload(t testing.TB, a account.Account) []byte {
	p, err := Payload(a)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSteps(t *testing.T) {
	guidetest.Assert(t, Generator{}, func(a account.Account) []string {
		return []string{a.Email, PNGPath}
	})
}

// TestStepsShowTheImage: README.html shows the PNG with a relative link
// (the kit writer puts both under people/<address>/).
func TestStepsShowTheImage(t *testing.T) {
	s, err := Generator{}.Steps(fixture.Example(t, "thunderbird-android")[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(s.HTML), `<img src="`+PNGPath+`"`) {
		t.Errorf("HTML has no <img> of %s:\n%s", PNGPath, s.HTML)
	}
	if !strings.Contains(s.Text, PNGPath) {
		t.Errorf("text does not point at %s", PNGPath)
	}
}

// TestCodeSize: the README's image size, computed from the payload's
// length, is the encoder's on both sides of every version's capacity up to
// MaxPayload.
func TestCodeSize(t *testing.T) {
	sizes := []int{1, MaxPayload}
	for _, c := range byteCapacityM {
		if c <= MaxPayload {
			sizes = append(sizes, c, c+1)
		}
	}
	for _, n := range sizes {
		m, err := encode(bytes.Repeat([]byte{'['}, n))
		if err != nil {
			t.Fatal(err)
		}
		if got := codeSize(n); got != m.n {
			t.Fatalf("%d bytes: codeSize %d, the encoder made %d", n, got, m.n)
		}
	}
}
