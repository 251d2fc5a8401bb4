package intents

import (
	"slices"
	"testing"
)

// TestRomanisedDomainWords: a domain word written in pinyin, whole
// (binglian) or syllable by syllable (bing lian), reads as the word; an
// English word stays English, a spelling too short to tell from one is not
// read, and a capitalised run stays a name.
func TestRomanisedDomainWords(t *testing.T) {
	m := fixtureMatcherWith(t, func(cfg *Config) {
		cfg.Rules.Domain = append(cfg.Rules.Domain, "并联系统", "外专局")
	})
	for han, spellings := range map[string][]string{
		"并联系统": {"binglianxitong", "bing lian xi tong", "binglian xitong"},
		"外专局":  {"waizhuanju", "wai zhuan ju"},
	} {
		want := m.Words("照片 " + han)
		if !slices.Contains(want, m.canonical(han)) {
			t.Fatalf("照片 %s reads %v: the test would prove nothing", han, want)
		}
		for _, s := range spellings {
			if got := m.Words("照片 " + s); !slices.Equal(got, want) {
				t.Errorf("照片 %s reads %v, want %v as 照片 %s does", s, got, want, han)
			}
		}
	}
	// Capitalised, a run of pinyin is a name, even when it spells a
	// domain word: people sign with theirs (Wang Zhi, 网址's sound).
	if got, want := m.Words("照片 Wai Zhuan Ju"), m.Words("照片"); !slices.Equal(got, want) {
		t.Errorf("照片 Wai Zhuan Ju reads %v, want %v: a capitalised run is a name", got, want)
	}
	// An English word the matcher knows stays English even where it
	// spells a domain word (application as the pinyin of a word 昌额).
	text := stemText("the application") // as analyse hands it over
	m.roman.whole[stemText("application")] = "昌额"
	if got := m.readRomanised(text, nil); got != text {
		t.Errorf("the application reads %q: an English word the matcher knows is read as English", got)
	}
	for _, key := range []string{"yum", "geshi"} {
		if _, ok := m.roman.whole[key]; ok {
			t.Errorf("%q is read as a domain word: shorter than %d letters", key, minRomanised)
		}
	}
}
