package intents

import (
	"slices"
	"testing"
)

// TestLastAnswerSettlesAClarification: a question that alone asks which
// of several FAQs is meant is answered with the FAQ answered last when
// that FAQ is the one it offers first (the person goes on about what they
// just read); after another FAQ, or with no conversation, it still asks.
func TestLastAnswerSettlesAClarification(t *testing.T) {
	m := diffMatchers(t).before
	const q = "什么材料"
	alone := m.Match(q)
	if alone.Kind != KindClarify || len(alone.Suggestions) < 2 {
		t.Fatalf("%q alone: %s %v; the fixture no longer makes it a clarification of several, so this test proves nothing", q, alone.Kind, alone.Suggestions)
	}
	first := alone.Suggestions[0]
	if d := m.MatchInContext(q, Context{LastFAQ: first}); d.Kind != KindAnswer || d.FAQ != first {
		t.Errorf("%q after FAQ %d: %s %d %v, want answer %d", q, first, d.Kind, d.FAQ, d.Suggestions, first)
	}
	for _, f := range m.cfg.Content.FAQs {
		if slices.Contains(alone.Suggestions, f.No) {
			continue
		}
		if d := m.MatchInContext(q, Context{LastFAQ: f.No}); d.Kind == KindAnswer && d.FAQ == first {
			t.Errorf("%q after FAQ %d, which it does not offer: answered %d; want the last answer to settle only its own FAQ", q, f.No, d.FAQ)
		}
	}
}
