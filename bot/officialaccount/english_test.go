package officialaccount

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/testrules"
)

// TestAnEnglishQuestionEndToEnd asks the real engine, on the English
// fixture (testrules.LangMatcher), through the Official Account callback
// in safe mode: the long answer comes as the passive reply (the English
// answer) and one customer-service message (the official Chinese and the
// links), each within 2048 bytes.
func TestAnEnglishQuestionEndToEnd(t *testing.T) {
	m := testrules.LangMatcher(t)
	cfg := m.Config()
	engine := bot.New(bot.Static{M: m}, memstore.New(memstore.Options{}), bot.Options{})
	s := startMP(t, nil)
	s.engine.Answer = func(msg bot.Message) (bot.Reply, error) { return engine.Handle(context.Background(), msg) }

	status, out := s.send(t, callback("oUser", time.Now().Unix(), "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Has the process changed?]]></Content><MsgId>201</MsgId>"))
	if status != http.StatusOK {
		t.Fatalf("POST = %d %q", status, out)
	}
	passive := s.keys.Open(t, []byte(out)).Content
	follow := s.api.Next(t, 3*time.Second)

	f := cfg.FAQ(4)
	if want := "【" + f.QuestionEn + "】\n" + f.AnswerEn; passive != want {
		t.Errorf("passive reply:\n%s\nwant the English answer alone:\n%s", passive, want)
	}
	if follow.API != "mp" || follow.User != "oUser" || !strings.HasPrefix(follow.Text, cfg.Rules.English.Official+"\n【"+f.Question+"】\n"+f.Answer+"\n\nWebsites:\n<a href=") {
		t.Errorf("customer-service message %+v:\nwant the official Chinese and the links", follow)
	}
	for i, p := range []string{passive, follow.Text} {
		if len(p) > 2048 {
			t.Errorf("message %d has %d bytes", i+1, len(p))
		}
	}
}
