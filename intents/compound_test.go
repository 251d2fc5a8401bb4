package intents

import (
	"slices"
	"strings"
	"testing"
)

// TestWordParts: a word the examples do not know is read as the known
// words it is made of, as a known word with one character glued on by
// gse's HMM, or, of two characters, without a glued stop word; words of
// the segmenter's dictionary are not glue, and no negation is dropped.
func TestWordParts(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	knownSet := map[string]bool{"纳税": true, "申报": true, "工伤": true, "报": true, "用人单位": true, "公司": true, "服务": true}
	known := func(w string) bool { return knownSet[w] }
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"纳税申报", []string{"纳税", "申报"}},
		{"公司纳税工伤", []string{"公司", "纳税", "工伤"}}, // fewest parts
		{"报工伤", []string{"报", "工伤"}},           // the glued character is a known word: kept
		{"算工伤", []string{"工伤"}},                // not known: dropped
		{"原用人单位", []string{"用人单位"}},            // at the beginning
		{"纳税申", []string{"纳税"}},                // at the end
		{"不工伤", nil},                           // a negation is never glue
		{"服务员", nil},                           // a word of the dictionary, not glue
		{"总公司分公司", nil},                        // two characters more
		{"纳申", nil},                            // characters alone are not words
		{"能休", []string{"休"}},                  // a stop word glued on
		{"老板", nil},                            // a word of the dictionary whose 老 is a stop word elsewhere
		{"要领", nil},                            // likewise, though glued in 要领电子社保卡吗
		{"能要", nil},                            // both stop words: nothing is left to read
		{"读者", nil},                            // no stop word in it
		{"wp卡", nil},                           // not all Chinese
	} {
		if got := m.wordParts(tc.word, known); !slices.Equal(got, tc.want) {
			t.Errorf("wordParts(%s) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// TestKnownWord: the model's feature names hold characters (字a, 字ab)
// and pairs (a+b) besides words; only words are parts a word is read as
// (签字盖章 is not 签 and the character bigram 字盖 with 章).
func TestKnownWord(t *testing.T) {
	md := &model{ids: map[string]int32{"签字": 0, charPrefix + "盖": 1, charPrefix + "盖章": 2, "签字" + pairSep + "盖章": 3}}
	for w, want := range map[string]bool{"签字": true, charPrefix + "盖": false, charPrefix + "盖章": false, "签字" + pairSep + "盖章": false, "盖章": false} {
		if got := md.knownWord(w); got != want {
			t.Errorf("knownWord(%s) = %v, want %v", w, got, want)
		}
	}
}

// TestUnknownCompoundReadAsItsParts: a synonym's canonical word that no
// example uses whole (挂失补办), while the FAQ's texts write its parts
// apart (挂失 in the answer, 补办 in the examples), is the evidence of its
// parts, not an unknown word that counts for "none of these"; the
// sequence the word pairs come from holds no word twice in a row, and a
// follow-up is read so too.
func TestUnknownCompoundReadAsItsParts(t *testing.T) {
	m := fixtureWithSynonyms(t, SynonymGroup{Canonical: "挂失补办", Variants: []string{"挂失补证"}})
	e := m.Explain("挂失补证").Explanation
	if !slices.Contains(e.Tokens, "挂失") || !slices.Contains(e.Tokens, "补办") || slices.Contains(e.Tokens, "挂失补办") {
		t.Errorf("挂失补证 reads as %q, want 挂失 and 补办", e.Tokens)
	}
	if len(e.Unknown) != 0 {
		t.Errorf("挂失补证 has unknown words %q, want none", e.Unknown)
	}
	if d := m.Match("挂失补证"); d.Kind != KindAnswer || d.FAQ != 2 {
		t.Errorf("挂失补证: got %s %d %v, want FAQ 2 (lost card)", d.Kind, d.FAQ, d.Suggestions)
	}
	a := m.splitCompounds(analysis{words: []string{"挂失", "挂失补办"}, seq: []string{"挂失", "挂失补办", "挂失"}})
	if !slices.Equal(a.words, []string{"挂失", "补办"}) || !slices.Equal(a.seq, []string{"挂失", "补办", "挂失"}) {
		t.Errorf("挂失 挂失补办 挂失 reads as words %q, sequence %q; want 挂失 补办, 挂失 补办 挂失", a.words, a.seq)
	}
	// The context a follow-up is read with is read the same way: its
	// features hold the parts.
	j := m.judge("要带什么", false, "挂失补证")
	for _, w := range []string{"挂失", "补办"} {
		id, ok := m.model.ids[w]
		if !ok || !slices.ContainsFunc(j.x, func(f feature) bool { return f.id == id }) {
			t.Errorf("要带什么 read with the context 挂失补证 lacks the word %s", w)
		}
	}
}

// TestExampleWordsAreMatchedWhole: a message is answered as an example
// question only when its words, read whole, are the example's: 报工伤,
// split into 工伤 for the model, is not the example 工伤.
func TestExampleWordsAreMatchedWhole(t *testing.T) {
	m := fixtureMatcherWith(t, func(cfg *Config) {
		cfg.Rules.OutOfScope = append(cfg.Rules.OutOfScope, "工伤")
	})
	if w := m.Words("报工伤"); !slices.Equal(w, []string{"报工伤"}) {
		t.Skipf("the segmenter reads 报工伤 as %q: this test needs it whole", w)
	}
	d := m.Explain("报工伤")
	if strings.Contains(d.Explanation.Rule, "words of an example question") {
		t.Errorf("报工伤 taken for the example 工伤: %s", d.Explanation.Rule)
	}
	if d := m.Explain("工伤"); !strings.Contains(d.Explanation.Rule, "words of an example question of none") {
		t.Errorf("工伤, the example itself: rule %q, want the example's", d.Explanation.Rule)
	}
}
