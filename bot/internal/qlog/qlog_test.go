package qlog

import (
	"slices"
	"testing"
	"time"
)

func TestDaysCoverEveryUTCDayFromSinceToNow(t *testing.T) {
	now := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name  string
		since time.Time
		want  []string
	}{
		{"same day", now.Add(-time.Hour), []string{"20261126"}},
		{"across midnight", now.Add(-2 * time.Hour), []string{"20261125", "20261126"}},
		{"three days", now.AddDate(0, 0, -2), []string{"20261124", "20261125", "20261126"}},
		// 08:30 in Shanghai on the 26th is still the 26th in UTC.
		{"local time zone", time.Date(2026, 11, 26, 8, 30, 0, 0, shanghai), []string{"20261126"}},
		{"since after now", now.Add(time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Days(tt.since, now); !slices.Equal(got, tt.want) {
				t.Errorf("Days(%v, %v) = %v, want %v", tt.since, now, got, tt.want)
			}
		})
	}
}

func TestSinceIsClampedToRetention(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	if got := Since(time.Time{}, now, week); !got.Equal(now.Add(-week)) {
		t.Errorf("Since(zero) = %v, want %v", got, now.Add(-week))
	}
	recent := now.Add(-time.Hour)
	if got := Since(recent, now, week); !got.Equal(recent) {
		t.Errorf("Since(recent) = %v, want it unchanged", got)
	}
}

func TestTopMergesDaysAndRanksByCountThenRecency(t *testing.T) {
	day1 := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	day2 := day1.AddDate(0, 0, 1)
	at := func(d time.Time, h int) time.Time { return d.Add(time.Duration(h) * time.Hour) }
	entries := []Entry{
		{Text: "a", Kind: "fallback", Count: 2, Last: at(day1, 20)},
		{Text: "a", Kind: "clarify", FAQ: 3, Count: 1, Last: at(day2, 2)},
		{Text: "b", Kind: "fallback", Count: 3, Last: at(day2, 1)},
		{Text: "c", Kind: "fallback", Count: 1, Last: at(day2, 3)},
		{Text: "d", Kind: "fallback", Count: 1, Last: at(day2, 4)},
		{Text: "old", Kind: "fallback", Count: 9, Last: at(day1, 1)},
	}
	since := at(day1, 12)

	got := Top(entries, since, 0, nil)
	var texts []string
	for _, q := range got {
		texts = append(texts, q.Text)
	}
	if want := []string{"a", "b", "d", "c"}; !slices.Equal(texts, want) {
		t.Fatalf("order = %v, want %v", texts, want)
	}
	a := got[0]
	if a.Count != 3 || a.Kind != "clarify" || a.FAQ != 3 || !a.LastSeen.Equal(at(day2, 2)) {
		t.Errorf("merged a = %+v, want count 3, latest kind clarify/3 at %v", a, at(day2, 2))
	}

	if got := Top(entries, since, 2, nil); len(got) != 2 {
		t.Errorf("top 2 returned %d", len(got))
	}
	for _, q := range Top(entries, since, 0, []string{"clarify"}) {
		if q.Text != "a" {
			t.Errorf("kind filter clarify returned %q", q.Text)
		}
	}
}
