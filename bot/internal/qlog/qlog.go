// Package qlog holds the rules of the question log that every bot.Store
// must share, so that `faqbot unmatched` reads the same whichever store a
// deployment uses: questions are counted in UTC day buckets, a summary
// merges the buckets it covers, and equal counts rank the most recent
// first. It does no I/O.
package qlog

import (
	"cmp"
	"slices"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// dayLayout names a bucket; it sorts as text in time order.
const dayLayout = "20060102"

// Day is the bucket t falls in. Buckets are UTC days so that replicas in
// different time zones count into the same bucket.
func Day(t time.Time) string { return t.UTC().Format(dayLayout) }

// DayStart is the first instant of a bucket named by Day.
func DayStart(day string) (time.Time, error) { return time.Parse(dayLayout, day) }

// Days lists the buckets from the one since falls in to the one now falls
// in, oldest first; none when since is after now.
func Days(since, now time.Time) []string {
	if since.After(now) {
		return nil
	}
	var days []string
	last := Day(now)
	for d := since.UTC(); ; d = d.AddDate(0, 0, 1) {
		day := Day(d)
		if day > last {
			return days
		}
		days = append(days, day)
	}
}

// Since clamps since to the retention window: a store may still hold a
// bucket older than that (Redis expires a bucket retention after its last
// write), but it must not report it.
func Since(since, now time.Time, retention time.Duration) time.Time {
	if oldest := now.Add(-retention); since.Before(oldest) {
		return oldest
	}
	return since
}

// Entry is one question's record in one day bucket.
type Entry struct {
	Text  string
	Kind  string // the outcome it got when last seen
	FAQ   int
	Lang  string
	Count int64
	Last  time.Time
}

// Top merges the entries read from the buckets Days(since, now) (a text
// asked on several days has one entry per day), keeps the questions last
// seen at or after since whose latest outcome is one of kinds (any when
// kinds is empty), and returns the top most asked; equal counts rank the
// most recently seen first. top <= 0 returns them all.
//
// Counts are per whole day: a question asked in the morning of the day
// since falls in counts even when since is noon, as long as it was also
// asked after noon.
func Top(entries []Entry, since time.Time, top int, kinds []string) []bot.QuestionCount {
	merged := make(map[string]*bot.QuestionCount, len(entries))
	for _, e := range entries {
		m, ok := merged[e.Text]
		if !ok {
			m = &bot.QuestionCount{Text: e.Text}
			merged[e.Text] = m
		}
		m.Count += e.Count
		if e.Last.After(m.LastSeen) || !ok {
			m.Kind, m.FAQ, m.Lang, m.LastSeen = e.Kind, e.FAQ, e.Lang, e.Last
		}
	}
	out := make([]bot.QuestionCount, 0, len(merged))
	for _, m := range merged {
		if m.LastSeen.Before(since) || (len(kinds) > 0 && !slices.Contains(kinds, m.Kind)) {
			continue
		}
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b bot.QuestionCount) int {
		return cmp.Or(
			cmp.Compare(b.Count, a.Count),
			b.LastSeen.Compare(a.LastSeen),
			cmp.Compare(a.Text, b.Text), // a stable order for equal times
		)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}
