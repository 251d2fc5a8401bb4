package wecom

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

func TestAppSenderSendsTextAndReusesTheToken(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	s, err := NewSender(Config{CorpID: "ww1", AgentID: "1000002", Secret: "app-secret"}, memstore.NewTokenCache())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, text := range []string{"第一条 <a href=\"https://example.com/?a=1&b=2\">链接</a>", "第二条"} {
		if err := s.SendText(ctx, "zhangsan", text); err != nil {
			t.Fatal(err)
		}
		if got, want := api.Next(t, time.Second), (wxtest.Sent{API: "wecom", User: "zhangsan", Agent: "1000002", Text: text}); got != want {
			t.Errorf("sent %+v, want %+v", got, want)
		}
	}
	if n := api.TokenCalls(); n != 1 {
		t.Errorf("%d token fetches for two sends, want 1 (cached)", n)
	}
}

func TestAppSenderReportsAPIErrors(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	api.FailSends()
	s, _ := NewSender(Config{CorpID: "ww1", AgentID: "1000002", Secret: "app-secret"}, memstore.NewTokenCache())
	err := s.SendText(context.Background(), "zhangsan", "x")
	if err == nil || !strings.Contains(err.Error(), "45047") {
		t.Errorf("SendText = %v, want the errcode", err)
	}
}

func TestAppSenderErrorsDoNotLeakCredentials(t *testing.T) {
	util.SetURIModifier(func(string) string { return "http://127.0.0.1:1/cgi-bin/gettoken?corpid=ww1&corpsecret=app-secret" })
	t.Cleanup(func() { util.SetURIModifier(nil) })
	s, _ := NewSender(Config{CorpID: "ww1", AgentID: "1000002", Secret: "app-secret"}, memstore.NewTokenCache())
	err := s.SendText(context.Background(), "zhangsan", "x")
	if err == nil || strings.Contains(err.Error(), "app-secret") {
		t.Errorf("SendText = %v, want an error without the secret", err)
	}
}

func TestAppSenderHonoursTheContext(t *testing.T) {
	wxtest.NewFakeAPI(t)
	s, _ := NewSender(Config{CorpID: "ww1", AgentID: "1000002", Secret: "app-secret"}, memstore.NewTokenCache())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.SendText(ctx, "zhangsan", "x"); err == nil {
		t.Error("SendText with a cancelled context succeeded")
	}
}

func TestNewSenderGivesTheLibraryClientTimeouts(t *testing.T) {
	if _, err := NewSender(Config{CorpID: "ww1", AgentID: "1", Secret: "s"}, memstore.NewTokenCache()); err != nil {
		t.Fatal(err)
	}
	if util.DefaultHTTPClient == http.DefaultClient || util.DefaultHTTPClient.Timeout <= 0 {
		t.Errorf("util.DefaultHTTPClient has no timeout")
	}
	for name, cfg := range map[string]Config{"no agent": {CorpID: "ww1", Secret: "s"}, "no secret": {CorpID: "ww1", AgentID: "1"}} {
		if _, err := NewSender(cfg, memstore.NewTokenCache()); err == nil {
			t.Errorf("%s: NewSender accepted it", name)
		}
	}
	if _, err := NewSender(Config{CorpID: "ww1", AgentID: "1", Secret: "s"}, nil); err == nil {
		t.Error("NewSender accepted a nil cache")
	}
}
