package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/testrules"
)

// TestTryShowsAnEnglishReplyAsComposed asks the Try page in English, on
// the English fixture (testrules.LangMatcher): the page shows the English
// answer, the official Chinese under its label and the links.
func TestTryShowsAnEnglishReplyAsComposed(t *testing.T) {
	m := testrules.LangMatcher(t)
	cfg := m.Config()
	store := memstore.New(memstore.Options{})
	t.Cleanup(func() { store.Close() })
	engine := &recordingEngine{Engine: bot.New(bot.Static{M: m}, store, bot.Options{})}
	c := &testConsole{store: store, engine: engine, h: New(Deps{
		Operators: testOperators, Engine: engine, Store: store, Matchers: bot.Static{M: m},
		Status: func(context.Context) Status { return Status{Version: cfg.Version} },
	})}
	ck, csrf := c.signIn(t)
	w := c.do(post("/admin/try", url.Values{"q": {"What materials do I need to replace the electronic permit?"}, "csrf": {csrf}}, ck))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d:\n%s", w.Code, w.Body)
	}
	page := w.Body.String()
	for _, want := range []string{
		"【What materials are needed to replace the permit with the electronic one?】",
		"Official wording (Chinese)｜官方原文：\n【换发电子证照需要哪些材料？】\n申请表、原工作许可证。",
		"Websites:",
		`<a href="https://fwp.safea.gov.cn/lhgzweb/" rel="noopener noreferrer" target="_blank">Foreigners&#39; Work Management Service System (外国人来华工作管理服务系统)</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", page)
	}
}
