package intents

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"electonic", "electronic", 1}, {"parralel", "parallel", 2}, {"recieve", "receive", 1},
		{"permit", "permit", 0}, {"cancel", "parcel", 2}, {"abc", "xyz", 3},
	} {
		if got := editDistance(tc.a, tc.b, 9); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if got := editDistance("abcdef", "uvwxyz", 2); got != 2 {
		t.Errorf("editDistance beyond the limit = %d, want the limit 2", got)
	}
}

// TestSpellRepair: a misspelt English word is repaired to the one word of
// the vocabulary closest to it; a word the matcher knows, a short word and
// a word far from every other are left alone. It reads the shipped rules'
// vocabulary, which is what is repaired towards.
func TestSpellRepair(t *testing.T) {
	m, err := New(shippedConfigInternal(t))
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]string{
		"electonic": "electronic", "parralel": "parallel",
		"permit": "", "aply": "", "weather": "", "zzzzzzzz": "",
	} {
		if got := m.spellRepair(w); got != want {
			t.Errorf("spellRepair(%q) = %q, want %q", w, got, want)
		}
	}
}
