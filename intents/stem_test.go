package intents

import "testing"

// TestStemMeetsForms: the forms of a word meet at one stem, and words that
// differ keep stems that differ.
func TestStemMeetsForms(t *testing.T) {
	for _, same := range [][]string{
		{"replace", "replaces", "replaced", "replacing"},
		{"cancel", "cancels", "cancelled", "cancelling", "canceled"},
		{"permit", "permits", "permitted", "permitting"},
		{"fill", "fills", "filled", "filling"},
		{"call", "calls", "called", "calling"},
		{"skill", "skills", "skilled"},
		{"exceed", "exceeds", "exceeded", "exceeding"},
		{"need", "needs", "needed"},
		{"apply", "applies", "applied"},
	} {
		want := stem(same[0])
		for _, w := range same[1:] {
			if got := stem(w); got != want {
				t.Errorf("stem(%q) = %q, stem(%q) = %q: want them equal", w, got, same[0], want)
			}
		}
	}
	for _, apart := range [][2]string{{"quite", "quit"}, {"note", "not"}, {"plane", "plan"}, {"none", "non"}, {"file", "filled"}, {"exceed", "exc"}} {
		if a, b := stem(apart[0]), stem(apart[1]); a == b {
			t.Errorf("stem(%q) = stem(%q) = %q: want them apart", apart[0], apart[1], a)
		}
	}
}

// TestNormExpandsContractions: a contraction reads as its words, so that
// don't is do not (not don, the stem of done, and t).
func TestNormExpandsContractions(t *testing.T) {
	for in, want := range map[string]string{
		"We don't have it":        "we do not have it",
		"Don’t know":              "do not know",
		"we can't, it won't":      "we can not it will not",
		"isn't it":                "is not it",
		"we're ready, I'm here":   "we are ready i am here",
		"I'll call, we've sent":   "i will call we have sent",
		"I'd like":                "i would like",
		"the employee's passport": "the employee passport",
		"o'clock":                 "o clock",
		"'quoted'":                "quoted",
	} {
		if got := norm(in); got != want {
			t.Errorf("norm(%q) = %q, want %q", in, got, want)
		}
	}
}
