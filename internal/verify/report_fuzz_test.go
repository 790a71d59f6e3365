package verify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzJSONLines fills a report with arbitrary text and checks the --json
// output against encoding/json read a line at a time: one object per line,
// each check then the summary, every string back as it went in (invalid
// UTF-8 aside, which JSON cannot carry), and no line break inside an
// object that would split it for a line reader.
func FuzzJSONLines(f *testing.F) {
	for _, seed := range []string{"", "plain", "a\nb\r\nc", "\u2028\u2029", `"\`, "\x00\x1b[2J", "<&>", "\xff\xfe"} {
		f.Add(seed, seed+"x")
	}
	f.Fuzz(func(t *testing.T, detail, line string) {
		r := &Report{Email: "alice@spectrum.net", Profile: "spectrum", Suggestion: line, Checks: []Check{
			{Name: "imap.dns", Server: detail, Status: OK, Detail: detail, Lines: []string{line, detail}},
			{Name: "imap.tcp", Status: Fail, Detail: line, Diagnosis: &Diagnosis{Code: "x", Problem: detail, Cause: line, Fix: detail}},
			{Name: "imap.tls", Status: Skip, Detail: "not run: " + detail},
		}}
		var out bytes.Buffer
		if err := r.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 1<<24)
		var objs []map[string]any
		for sc.Scan() {
			var o map[string]any
			if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
				t.Fatalf("line %d is not one JSON object: %v\n%q", len(objs)+1, err, sc.Text())
			}
			objs = append(objs, o)
		}
		if len(objs) != 4 || objs[3]["name"] != "summary" || objs[3]["failed"] != float64(1) || objs[3]["not_run"] != float64(1) {
			t.Fatalf("want 3 checks and a summary, got %d objects: %v", len(objs), objs)
		}
		if utf8.ValidString(detail) && objs[0]["detail"] != detail {
			t.Errorf("detail %q came back as %q", detail, objs[0]["detail"])
		}
		if utf8.ValidString(line) && objs[1]["detail"] != line {
			t.Errorf("detail %q came back as %q", line, objs[1]["detail"])
		}
		var text bytes.Buffer
		if err := r.WriteText(&text, Words); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n") {
			if strings.ContainsAny(l, "\r\x1b\x00") {
				t.Errorf("a control character reached the text output: %q", l)
			}
		}
	})
}
