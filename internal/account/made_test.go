package account

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// madeBy are the only non-test files that may build an Account with
// values: the manifest's resolver, which runs Check on every account it
// makes, and the test fixtures. So every account a generator receives in
// a real run has passed Check: a new way of making accounts fails here
// until it goes through the resolver (or checks, and is added).
var madeBy = map[string]bool{
	"internal/manifest/resolve.go": true,
	"internal/fixture/fixture.go":  true,
}

func TestAccountsAreMadeOnlyByTheResolver(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || len(lit.Elts) == 0 {
				return true // Account{} (a zero value with an error) is fine
			}
			name := ""
			switch ty := lit.Type.(type) {
			case *ast.SelectorExpr:
				if x, ok := ty.X.(*ast.Ident); ok && x.Name == "account" {
					name = ty.Sel.Name
				}
			case *ast.Ident:
				if f.Name.Name == "account" {
					name = ty.Name
				}
			}
			if name != "Account" {
				return true
			}
			found++
			if !madeBy[rel] {
				t.Errorf("%s: builds an account.Account; only the manifest's resolver may (it checks every field)", fset.Position(lit.Pos()))
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 2 {
		t.Errorf("found %d account literals; the walk misses files", found)
	}
}
