package app

import "testing"

// TestManifestFormat: --format wins, then the name, then (for standard
// input and other names) the first line.
func TestManifestFormat(t *testing.T) {
	for _, tc := range []struct{ path, format, data, want string }{
		{"a.csv", "", "version: 1\n", "csv"},
		{"A.TSV", "", "", "csv"},
		{"a.yaml", "", "email,name\n", "yaml"},
		{"a.yml", "", "", "yaml"},
		{"a.txt", "csv", "version: 1\n", "csv"},
		{"a.csv", "yaml", "", "yaml"},
		{"-", "", "version: 1\naccounts: []\n", "yaml"},
		{"-", "", "\ufeff\n\n# people\nversion: 1\n", "yaml"},
		{"-", "", "---\nversion: 1\n", "yaml"},
		{"-", "", "{version: 1, accounts: []}\n", "yaml"},
		{"-", "", "accounts:\n", "yaml"},
		{"-", "", "email,name\na@spectrum.net,A\n", "csv"},
		{"-", "", "\ufeffE-mail Address;Name\n", "csv"},
		{"-", "", "#TYPE Microsoft.ActiveDirectory.Management.ADUser\n\"mail\"\n", "csv"},
		{"-", "", "Work Contact: Work Email,Name\n", "csv"},
		{"people", "", "sep=;\nemail;name\n", "csv"},
		{"-", "", "", "yaml"},
	} {
		if got := manifestFormat(tc.path, tc.format, []byte(tc.data)); got != tc.want {
			t.Errorf("manifestFormat(%q, %q, %q) = %s, want %s", tc.path, tc.format, tc.data, got, tc.want)
		}
	}
}
