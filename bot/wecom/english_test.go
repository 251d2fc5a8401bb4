package wecom

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
// fixture (testrules.LangMatcher), through the WeCom callback: the long
// answer comes as the passive reply (the English answer) and one active
// message (the official Chinese and the links), each within 2048 bytes;
// the numbered choice that follows stays in English.
func TestAnEnglishQuestionEndToEnd(t *testing.T) {
	m := testrules.LangMatcher(t)
	cfg := m.Config()
	engine := bot.New(bot.Static{M: m}, memstore.New(memstore.Options{}), bot.Options{})
	s := startWeCom(t, nil)
	s.engine.Answer = func(msg bot.Message) (bot.Reply, error) { return engine.Handle(context.Background(), msg) }

	ask := func(id, text string) string {
		t.Helper()
		status, out := s.send(t, callback("zhangsan", time.Now().Unix(), "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["+text+"]]></Content><MsgId>"+id+"</MsgId>"))
		if status != http.StatusOK {
			t.Fatalf("POST = %d %q", status, out)
		}
		return s.keys.Open(t, []byte(out)).Content
	}

	f := cfg.FAQ(4)
	passive := ask("101", "Has the process changed?")
	follow := s.api.Next(t, 3*time.Second)
	if want := "【" + f.QuestionEn + "】\n" + f.AnswerEn; passive != want {
		t.Errorf("passive reply:\n%s\nwant the English answer alone:\n%s", passive, want)
	}
	if follow.User != "zhangsan" || !strings.HasPrefix(follow.Text, cfg.Rules.English.Official+"\n【"+f.Question+"】\n"+f.Answer+"\n\nWebsites:\n<a href=") {
		t.Errorf("follow-up to %q:\n%s\nwant the official Chinese and the links", follow.User, follow.Text)
	}
	for i, p := range []string{passive, follow.Text} {
		if len(p) > 2048 {
			t.Errorf("message %d has %d bytes", i+1, len(p))
		}
	}

	menu := ask("102", "help")
	if !strings.Contains(menu, "3. Replacing the permit with the electronic one") {
		t.Fatalf("help in English:\n%s", menu)
	}
	clarify := ask("103", "3")
	if !strings.HasPrefix(clarify, "Which of these questions do you mean?") {
		t.Errorf("menu choice:\n%s", clarify)
	}
	if got := ask("104", "2"); !strings.HasPrefix(got, "【"+cfg.FAQ(14).QuestionEn+"】\nNo.\n\n"+cfg.Rules.English.Official) {
		t.Errorf("numbered choice:\n%s", got)
	}
}
