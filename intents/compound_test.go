package intents

import (
	"slices"
	"testing"
)

// TestCompoundParts: a word the model does not know is read as the known
// words it is made of, or as a known word with one character glued on.
func TestCompoundParts(t *testing.T) {
	md := &model{ids: map[string]int32{}}
	for i, w := range []string{"纳税", "申报", "工伤", "报", "用人单位", "公司"} {
		md.ids[w] = int32(i)
	}
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"纳税申报", []string{"纳税", "申报"}},
		{"报工伤", []string{"报", "工伤"}},    // the glued character is a known word: kept
		{"算工伤", []string{"工伤"}},         // not known: dropped
		{"原用人单位", []string{"用人单位"}},     // at the beginning
		{"纳税申", []string{"纳税"}},         // at the end
		{"纳税申报表", []string{"纳税", "申报"}}, // two known words and one more character
		{"去续", nil}, // no known word of two characters
		{"纳申", nil}, // characters alone are not words
		{"公司纳税工伤", []string{"公司", "纳税", "工伤"}}, // fewest parts
		{"总公司分公司", nil},                        // two unknown characters
	} {
		if got := md.compoundParts(tc.word); !slices.Equal(got, tc.want) {
			t.Errorf("compoundParts(%s) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// TestUnknownCompoundReadAsItsParts: a synonym's canonical word that no
// example uses whole (挂失补办), while the FAQ's texts write its parts
// apart (挂失 in the answer, 补办 in the examples), is the evidence of its
// parts, not an unknown word that counts for "none of these".
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
}

// TestUnglue: a word of two characters no example knows, glued of a stop
// word and another character by gse's HMM, is that other character; it
// then no longer counts for "none of these" as an unknown word.
func TestUnglue(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"能休", []string{"休"}},
		{"要领", []string{"领"}}, // a word of gse's dictionary ("the gist"), glued here
		{"几天", nil},           // 几 begins real words (countWords)
		{"读者", nil},           // no stop word in it
		{"能要", nil},           // both are stop words: nothing is left to read
	} {
		if got := m.unglue(tc.word); !slices.Equal(got, tc.want) {
			t.Errorf("unglue(%s) = %q, want %q", tc.word, got, tc.want)
		}
	}
	a := m.splitCompounds(analysis{words: []string{"能休", "读者证"}, seq: []string{"读者证", "能休"}})
	if !slices.Equal(a.words, []string{"休", "读者证"}) || !slices.Equal(a.seq, []string{"读者证", "休"}) {
		t.Errorf("能休 读者证 reads as words %q, sequence %q; want 休 and 读者证", a.words, a.seq)
	}
	if u := m.unknownWords(a); len(u) != 0 {
		t.Errorf("unknown words %q after ungluing, want none", u)
	}
}
