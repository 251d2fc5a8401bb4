package intents

import (
	"slices"
	"testing"
)

func TestNumberUnit(t *testing.T) {
	for _, c := range []struct{ in, num, unit string }{
		{"800kb", "800", "kb"}, {"1.5mb", "1.5", "mb"}, {"66yo", "66", "yo"}, {"30days", "30", "days"},
		{"2nd", "", ""}, {"354x472", "", ""}, {"kb", "", ""}, {"800", "", ""}, {"1.mb", "", ""}, {"9303a1", "", ""},
	} {
		num, unit, ok := numberUnit(c.in)
		if ok != (c.num != "") || num != c.num || unit != c.unit {
			t.Errorf("numberUnit(%q) = %q, %q, %v; want %q, %q", c.in, num, unit, ok, c.num, c.unit)
		}
	}
}

// TestNumberWithUnitInEnglish: an English message's 800kb reads as 800 and
// the unit, as 照片800kb does in Chinese (gse cuts it so), rather than as
// one word no example has; a number-and-unit the rules name stays whole.
func TestNumberWithUnitInEnglish(t *testing.T) {
	m := fixtureMatcherWith(t, func(cfg *Config) {
		cfg.Rules.Synonyms = append(cfg.Rules.Synonyms, SynonymGroup{Canonical: "文件大小", Variants: []string{"kb", "1m"}})
	})
	want := m.Words("照片800kb")
	if !slices.Contains(want, "文件大小") {
		t.Fatalf("照片800kb reads %v: the unit is not read as its synonym, the test would prove nothing", want)
	}
	if got := m.Words("照片 800kb"); !slices.Equal(got, want) {
		t.Errorf("照片 800kb reads %v, want %v as 照片800kb does", got, want)
	}
	if got := m.Words("1m"); !slices.Equal(got, []string{"文件大小"}) {
		t.Errorf("1m, a variant of the rules, reads %v, want [文件大小]", got)
	}
}
