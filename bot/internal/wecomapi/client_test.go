package wecomapi

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/memstore"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

func newClient(t *testing.T, api *wxtest.FakeAPI, refreshed *[]int) *Client {
	t.Helper()
	c, err := New(Config{Base: api.URL, CorpID: "ww1", AgentID: "1000002", Secret: "app-secret", Cache: memstore.NewTokenCache(),
		OnRefresh: func(code int) { *refreshed = append(*refreshed, code) }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExpiredTokenIsDroppedAndTheCallRetriedOnce(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	var refreshed []int
	c := newClient(t, api, &refreshed)
	ctx := context.Background()
	send := func() error {
		return c.Post(ctx, "message/send", map[string]any{"touser": "zs", "msgtype": "text", "agentid": "1000002", "text": map[string]string{"content": "x"}}, nil)
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	api.Next(t, time.Second)
	api.ExpireToken()
	if err := send(); err != nil {
		t.Fatalf("send after expiry: %v", err)
	}
	if len(refreshed) != 1 || refreshed[0] != 42001 || api.TokenCalls() != 2 {
		t.Fatalf("refreshed on %v with %d token fetches, want once on 42001", refreshed, api.TokenCalls())
	}
}

func TestErrcodesComeBackAsErrors(t *testing.T) {
	api := wxtest.NewFakeAPI(t)
	api.FailSends()
	var refreshed []int
	c := newClient(t, api, &refreshed)
	err := c.Post(context.Background(), "message/send", map[string]any{"touser": "zs", "msgtype": "text", "text": map[string]string{"content": "x"}}, nil)
	if Code(err) != 45047 || !strings.Contains(err.Error(), "message/send") {
		t.Fatalf("Post = %v, want errcode 45047 naming the API", err)
	}
	if strings.Contains(err.Error(), "access_token") || strings.Contains(err.Error(), "app-secret") {
		t.Fatalf("error %q carries a credential", err)
	}
}

func TestParseBase(t *testing.T) {
	for in, want := range map[string]string{"": DefaultBase, "http://127.0.0.1:9/": "http://127.0.0.1:9", "https://proxy.example.com/wecom": "https://proxy.example.com/wecom"} {
		if got, err := ParseBase(in); err != nil || got != want {
			t.Errorf("ParseBase(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"qyapi.weixin.qq.com", "ftp://x", "https://x/?a=1", "http://"} {
		if _, err := ParseBase(bad); err == nil {
			t.Errorf("ParseBase(%q) accepted it", bad)
		}
	}
}
