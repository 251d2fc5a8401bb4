package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

var alice = bot.SessionKey{Channel: "wecom", User: "alice"}

func sampleSession(updated time.Time) bot.Session {
	return bot.Session{Topic: "photo", LastFAQ: 7, Offered: []int{3, 7, 12}, Menu: true, Updated: updated}
}

// sameSession compares what survives a JSON round trip: the instant, not
// the time's location or monotonic reading; an empty list, not nil.
func sameSession(a, b bot.Session) bool {
	return a.Topic == b.Topic && a.LastFAQ == b.LastFAQ && a.Menu == b.Menu &&
		slices.Equal(a.Offered, b.Offered) && a.Updated.Equal(b.Updated)
}

func testSessionRoundTrip(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	if c := begin(t, s, alice, "m1"); !sameSession(c.Session, bot.Session{}) {
		t.Fatalf("first Begin has session %+v, want the zero Session", c.Session)
	}
	want := sampleSession(f.clock.Now())
	commit(t, s, alice, "m1", want, bot.Reply{Text: "hi"}, nil)
	if c := begin(t, s, alice, "m2"); !sameSession(c.Session, want) {
		t.Errorf("Begin after Commit has session %+v, want %+v", c.Session, want)
	}
}

func testSessionScope(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	commit(t, s, alice, "", sampleSession(f.clock.Now()), bot.Reply{}, nil)
	others := []bot.SessionKey{
		{Channel: "wecom", User: "bob"},
		{Channel: "mp", User: "alice"},
		// Keys must not be ambiguous when ids contain the separator.
		{Channel: "wecom:alice", User: ""},
		{Channel: "wecom", User: "alice:x"},
	}
	for _, k := range others {
		if c := begin(t, s, k, ""); !sameSession(c.Session, bot.Session{}) {
			t.Errorf("Begin(%+v) sees %+v, alice's session", k, c.Session)
		}
	}
}

func testSessionExpires(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	commit(t, s, alice, "", sampleSession(f.clock.Now()), bot.Reply{}, nil)
	f.wait(cfg.SessionTTL + 300*time.Millisecond)
	if c := begin(t, s, alice, ""); !sameSession(c.Session, bot.Session{}) {
		t.Errorf("session %+v outlived its TTL %v", c.Session, cfg.SessionTTL)
	}
}

func testCommitRenewsSession(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	commit(t, s, alice, "", sampleSession(f.clock.Now()), bot.Reply{}, nil)
	f.wait(cfg.SessionTTL * 6 / 10)
	want := sampleSession(f.clock.Now())
	want.LastFAQ = 8
	commit(t, s, alice, "", want, bot.Reply{}, nil)
	f.wait(cfg.SessionTTL * 6 / 10)
	if c := begin(t, s, alice, ""); !sameSession(c.Session, want) {
		t.Errorf("session %+v, want %+v: the second Commit should restart its TTL", c.Session, want)
	}
}
