package storetest

import (
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// testLanguageIsKept: a conversation's language survives the session
// store, and the question log says which language each question came in,
// the latest one when the same text came in both.
func testLanguageIsKept(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now()
	sess := bot.Session{Topic: "photo", Lang: "en", Updated: now}
	commit(t, s, alice, "", sess, bot.Reply{Text: "Yes.", Lang: "en"}, nil)
	if c := begin(t, s, alice, ""); c.Session.Lang != "en" {
		t.Errorf("session language %q after a round trip, want en", c.Session.Lang)
	}

	log := func(text, lang string, at time.Time) {
		q := &bot.Question{Text: text, Kind: "fallback", Time: at, Lang: lang}
		commit(t, s, alice, "", bot.Session{}, bot.Reply{Kind: "fallback", Lang: lang}, q)
	}
	log("how much is the fee", "en", now.Add(-time.Hour))
	log("收费吗", "zh", now.Add(-50*time.Minute))
	log("jpg", "zh", now.Add(-40*time.Minute))
	log("jpg", "en", now.Add(-30*time.Minute))
	got := map[string]string{}
	for _, q := range questions(t, s, now.Add(-2*time.Hour), 0) {
		got[q.Text] = q.Lang
	}
	want := map[string]string{"how much is the fee": "en", "收费吗": "zh", "jpg": "en"}
	for text, lang := range want {
		if got[text] != lang {
			t.Errorf("question %q logged in language %q, want %q (all: %v)", text, got[text], lang, got)
		}
	}
}
