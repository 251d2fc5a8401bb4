package intents

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/intents/dict"
)

// TestDictLine: the cheap reader of the lean dictionary's lines reads
// every line as strings.Fields does.
func TestDictLine(t *testing.T) {
	n := 0
	for line := range strings.Lines(dict.Chinese()) {
		f := strings.Fields(line)
		word, freq, pos, ok := dictLine(line)
		if len(f) < 2 || len(f) > 3 {
			t.Fatalf("line %q: %d fields, want 2 or 3", line, len(f))
		}
		want, err := strconv.ParseFloat(f[1], 64)
		wantPos := ""
		if len(f) == 3 {
			wantPos = f[2]
		}
		if !ok || err != nil || word != f[0] || freq != want || pos != wantPos {
			t.Fatalf("line %q read as %q %g %q %v", line, word, freq, pos, ok)
		}
		n++
	}
	if n < 20000 {
		t.Fatalf("only %d lines", n)
	}
	for _, bad := range []string{"", "\n", "word\n", "word x n\n", " 12 n\n"} {
		if _, _, _, ok := dictLine(bad); ok {
			t.Errorf("%q read as a word", bad)
		}
	}
}
