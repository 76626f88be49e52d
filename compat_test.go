package bulkhead_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/testenv"
)

// TestCompatListsVisibleTests keeps docs/compat.md in step with the tests
// Bulkhead aims to pass (../shared/core-tests/visible.txt): one row each,
// a result per shape, and a reason for every failure.
func TestCompatListsVisibleTests(t *testing.T) {
	visible, err := os.ReadFile(testenv.Shared(t, "core-tests/visible.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(visible), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			want = append(want, line)
		}
	}
	doc, err := os.ReadFile("docs/compat.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 7 || !strings.HasSuffix(strings.TrimSpace(cells[1]), ".py") {
			continue
		}
		name := strings.TrimSpace(cells[1])
		if seen[name] {
			t.Errorf("docs/compat.md lists %s twice", name)
		}
		seen[name] = true
		if !slices.Contains(want, name) {
			t.Errorf("docs/compat.md lists %s, which visible.txt does not", name)
		}
		failed := false
		for _, r := range cells[3:5] {
			switch r = strings.TrimSpace(r); r {
			case "PASS", "SKIP", "not run yet":
			case "FAIL":
				failed = true
			default:
				t.Errorf("%s: result %q is none of PASS, FAIL, SKIP, not run yet", name, r)
			}
		}
		if failed && strings.TrimSpace(cells[5]) == "" {
			t.Errorf("%s fails without a reason", name)
		}
	}
	for _, name := range want {
		if !seen[name] {
			t.Errorf("docs/compat.md has no row for %s", name)
		}
	}
}
