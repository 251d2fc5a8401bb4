package officialaccount

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/memstore"
)

func TestCustomerServiceSenderSendsTextAndReusesTheToken(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	s, err := NewSender(Config{AppID: "wx1", AppSecret: "app-secret", APIBase: api.URL}, memstore.NewTokenCache())
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
	s, _ := NewSender(Config{AppID: "wx1", AppSecret: "app-secret", APIBase: api.URL}, memstore.NewTokenCache())
	if err := s.SendText(context.Background(), "oUser", "x"); err == nil || !strings.Contains(err.Error(), "45047") {
		t.Errorf("SendText = %v, want the errcode", err)
	}
}

func TestCustomerServiceSenderErrorsDoNotLeakCredentials(t *testing.T) {
	// Nothing listens on port 1: the error is the client's, with the URL.
	s, _ := NewSender(Config{AppID: "wx1", AppSecret: "app-secret", APIBase: "http://127.0.0.1:1"}, memstore.NewTokenCache())
	if err := s.SendText(context.Background(), "oUser", "x"); err == nil || strings.Contains(err.Error(), "app-secret") {
		t.Errorf("SendText = %v, want an error without the secret", err)
	}
}

func TestNewSenderRefusesIncompleteConfiguration(t *testing.T) {
	if _, err := NewSender(Config{AppID: "wx1"}, memstore.NewTokenCache()); err == nil {
		t.Error("NewSender accepted a missing AppSecret")
	}
	if _, err := NewSender(Config{AppID: "wx1", AppSecret: "s"}, nil); err == nil {
		t.Error("NewSender accepted a nil cache")
	}
	if _, err := NewSender(Config{AppID: "wx1", AppSecret: "s", APIBase: "ftp://example.com"}, memstore.NewTokenCache()); err == nil {
		t.Error("NewSender accepted an API base that is not an http(s) URL")
	}
}

func TestCustomerServiceSenderUsesItsOwnHTTPClient(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	calls := 0
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		calls++
		return http.DefaultTransport.RoundTrip(r)
	})}
	s, _ := NewSender(Config{AppID: "wx1", AppSecret: "app-secret", APIBase: api.URL, HTTPClient: client}, memstore.NewTokenCache())
	if err := s.SendText(context.Background(), "oUser", "x"); err != nil {
		t.Fatal(err)
	}
	api.Next(t, time.Second)
	if calls != 2 {
		t.Errorf("the given client made %d requests, want 2 (token, send)", calls)
	}
}

func TestCustomerServiceSenderRetriesOnceWithAFreshToken(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	tokens := memstore.NewTokenCache()
	// A token WeChat no longer accepts, left by an earlier fetch.
	tokens.Set("gowechat_officialaccount__access_token_wx1", "expired-token", time.Hour)
	s, _ := NewSender(Config{AppID: "wx1", AppSecret: "app-secret", APIBase: api.URL}, tokens)
	if err := s.SendText(context.Background(), "oUser", "x"); err != nil {
		t.Fatalf("SendText with an expired cached token = %v, want a retry with a fresh one", err)
	}
	if got := api.Next(t, time.Second); got.Text != "x" || api.TokenCalls() != 1 {
		t.Errorf("sent %+v after %d token fetches, want x after 1", got, api.TokenCalls())
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
