package intents

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// The diff tests run on the tests' own rules, bot/testrules (the
// package itself cannot be imported here: it imports this one). The edit
// they preview: an operator adds 港澳居民怎么开通 ("how do residents of Hong
// Kong and Macao open one") to FAQ 1 (how to get a reader card). The
// question it quotes, a fallback before, is now answered; but the
// alternate teaches FAQ 1 the word 港澳居民, and an unrelated question
// about opening a bank card, a fallback before, is now answered with FAQ 1
// too: the costly kind of mistake the operator console must show before
// an edit is saved.
const (
	diffEditFAQ = 1
	diffFixedQ  = "港澳居民怎么开通"
	diffBrokenQ = "港澳居民在哪里开通银行卡"
)

// The fixture's files, from this package's directory.
const (
	fixtureFAQ     = "../bot/testrules/faq.yaml"
	fixtureIntents = "../bot/testrules/intents.yaml"
	fixtureDev     = "../bot/testrules/dev.jsonl"
)

type diffFixture struct {
	before, after *Matcher
	dev           []Example
	err           error
}

var (
	diffOnce sync.Once
	diffFix  diffFixture
)

// diffMatchers builds the fixture's configuration and the edited one once
// for all diff tests: each matcher costs a segmentation dictionary.
func diffMatchers(t *testing.T) diffFixture {
	t.Helper()
	diffOnce.Do(func() { diffFix = loadDiffFixture() })
	if diffFix.err != nil {
		t.Fatal(diffFix.err)
	}
	return diffFix
}

func loadDiffFixture() diffFixture {
	var f diffFixture
	faq, err := os.ReadFile(fixtureFAQ)
	if err != nil {
		return diffFixture{err: err}
	}
	rules, err := os.ReadFile(fixtureIntents)
	if err != nil {
		return diffFixture{err: err}
	}
	edited, err := withAlternate(rules, diffEditFAQ, diffFixedQ)
	if err != nil {
		return diffFixture{err: err}
	}
	build := func(rules []byte) (*Matcher, error) {
		cfg, err := Parse("faq.yaml", faq, "intents.yaml", rules)
		if err != nil {
			return nil, err
		}
		return New(cfg)
	}
	if f.before, err = build(rules); err != nil {
		return diffFixture{err: err}
	}
	if f.after, err = build(edited); err != nil {
		return diffFixture{err: err}
	}
	dev, err := os.Open(fixtureDev)
	if err != nil {
		return diffFixture{err: err}
	}
	defer dev.Close()
	f.dev, err = ReadExamples("dev.jsonl", dev)
	f.err = err
	return f
}

// withAlternate inserts alt as the first alternate question of FAQ no,
// the way an operator edits intents.yaml by hand.
func withAlternate(rules []byte, no int, alt string) ([]byte, error) {
	entry := bytes.Index(rules, []byte("\n  - no: "+strconv.Itoa(no)+"\n"))
	if entry < 0 {
		return nil, fmt.Errorf("intents.yaml has no entry \"- no: %d\"", no)
	}
	list := bytes.Index(rules[entry:], []byte("\n    alternates:\n"))
	if list < 0 {
		return nil, fmt.Errorf("FAQ %d has no alternates list", no)
	}
	at := entry + list + len("\n    alternates:\n")
	out := slices.Concat(rules[:at], []byte("      - "+alt+"\n"), rules[at:])
	return out, nil
}

