// Command genmanifest writes a large, realistic manifest for benchmarks:
// N people spread over the four provider profiles, with names that hold
// non-ASCII letters, quotes, commas and the other characters client formats
// treat specially.
//
//	go run ./bench/genmanifest -n 100000 > big.yaml
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
)

var (
	first = []string{"Alice", "Bob", "Zoë", "José", "Ümit", "Siobhán", "Björn", "Chloé", "Nguyễn", "Ana-María", "O'Neil", "D'Angelo", "Łukasz", "Søren", "Renée", "山田", "Ahmed", "Priya"}
	last  = []string{"Example", "Müller", "O'Brien", "García", "Ng", "Smith, Jr.", "\"The Boss\" Jones", "Kowalski #2", "Dupont; Billing", "$Dollar", "Back\\slash", "Øvergård", "Nakamura 中村", "Van der Berg"}
	// Each profile with the domains its people have.
	profiles = []struct{ name, domain string }{
		{"spectrum", "spectrum.net"}, {"charter", "charter.net"}, {"twc", "twc.com"}, {"brighthouse", "brighthouse.com"},
	}
)

func main() {
	n := flag.Int("n", 1000, "number of people")
	clients := flag.String("clients", "all", "clients for everyone, comma-separated")
	org := flag.String("org", "Example School District", "organization")
	flag.Parse()

	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	fmt.Fprintf(w, "version: 1\norganization: %s\ndefaults:\n  clients: [%s]\n  password_command: \"pass show mail/{email}\"\naccounts:\n",
		quote(*org), *clients)
	for i := 0; i < *n; i++ {
		p := profiles[i%len(profiles)]
		name := first[i%len(first)] + " " + last[(i/len(first))%len(last)]
		fmt.Fprintf(w, "  - email: user%06d@%s\n    name: %s\n", i, p.domain, quote(name))
		if p.name != "spectrum" {
			fmt.Fprintf(w, "    profile: %s\n", p.name)
		}
	}
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
