package wxtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// Tokens the fake API hands out.
const (
	WeComToken = "wecom-access-token"
	MPToken    = "mp-access-token"
)

// Sent is one message the fake API accepted.
type Sent struct {
	API   string // "wecom" (message/send) or "mp" (message/custom/send)
	User  string
	Agent string // WeCom's agentid
	Text  string
}

// FakeAPI stands in for qyapi.weixin.qq.com and api.weixin.qq.com. While
// it runs, the library's requests go to it (util.SetURIModifier, which is
// process-wide: tests that use it must not run in parallel).
type FakeAPI struct {
	URL  string
	sent chan Sent

	mu         sync.Mutex
	tokenCalls int
	failSends  bool
}

// NewFakeAPI starts the fake and points the library at it until the test
// ends.
func NewFakeAPI(t testing.TB) *FakeAPI {
	f := &FakeAPI{sent: make(chan Sent, 100)}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = srv.URL
	util.SetURIModifier(func(uri string) string {
		for _, host := range []string{"https://qyapi.weixin.qq.com", "https://api.weixin.qq.com"} {
			if strings.HasPrefix(uri, host) {
				return srv.URL + strings.TrimPrefix(uri, host)
			}
		}
		t.Errorf("request to an unexpected host: %s", uri)
		return "http://127.0.0.1:0/"
	})
	t.Cleanup(func() {
		util.SetURIModifier(nil)
		srv.Close()
	})
	return f
}

// FailSends makes every send answer with an errcode.
func (f *FakeAPI) FailSends() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failSends = true
}

// TokenCalls is how many access tokens were fetched.
func (f *FakeAPI) TokenCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCalls
}

// Next returns the next accepted message, failing the test after timeout.
func (f *FakeAPI) Next(t testing.TB, timeout time.Duration) Sent {
	t.Helper()
	select {
	case s := <-f.sent:
		return s
	case <-time.After(timeout):
		t.Fatalf("no message sent within %v", timeout)
		return Sent{}
	}
}

// None fails the test if a message is sent within d.
func (f *FakeAPI) None(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case s := <-f.sent:
		t.Fatalf("unexpected message sent: %+v", s)
	case <-time.After(d):
	}
}

func (f *FakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	fail := f.failSends
	f.mu.Unlock()
	switch r.URL.Path {
	case "/cgi-bin/gettoken": // WeCom
		f.countToken()
		if q.Get("corpid") == "" || q.Get("corpsecret") == "" {
			writeJSON(w, map[string]any{"errcode": 40013, "errmsg": "invalid corpid"})
			return
		}
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "access_token": WeComToken, "expires_in": 7200})
	case "/cgi-bin/token": // Official Account
		f.countToken()
		if q.Get("appid") == "" || q.Get("secret") == "" {
			writeJSON(w, map[string]any{"errcode": 40013, "errmsg": "invalid appid"})
			return
		}
		writeJSON(w, map[string]any{"access_token": MPToken, "expires_in": 7200})
	case "/cgi-bin/message/send":
		f.accept(w, r, "wecom", WeComToken, fail)
	case "/cgi-bin/message/custom/send":
		f.accept(w, r, "mp", MPToken, fail)
	default:
		http.NotFound(w, r)
	}
}

func (f *FakeAPI) countToken() {
	f.mu.Lock()
	f.tokenCalls++
	f.mu.Unlock()
}

func (f *FakeAPI) accept(w http.ResponseWriter, r *http.Request, api, token string, fail bool) {
	if r.Method != http.MethodPost || r.URL.Query().Get("access_token") != token {
		writeJSON(w, map[string]any{"errcode": 40014, "errmsg": "invalid access_token"})
		return
	}
	if fail {
		writeJSON(w, map[string]any{"errcode": 45047, "errmsg": "out of response count limit"})
		return
	}
	var m struct {
		ToUser  string `json:"touser"`
		MsgType string `json:"msgtype"`
		AgentID string `json:"agentid"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.MsgType != "text" || m.ToUser == "" {
		writeJSON(w, map[string]any{"errcode": 44004, "errmsg": "bad message"})
		return
	}
	f.sent <- Sent{API: api, User: m.ToUser, Agent: m.AgentID, Text: m.Text.Content}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
