package intents

import (
	"slices"
	"testing"
)

func TestEnglishDates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"applied before dec 1 and waiting", "applied before 12月1日 and waiting"},
		{"after december 1st", "after 12月1日"},
		{"on the 1st of december", "on the 12月1日"},
		{"by 30 nov.", "by 11月30日"},
		{"sept 9th and oct. 10", "9月9日 and 10月10日"},
		{"you may 1 day march 3 people", "you may 1 day march 3 people"}, // no dates
		{"may 1st and the 3rd of march", "5月1日 and the 3月3日"},
		{"dec 1前申请的", "12月1日前申请的"},
		{"dec 32", "dec 32"},
		{"decade 1", "decade 1"},
		{"12月1日前", "12月1日前"},
	} {
		if got := englishDates(c.in, nil); got != c.want {
			t.Errorf("englishDates(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDatesInAnalysis: an English date reads as the Chinese one does
// (before, "Dec 1" read 12月 and 1 while "December 1st" read 12月1日).
func TestDatesInAnalysis(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	want := m.Words("12月1日")
	if len(want) == 0 {
		t.Fatal("12月1日 reads no words: the test would prove nothing")
	}
	for _, text := range []string{"Dec 1", "dec. 1st", "December 1st", "1st of December", "1 Dec"} {
		if got := m.Words(text); !slices.Equal(got, want) {
			t.Errorf("%q reads %v, want %v as 12月1日 does", text, got, want)
		}
	}
	// The console's Why shows the reading beside the synonyms.
	d := m.Explain("applied before Dec 1")
	if !slices.Contains(d.Explanation.Synonyms, SynonymUse{From: "dec 1", To: "12月1日"}) {
		t.Errorf("explain lists %v: want dec 1 → 12月1日 among them", d.Explanation.Synonyms)
	}
}

func TestCountsAsUnknown(t *testing.T) {
	for w, want := range map[string]bool{
		"医保": true, "reimbursement": true, "报": false, "abc": false,
		"9月": false, "12月1日": false, "2026年": false, "354x472": false,
	} {
		if got := countsAsUnknown(w); got != want {
			t.Errorf("countsAsUnknown(%q) = %v, want %v", w, got, want)
		}
	}
}
