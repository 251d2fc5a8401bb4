package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
)

// wecomTextLimit is the platform's limit on one text message.
const wecomTextLimit = 2048

// TestEvalEveryShippedReplyFitsOneTextMessage checks the shipped content:
// every answer, as composed with its question heading and portal links,
// and every fixed reply (fallback, menu, small talk, clarification of a
// whole menu group) fits in one WeCom text message, so no answer depends
// on active follow-ups.
func TestEvalEveryShippedReplyFitsOneTextMessage(t *testing.T) {
	m := shippedMatcher(t)
	cfg := m.Config()
	store := memstore.New(memstore.Options{})
	defer store.Close()
	e := bot.New(bot.Static{M: m}, store, bot.Options{})
	ctx := context.Background()
	check := func(what string, r bot.Reply) {
		t.Helper()
		if n := len(r.Text); n > wecomTextLimit || n == 0 {
			t.Errorf("%s: reply is %d bytes; a WeCom text message holds %d", what, n, wecomTextLimit)
		}
	}
	for i, f := range cfg.Content.FAQs {
		// Each official question answers itself (see intents' tests).
		r, err := e.Handle(ctx, bot.Message{Channel: "t", User: "faq" + strconv.Itoa(i), Text: f.Question, Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if r.FAQ != f.No {
			t.Fatalf("FAQ %d's question got %s %d", f.No, r.Kind, r.FAQ)
		}
		check("FAQ "+strconv.Itoa(f.No), r)
		if !strings.Contains(r.Text, strings.TrimSpace(strings.SplitN(f.Answer, "\n", 2)[0])) {
			t.Errorf("FAQ %d: the reply does not carry the official answer", f.No)
		}
	}
	for _, text := range []string{"明天深圳天气怎么样", "帮助", "你好", "谢谢", "转人工"} {
		r, err := e.Handle(ctx, bot.Message{Channel: "t", User: "fixed", Text: text, Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		check(text, r)
	}
	for i := range cfg.Rules.Menu {
		e.Handle(ctx, bot.Message{Channel: "t", User: "menu", Text: "帮助", Time: time.Now()})
		r, _ := e.Handle(ctx, bot.Message{Channel: "t", User: "menu", Text: strconv.Itoa(i + 1), Time: time.Now()})
		check("menu line "+strconv.Itoa(i+1), r)
	}
	r, _ := e.Handle(ctx, bot.Message{Channel: "t", User: "event", Event: bot.EventWelcome, Time: time.Now()})
	check("welcome", r)
}

// TestAnswerCarriesHeadingAnswerAndItsPortalsOnly: an answer is the
// official question as a heading, the whole official answer, and the
// portals the FAQ links, none other.
func TestAnswerCarriesHeadingAnswerAndItsPortalsOnly(t *testing.T) {
	m := loadMatcher(t)
	store := memstore.New(memstore.Options{})
	defer store.Close()
	e := bot.New(bot.Static{M: m}, store, bot.Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		say          string
		want, absent []string
	}{
		{"读者证怎么办理", []string{"【读者证怎么办理？】", "当场开通", "未满 16 周岁", "https://library.example.org/portal/"}, []string{"https://opac.example.org/"}},
		{"一次能借几本书", []string{"【一次可以借几本书，能借多久？】", "10 册", "https://opac.example.org/"}, []string{"https://library.example.org/portal/"}},
		{"图书馆几点开门", []string{"【图书馆的开放时间是什么？】", "周一闭馆"}, []string{"https://"}},
	} {
		r, err := e.Handle(ctx, bot.Message{Channel: "t", User: tc.say, Text: tc.say, Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.Text, w) {
				t.Errorf("%s: reply lacks %q:\n%s", tc.say, w, r.Text)
			}
		}
		for _, a := range tc.absent {
			if strings.Contains(r.Text, a) {
				t.Errorf("%s: reply has %q, which the FAQ does not link:\n%s", tc.say, a, r.Text)
			}
		}
	}
}
