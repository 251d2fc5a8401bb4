package intents

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The generalisation measurements of issue 10, as an operator would
// recognise them. They are measured and logged, never floored: the
// expansion questions were written blind, and a floor would make them a
// tuning set. Run with -v to see the figures (README, BENCHMARKS.md).

// TestGeneralisationFiveAlternates builds the matcher with only the first
// five alternates of each FAQ and scores the alternates left out.
func TestGeneralisationFiveAlternates(t *testing.T) {
	cfg := shippedConfigInternal(t)
	var held []Example
	for i, fr := range cfg.Rules.FAQs {
		if len(fr.Alternates) <= MinAlternates {
			continue
		}
		for _, a := range fr.Alternates[MinAlternates:] {
			held = append(held, Example{Text: a, Want: []string{itoa(fr.No)}})
		}
		cfg.Rules.FAQs[i].Alternates = fr.Alternates[:MinAlternates]
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(m, held)
	t.Logf("five alternates per FAQ: %d of %d left-out alternates answered right (%.1f %%), %d wrong answers",
		r.InScopeCorrect, r.InScope, 100*r.InScopeAccuracy(), r.WrongAnswers)
	dev := readSet(t, "testdata/dev.jsonl")
	rd := Evaluate(m, dev)
	t.Logf("five alternates per FAQ, dev set: in scope %.1f %%, out of scope %.1f %%, wrong answers %d",
		100*rd.InScopeAccuracy(), 100*rd.FallbackAccuracy(), rd.WrongAnswers)
	if r.InScope == 0 {
		t.Fatal("no alternates left out: the shipped FAQs have five alternates or fewer")
	}
}

// TestGeneralisationNewFAQs adds an expansion fixture's twelve FAQs (a
// question, an answer and five alternates each, nothing else) to the
// shipped files and scores realistic questions about them, about the old
// FAQs and about neither. expansion_tuned's misses were read while the
// matcher was changed (a tuning fixture); expansion_heldout was written
// blind afterwards, on other subjects, and is read by its figures only;
// expansion_heldout2, blind too, on twelve more subjects (some of them
// close to the shipped FAQs, as a desk's additions often are), was written
// before the fourth session's matcher changes; expansion_heldout3, blind,
// on twelve more (four of them close to shipped FAQs), before the seventh
// session's; expansion_heldout4, blind, on twelve more (four close to
// shipped FAQs), before the eighth session's; expansion_heldout5, blind,
// on twelve more (four close to shipped FAQs), before the ninth session's;
// expansion_tuned4, written blind as expansion_heldout6 before the tenth
// session's changes (four close to shipped FAQs, eight on subjects the
// shipped out_of_scope examples name), whose misses the eleventh session
// read; expansion_heldout7, blind, on twelve more (four close to shipped
// FAQs), before the eleventh session's; expansion_heldout8, blind, on
// twelve more (four close to shipped FAQs), before the twelfth session's;
// expansion_heldout9, blind, on twelve more (four close to shipped FAQs),
// before the thirteenth session's; expansion_heldout10, blind, on twelve
// more (four close to shipped FAQs), before the fourteenth session's.
// expansion_tuned2, a second tuning
// fixture, has twelve FAQs on subjects the shipped out_of_scope examples name
// (tax, housing fund, medical insurance, a bank account…), as a desk's
// additions often are; its misses were read in the tenth session.
// expansion_tuned3, a third tuning fixture, has twelve FAQs each close to
// a shipped one (the fee of 换发, the window's appointment for 核验),
// where the old FAQs lose most.
func TestGeneralisationNewFAQs(t *testing.T) {
	for _, set := range []struct{ dir, label string }{
		{"testdata/expansion_tuned", "tuning fixture"},
		{"testdata/expansion_tuned2", "second tuning fixture"},
		{"testdata/expansion_tuned3", "third tuning fixture"},
		{"testdata/expansion_tuned4", "fourth tuning fixture"},
		{"testdata/expansion_heldout", "held-out fixture"},
		{"testdata/expansion_heldout2", "second held-out fixture"},
		{"testdata/expansion_heldout3", "third held-out fixture"},
		{"testdata/expansion_heldout4", "fourth held-out fixture"},
		{"testdata/expansion_heldout5", "fifth held-out fixture"},
		{"testdata/expansion_heldout7", "seventh held-out fixture"},
		{"testdata/expansion_heldout8", "eighth held-out fixture"},
		{"testdata/expansion_heldout9", "ninth held-out fixture"},
		{"testdata/expansion_heldout10", "tenth held-out fixture"},
	} {
		t.Run(set.dir[len("testdata/"):], func(t *testing.T) { newFAQs(t, set.dir, set.label) })
	}
}

func newFAQs(t *testing.T, dir, label string) {
	base := shippedConfigInternal(t)
	before, err := New(base)
	if err != nil {
		t.Fatal(err)
	}
	cfg := withExpansion(t, dir)
	after, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	qs := readSet(t, dir+"/questions.jsonl")
	var newQs, oldQs, outQs []Example
	for _, ex := range qs {
		switch no := atoi(ex.Want[0]); {
		case no >= 100:
			newQs = append(newQs, ex)
		case no > 0:
			oldQs = append(oldQs, ex)
		default:
			outQs = append(outQs, ex)
		}
	}
	rn, ro, rf := Evaluate(after, newQs), Evaluate(after, oldQs), Evaluate(after, outQs)
	t.Logf("%s, new FAQs: %d of %d questions about them answered right (%.1f %%), %d wrong answers", label, rn.InScopeCorrect, rn.InScope, 100*rn.InScopeAccuracy(), rn.WrongAnswers)
	t.Logf("%s, new FAQs added: %d of %d questions about the old FAQs right (%.1f %%), %d of %d out-of-scope fall back, %d wrong answers",
		label, ro.InScopeCorrect, ro.InScope, 100*ro.InScopeAccuracy(), rf.FallbackCorrect, rf.Fallback, ro.WrongAnswers+rf.WrongAnswers)
	dev := readSet(t, "testdata/dev.jsonl")
	db, da := Evaluate(before, dev), Evaluate(after, dev)
	// The dev set's out-of-scope questions were labelled for the shipped
	// FAQs: a new FAQ on renewals rightly answers 工作许可延期怎么办理,
	// which the dev set calls out of scope. Its overall accuracy would
	// count that as a loss; what the new FAQs take is counted apart, and
	// only an old FAQ answering one it did not answer before is a loss.
	var out, toNew, toOld int
	for _, ex := range dev {
		if ex.Want[0] != "fallback" {
			continue
		}
		out++
		if d := after.Match(ex.Text); d.Kind == KindAnswer {
			if d.FAQ >= 100 {
				toNew++
			} else if before.Match(ex.Text).Kind != KindAnswer {
				toOld++
			}
		}
	}
	t.Logf("%s, dev set before and after adding them: in scope %.1f %% → %.1f %%; of its %d out-of-scope questions, %d answered by a new FAQ (some rightly), %d newly answered by an old FAQ",
		label, 100*db.InScopeAccuracy(), 100*da.InScopeAccuracy(), out, toNew, toOld)
}

// withExpansion returns the shipped configuration with an expansion
// fixture's FAQs added by the operator contract.
func withExpansion(t *testing.T, dir string) *Config {
	t.Helper()
	cfg := shippedConfigInternal(t)
	var content struct {
		FAQs []FAQ `yaml:"faqs"`
	}
	var rules struct {
		FAQs []FAQRule `yaml:"faqs"`
	}
	readYAML(t, dir+"/faq.yaml", &content)
	readYAML(t, dir+"/alternates.yaml", &rules)
	if len(content.FAQs) < 10 || len(rules.FAQs) != len(content.FAQs) {
		t.Fatalf("%s has %d FAQs and %d rules; want at least 10 of each, one rule a FAQ", dir, len(content.FAQs), len(rules.FAQs))
	}
	for _, fr := range rules.FAQs {
		if len(fr.Alternates) != MinAlternates {
			t.Fatalf("%s: FAQ %d has %d alternates, want exactly %d (the operator contract)", dir, fr.No, len(fr.Alternates), MinAlternates)
		}
	}
	cfg.Content.FAQs = append(cfg.Content.FAQs, content.FAQs...)
	cfg.Rules.FAQs = append(cfg.Rules.FAQs, rules.FAQs...)
	cfg.byNo = map[int]*FAQ{}
	for i := range cfg.Content.FAQs {
		cfg.byNo[cfg.Content.FAQs[i].No] = &cfg.Content.FAQs[i]
	}
	return cfg
}

func shippedConfigInternal(t *testing.T) *Config {
	t.Helper()
	cfg, err := LoadFiles("../faq.yaml", "intents.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func readSet(t *testing.T, path string) []Example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := ReadExamples(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
