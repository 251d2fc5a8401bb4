package intents

import (
	"slices"
	"testing"
)

// TestHyphenatedPhrases: English hyphenates a phrase that qualifies a
// noun (the outside-China notice, a work-permit card); the hyphenated
// form reads as the spaced one, and a variant written with a hyphen
// (e-card) reads as written either way.
func TestHyphenatedPhrases(t *testing.T) {
	m := diffMatchers(t).before
	for _, pair := range [][2]string{
		{"the outside-China notice", "the outside China notice"},
		{"is the work-permit card still valid", "is the work permit card still valid"},
		{"a foreigner-employment certificate", "a foreigner employment certificate"},
		{"the e-card", "the e card"},
		{"a foreign-owned company", "a foreign owned company"},
	} {
		hyphen, spaced := m.Words(pair[0]), m.Words(pair[1])
		if !slices.Equal(hyphen, spaced) {
			t.Errorf("%q reads %v, %q reads %v: want the same words", pair[0], hyphen, pair[1], spaced)
		}
		if len(spaced) == 0 {
			t.Errorf("%q reads no words: the test would prove nothing", pair[1])
		}
	}
}

// TestContractionsAndFunctionWords: what's, it's and the like leave no
// s, d or ll behind, and generic function words (through, both, than)
// are not read as evidence of any subject.
func TestContractionsAndFunctionWords(t *testing.T) {
	m := diffMatchers(t).before
	for _, text := range []string{
		"what's the photo size", "it's the photo size", "we'd like the photo size",
		"we'll send the photo size", "through both photo sizes than",
	} {
		for _, w := range m.Words(text) {
			if slices.Contains([]string{"s", "d", "ll", "through", "both", "than"}, w) {
				t.Errorf("%q reads %v: %q is no word of a subject", text, m.Words(text), w)
			}
		}
	}
}
