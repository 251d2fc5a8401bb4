package memstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T, cfg storetest.Config, now func() time.Time) bot.Store {
			s := New(Options{
				SessionTTL:   cfg.SessionTTL,
				DedupTTL:     cfg.DedupTTL,
				Lease:        cfg.Lease,
				Retention:    cfg.Retention,
				MaxQuestions: cfg.MaxQuestions,
				Now:          now,
			})
			t.Cleanup(func() { s.Close() })
			return s
		},
	})
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestSessionsAndMarksAreBoundedByCount(t *testing.T) {
	clock := &fakeClock{time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	s := New(Options{MaxSessions: 3, MaxMarks: 3, Now: clock.now})
	defer s.Close()
	ctx := context.Background()
	key := func(i int) bot.SessionKey { return bot.SessionKey{Channel: "wecom", User: fmt.Sprint(i)} }
	for i := range 10 {
		id := fmt.Sprint("m", i)
		if _, err := s.Begin(ctx, key(i), id); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx, key(i), id, bot.Session{LastFAQ: i + 1}, bot.Reply{}, nil); err != nil {
			t.Fatal(err)
		}
		clock.t = clock.t.Add(time.Second)
	}
	if n, m := s.sessions.len(), s.marks.len(); n != 3 || m != 3 {
		t.Fatalf("holding %d sessions and %d marks, want at most 3 each", n, m)
	}
	// The most recent survive; the oldest were forgotten.
	if c, _ := s.Begin(ctx, key(9), ""); c.Session.LastFAQ != 10 {
		t.Errorf("latest session lost: %+v", c.Session)
	}
	if c, _ := s.Begin(ctx, key(0), ""); c.Session.LastFAQ != 0 {
		t.Errorf("oldest session kept past the bound: %+v", c.Session)
	}
}

func TestExpiredEntriesAreDroppedOnWrite(t *testing.T) {
	clock := &fakeClock{time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	s := New(Options{SessionTTL: time.Minute, DedupTTL: time.Minute, Now: clock.now})
	defer s.Close()
	ctx := context.Background()
	for i := range 100 {
		key := bot.SessionKey{Channel: "wecom", User: fmt.Sprint(i)}
		if err := s.Commit(ctx, key, fmt.Sprint("m", i), bot.Session{}, bot.Reply{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	clock.t = clock.t.Add(2 * time.Minute)
	if err := s.Commit(ctx, bot.SessionKey{Channel: "wecom", User: "late"}, "late", bot.Session{}, bot.Reply{}, nil); err != nil {
		t.Fatal(err)
	}
	if n, m := s.sessions.len(), s.marks.len(); n != 1 || m != 1 {
		t.Errorf("holding %d sessions and %d marks after they expired, want only the new one", n, m)
	}
}

func TestQuestionLogDropsOlderDaysFirst(t *testing.T) {
	today := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	clock := &fakeClock{today.Add(time.Hour)}
	s := New(Options{MaxQuestions: 2, Now: clock.now})
	defer s.Close()
	ctx := context.Background()
	ask := func(text string, at time.Time) {
		q := &bot.Question{Text: text, Kind: "fallback", Time: at}
		if err := s.Commit(ctx, bot.SessionKey{}, "", bot.Session{}, bot.Reply{}, q); err != nil {
			t.Fatal(err)
		}
	}
	yesterday := today.AddDate(0, 0, -1)
	ask("popular yesterday", yesterday)
	ask("popular yesterday", yesterday)
	ask("today 1", today)
	ask("today 2", today.Add(time.Minute))
	qs, err := s.Questions(ctx, yesterday.Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].Text != "today 2" || qs[1].Text != "today 1" {
		t.Errorf("questions %+v, want today's two", qs)
	}
	if n := len(s.questions.records); n != 2 {
		t.Errorf("holding %d records, want 2", n)
	}
}

func TestCallersCannotEditWhatTheStoreHolds(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	ctx := context.Background()
	key := bot.SessionKey{Channel: "cli", User: "me"}
	sess := bot.Session{Offered: []int{1, 2}}
	reply := bot.Reply{Suggestions: []int{1, 2}}
	s.Begin(ctx, key, "m1")
	if err := s.Commit(ctx, key, "m1", sess, reply, nil); err != nil {
		t.Fatal(err)
	}
	sess.Offered[0], reply.Suggestions[0] = 9, 9
	c, _ := s.Begin(ctx, key, "m1")
	c.Reply.Suggestions[1] = 9
	c.Session.Offered[1] = 9
	again, _ := s.Begin(ctx, key, "m1")
	if again.Session.Offered[0] != 1 || again.Session.Offered[1] != 2 ||
		again.Reply.Suggestions[0] != 1 || again.Reply.Suggestions[1] != 2 {
		t.Errorf("stored values changed by callers: %+v, %+v", again.Session, again.Reply)
	}
}

func TestDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	if o.SessionTTL != 30*time.Minute || o.DedupTTL != 10*time.Minute || o.Retention != 7*24*time.Hour ||
		o.MaxQuestions != 5000 || o.Now == nil {
		t.Errorf("defaults = %+v", o)
	}
}
