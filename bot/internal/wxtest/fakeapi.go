package wxtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
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
	API   string // "wecom" (message/send), "mp" (message/custom/send), "kf" (kf/send_msg) or "kf_event" (kf/send_msg_on_event)
	User  string
	Agent string // WeCom's agentid
	Text  string // a text message's content, a menu's head
	// Customer Service only.
	KF    string // open_kfid
	MsgID string
	Code  string // send_msg_on_event's code
	Menu  string // a msgmenu's click ids, comma-separated
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
	wecomToken string   // the valid WeCom access token
	expired    []string // WeCom access tokens that have expired
	kf         kfState
}

// NewFakeAPI starts the fake and points the library at it until the test
// ends.
func NewFakeAPI(t testing.TB) *FakeAPI {
	f := &FakeAPI{sent: make(chan Sent, 100), wecomToken: WeComToken}
	f.kf.init()
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = srv.URL
	util.SetURIModifier(func(uri string) string {
		if strings.HasPrefix(uri, srv.URL) {
			return uri // a client told to call the fake directly (WECOM_API_BASE)
		}
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
		f.mu.Lock()
		token := f.wecomToken
		f.mu.Unlock()
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})
	case "/cgi-bin/token": // Official Account
		f.countToken()
		if q.Get("appid") == "" || q.Get("secret") == "" {
			writeJSON(w, map[string]any{"errcode": 40013, "errmsg": "invalid appid"})
			return
		}
		writeJSON(w, map[string]any{"access_token": MPToken, "expires_in": 7200})
	case "/cgi-bin/message/send":
		if !f.wecomAuthorised(w, r) {
			return
		}
		f.accept(w, r, "wecom", f.currentWeComToken(), fail)
	case "/cgi-bin/message/custom/send":
		f.accept(w, r, "mp", MPToken, fail)
	default:
		if !strings.HasPrefix(r.URL.Path, "/cgi-bin/kf/") {
			http.NotFound(w, r)
			return
		}
		if f.wecomAuthorised(w, r) {
			f.serveKF(w, r)
		}
	}
}

func (f *FakeAPI) currentWeComToken() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.wecomToken
}

// ExpireToken makes WeCom's current access token expired: calls with it
// get 42001 until a new one is fetched.
func (f *FakeAPI) ExpireToken() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.expired = append(f.expired, f.wecomToken)
	f.wecomToken = fmt.Sprintf("%s-%d", WeComToken, len(f.expired)+1)
}

// wecomAuthorised answers 42001 for an expired token and 40014 for an
// unknown one, as WeCom does, and reports whether the call may go on.
func (f *FakeAPI) wecomAuthorised(w http.ResponseWriter, r *http.Request) bool {
	token := r.URL.Query().Get("access_token")
	f.mu.Lock()
	valid, expired := f.wecomToken, slices.Contains(f.expired, token)
	f.mu.Unlock()
	switch {
	case token == valid:
		return true
	case expired:
		writeJSON(w, map[string]any{"errcode": 42001, "errmsg": "access_token expired"})
	default:
		writeJSON(w, map[string]any{"errcode": 40014, "errmsg": "invalid access_token"})
	}
	return false
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
