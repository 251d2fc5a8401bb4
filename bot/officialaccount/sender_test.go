package officialaccount

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

func TestCustomerServiceSenderSendsTextAndReusesTheToken(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	s, err := NewSender(Config{AppID: "wx1", AppSecret: "app-secret"}, cache.NewMemory())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"第一条 <a href=\"https://example.com/?a=1&b=2\">链接</a>", "第二条"} {
		if err := s.SendText(context.Background(), "oUser", text); err != nil {
			t.Fatal(err)
		}
		if got, want := api.Next(t, time.Second), (wxtest.Sent{API: "mp", User: "oUser", Text: text}); got != want {
			t.Errorf("sent %+v, want %+v", got, want)
		}
	}
	if n := api.TokenCalls(); n != 1 {
		t.Errorf("%d token fetches for two sends, want 1 (cached)", n)
	}
}

func TestCustomerServiceSenderReportsAPIErrors(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	api.FailSends()
	s, _ := NewSender(Config{AppID: "wx1", AppSecret: "app-secret"}, cache.NewMemory())
	if err := s.SendText(context.Background(), "oUser", "x"); err == nil || !strings.Contains(err.Error(), "45047") {
		t.Errorf("SendText = %v, want the errcode", err)
	}
}

func TestCustomerServiceSenderErrorsDoNotLeakCredentials(t *testing.T) {
	util.SetURIModifier(func(string) string {
		return "http://127.0.0.1:1/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=app-secret"
	})
	t.Cleanup(func() { util.SetURIModifier(nil) })
	s, _ := NewSender(Config{AppID: "wx1", AppSecret: "app-secret"}, cache.NewMemory())
	if err := s.SendText(context.Background(), "oUser", "x"); err == nil || strings.Contains(err.Error(), "app-secret") {
		t.Errorf("SendText = %v, want an error without the secret", err)
	}
}

func TestNewSenderRefusesIncompleteConfiguration(t *testing.T) {
	if _, err := NewSender(Config{AppID: "wx1"}, cache.NewMemory()); err == nil {
		t.Error("NewSender accepted a missing AppSecret")
	}
	if _, err := NewSender(Config{AppID: "wx1", AppSecret: "s"}, nil); err == nil {
		t.Error("NewSender accepted a nil cache (the library would panic)")
	}
}