func TestDiffListsTheQuestionsAnEditFixesAndBreaks(t *testing.T) {
	f := diffMatchers(t)
	// Preconditions on the fixture: if a change of it moves these, pick
	// another pair that shows what the comment on the constants says.
	if d := f.before.Match(diffFixedQ); d.Kind == KindAnswer && d.FAQ == diffEditFAQ {
		t.Fatalf("the fixture already answers %q with FAQ %d; the edit fixes nothing", diffFixedQ, diffEditFAQ)
	}
	if d := f.before.Match(diffBrokenQ); d.Kind != KindFallback {
		t.Fatalf("the fixture decides %q as %s %d, want fallback", diffBrokenQ, d.Kind, d.FAQ)
	}

	questions := []string{"一次能借几本书", diffFixedQ, "你好", diffBrokenQ, diffFixedQ, "火车票怎么买"}
	changes := Diff(f.before, f.after, questions)

	var texts []string
	for _, c := range changes {
		texts = append(texts, c.Text)
	}
	if want := []string{diffFixedQ, diffBrokenQ}; !slices.Equal(texts, want) {
		t.Fatalf("changed questions = %q, want %q (each once, in input order)", texts, want)
	}
	fixed, broken := changes[0], changes[1]
	if fixed.After.Kind != KindAnswer || fixed.After.FAQ != diffEditFAQ {
		t.Errorf("after the edit %q is %s %d, want answer %d", diffFixedQ, fixed.After.Kind, fixed.After.FAQ, diffEditFAQ)
	}
	if broken.After.Kind != KindAnswer || broken.After.FAQ != diffEditFAQ {
		t.Errorf("after the edit %q is %s %d, want the wrong answer %d", diffBrokenQ, broken.After.Kind, broken.After.FAQ, diffEditFAQ)
	}
	for _, c := range changes {
		if c.Before.Score <= 0 || c.After.Score <= 0 {
			t.Errorf("%q: scores %.3f -> %.3f, want both recorded", c.Text, c.Before.Score, c.After.Score)
		}
		if c.Before.Explanation != nil || c.After.Explanation != nil {
			t.Errorf("%q: a diff carries explanations; it should not", c.Text)
		}
	}
}

func TestDiffOfOneConfigurationWithItselfIsEmpty(t *testing.T) {
	f := diffMatchers(t)
	texts := make([]string, len(f.dev))
	for i, ex := range f.dev {
		texts[i] = ex.Text
	}
	if changes := Diff(f.before, f.before, texts); len(changes) != 0 {
		t.Fatalf("Diff(m, m) = %d changes, want none; first: %+v", len(changes), changes[0])
	}
}

func TestCompareReportsTheFixAndTheBreakOnTheDevSet(t *testing.T) {
	f := diffMatchers(t)
	dev := append(slices.Clone(f.dev),
		Example{Text: diffFixedQ, Want: []string{strconv.Itoa(diffEditFAQ)}, Line: -1},
		Example{Text: diffBrokenQ, Want: []string{"fallback"}, Line: -2})
	c := Compare(f.before, f.after, dev)

	has := func(cs []Change, text string) bool {
		return slices.ContainsFunc(cs, func(c Change) bool { return c.Text == text })
	}
	if !has(c.Fixed, diffFixedQ) {
		t.Errorf("Fixed does not list %q", diffFixedQ)
	}
	if !has(c.Broken, diffBrokenQ) {
		t.Errorf("Broken does not list %q", diffBrokenQ)
	}
	if got, want := c.After.Correct-c.Before.Correct, len(c.Fixed)-len(c.Broken); got != want {
		t.Errorf("correct answers moved by %d, but Fixed-Broken = %d", got, want)
	}
	if c.Before.Total != len(dev) || c.After.Total != len(dev) {
		t.Errorf("totals %d and %d, want %d", c.Before.Total, c.After.Total, len(dev))
	}
	for _, ch := range slices.Concat(c.Fixed, c.Broken) {
		if ch.Before.Explanation != nil || ch.After.Explanation != nil {
			t.Errorf("%q: a comparison keeps explanations; it should not", ch.Text)
		}
	}
}

func TestSameOutcomeIgnoresScoresOnly(t *testing.T) {
	answer := Decision{Kind: KindAnswer, FAQ: 3, Intent: "system-changes", Score: 0.6}
	clarify := Decision{Kind: KindClarify, Intent: "clarify", Score: 0.4, Suggestions: []int{3, 4}}
	tests := []struct {
		name string
		a, b Decision
		same bool
	}{
		{"another score", answer, Decision{Kind: KindAnswer, FAQ: 3, Intent: "system-changes", Score: 0.9}, true},
		{"another FAQ", answer, Decision{Kind: KindAnswer, FAQ: 4, Intent: "process-changes", Score: 0.6}, false},
		{"another kind", answer, clarify, false},
		{"suggestions reordered", clarify, Decision{Kind: KindClarify, Intent: "clarify", Score: 0.4, Suggestions: []int{4, 3}}, false},
		{"one suggestion more", clarify, Decision{Kind: KindClarify, Intent: "clarify", Score: 0.4, Suggestions: []int{3, 4, 5}}, false},
		{"another small-talk intent", Decision{Kind: KindSmallTalk, Intent: "help"}, Decision{Kind: KindSmallTalk, Intent: "human"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameOutcome(tt.a, tt.b); got != tt.same {
				t.Errorf("SameOutcome = %v, want %v", got, tt.same)
			}
		})
	}
}
