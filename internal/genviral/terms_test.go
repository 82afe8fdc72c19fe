package genviral

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// providerTerms are words of the Terraform provider built on this client:
// its arguments, Terraform's flags and concepts. The client's texts state
// what happened (status, code, message, request, retries); advice in the
// provider's terms is the provider's to give (see APIError.Kind).
var providerTerms = []string{
	"terraform", "base_url", "api_key", "max_retries", "max_parallel_requests", "request_timeout", "max_results",
	"-parallelism", "timeouts.", "from state", "in state", "apply again",
}

// TestNoProviderTermsInTheClientsTexts: no string literal of the package's
// code (tests aside) uses a word of the provider.
func TestNoProviderTermsInTheClientsTexts(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				checkProviderTerms(t, fset.Position(lit.Pos()).String(), lit.Value)
			}
			return true
		})
	}
}

func checkProviderTerms(t *testing.T, where, lit string) {
	t.Helper()
	low := strings.ToLower(lit)
	for _, term := range providerTerms {
		if strings.Contains(low, term) {
			t.Errorf("%s: %s uses the provider's term %q", where, lit, term)
		}
	}
}
