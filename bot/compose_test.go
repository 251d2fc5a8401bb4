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

// TestEveryReplyFitsOneTextMessage: every answer, as composed with its
// question heading and portal links, and every fixed reply (fallback,
// menu, small talk, clarification of a whole menu group) fits in one
// WeCom text message, so no answer depends on active follow-ups.
func TestEveryReplyFitsOneTextMessage(t *testing.T) {
	m := loadMatcher(t)
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
