package intents_test

import (
	"strings"
	"testing"
)

// TestRuleWordsSegmentWhole: every word the rules name (domain words,
// synonyms, keywords, topic terms) comes out of the segmenter as one
// token, so that the lean dictionary never splits what operators wrote.
func TestRuleWordsSegmentWhole(t *testing.T) {
	m := shippedMatcher(t)
	r := m.Config().Rules
	var words []string
	words = append(words, r.Domain...)
	for _, g := range r.Synonyms {
		words = append(words, g.Canonical)
		words = append(words, g.Variants...)
	}
	for _, tp := range r.Topics {
		words = append(words, tp.Terms...)
	}
	for _, w := range words {
		if strings.ContainsAny(w, " -.*+@_") {
			continue // phrase variants (work permit, 354*472) are replaced before segmentation
		}
		var toks []string
		for _, tok := range m.Cut(w) {
			if strings.TrimSpace(tok) != "" {
				toks = append(toks, tok)
			}
		}
		if len(toks) != 1 {
			t.Errorf("%q segments as %q, want one token", w, toks)
		}
	}
}
