package wecom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

// wecomServer is a WeCom callback served on loopback, with a fake engine
// and a fake message API; the test acts as WeCom.
type wecomServer struct {
	url     string
	keys    wxtest.Keys
	engine  *wxtest.Engine
	api     *wxtest.FakeAPI
	logs    *wxtest.Logs
	mu      sync.Mutex
	rejects []string
}

func startWeCom(t *testing.T, configure func(*Config)) *wecomServer {
	t.Helper()
	v := wxtest.LoadVectors(t).WeCom
	s := &wecomServer{
		keys:   wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.CorpID},
		engine: &wxtest.Engine{},
		api:    wxtest.NewFakeAPI(t),
		logs:   &wxtest.Logs{},
	}
	cfg := Config{
		CorpID: v.CorpID, Token: v.Token, EncodingAESKey: v.EncodingAESKey, AgentID: "1000002", Secret: "app-wxtest.Secret",
		ReplyTimeout: time.Second,
		Logger:       slog.New(slog.NewTextHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OnReject: func(reason string) {
			s.mu.Lock()
			s.rejects = append(s.rejects, reason)
			s.mu.Unlock()
		},
	}
	if configure != nil {
		configure(&cfg)
	}
	sender, err := NewSender(cfg, memstore.NewTokenCache())
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(cfg, s.engine, sender)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	s.url = srv.URL
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.Wait(ctx); err != nil {
			t.Errorf("deliveries still in flight: %v", err)
		}
		if strings.Contains(s.logs.String(), wxtest.Secret) {
			t.Errorf("message text in the logs:\n%s", s.logs)
		}
	})
	return s
}

func (s *wecomServer) rejected() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rejects...)
}

// do sends a request and returns the status and body.
func (s *wecomServer) do(t *testing.T, method, query, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+"/wecom?"+query, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// send seals a callback message as WeCom does and posts it.
func (s *wecomServer) send(t *testing.T, inner string) (int, string) {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	nonce := "1372623149"
	encrypt, sig := s.keys.Seal(t, inner, ts, nonce)
	body := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>", s.keys.ReceiverID, encrypt)
	return s.do(t, http.MethodPost, wxtest.Query("msg_signature", sig, "timestamp", ts, "nonce", nonce), body)
}

// callback is the decrypted XML of a message from user.
func callback(user string, createTime int64, fields string) string {
	return fmt.Sprintf("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime>%s<AgentID>1000002</AgentID></xml>", user, createTime, fields)
}

func TestURLVerificationWithTencentsVector(t *testing.T) {
	u := wxtest.LoadVectors(t).WeCom.URLVerification
	ts, _ := strconv.ParseInt(u.Timestamp, 10, 64)
	s := startWeCom(t, func(c *Config) { c.Now = func() time.Time { return time.Unix(ts+30, 0) } })
	status, body := s.do(t, http.MethodGet, wxtest.Query("msg_signature", u.MsgSignature, "timestamp", u.Timestamp, "nonce", u.Nonce, "echostr", u.EchoStr), "")
	if status != http.StatusOK || body != u.Plaintext {
		t.Errorf("GET = %d %q, want 200 %q", status, body, u.Plaintext)
	}
}

func TestTencentsMessageVectorIsAnsweredWithAnEncryptedReply(t *testing.T) {
	m := wxtest.LoadVectors(t).WeCom.Message
	ts, _ := strconv.ParseInt(m.Timestamp, 10, 64)
	s := startWeCom(t, func(c *Config) { c.Now = func() time.Time { return time.Unix(ts, 0) } })
	body := "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + m.Encrypt + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
	status, out := s.do(t, http.MethodPost, wxtest.Query("msg_signature", m.MsgSignature, "timestamp", m.Timestamp, "nonce", m.Nonce), body)
	if status != http.StatusOK {
		t.Fatalf("POST = %d %q", status, out)
	}
	reply := s.keys.Open(t, []byte(out))
	want := wxtest.ReplyText{ToUserName: "mycreate", FromUserName: "wx5823bf96d3bd56c7", CreateTime: ts, MsgType: "text", Content: "答：hello"}
	if reply != want {
		t.Errorf("reply = %+v, want %+v", reply, want)
	}
	got := s.engine.Messages()
	wantMsg := bot.Message{Channel: "wecom", User: "mycreate", ID: "4561255354251345929", Text: "hello", Time: time.Unix(1409659813, 0)}
	if len(got) != 1 || got[0] != wantMsg {
		t.Errorf("engine got %+v, want %+v", got, wantMsg)
	}
}

func TestMessagesAreMappedAndAnswered(t *testing.T) {
	// A few seconds ago, as WeCom stamps a message it forwards at once
	// (platform.MessageTime dates absurd ones now).
	created := time.Now().Unix() - 3
	eventID := "lisi-" + strconv.FormatInt(created, 10)
	tests := []struct {
		name   string
		fields string
		want   bot.Message // Channel, User and Time are filled in
		reply  string
	}{
		{"text", "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + wxtest.Secret + "]]></Content><MsgId>101</MsgId>",
			bot.Message{ID: "101", Text: wxtest.Secret}, "答：" + wxtest.Secret},
		{"voice with recognition", "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[社保卡怎么办]]></Recognition><MsgId>102</MsgId>",
			bot.Message{ID: "102", Text: "社保卡怎么办"}, "答：社保卡怎么办"},
		{"voice without recognition", "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><MsgId>103</MsgId>",
			bot.Message{ID: "103", Event: bot.EventUnsupported}, "请输入文字"},
		{"subscribe event", "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>",
			bot.Message{ID: eventID, Event: bot.EventWelcome}, "欢迎"},
		{"enter_agent event", "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey>",
			bot.Message{ID: eventID, Event: bot.EventWelcome}, "欢迎"},
		{"image", "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/y.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId><MsgId>104</MsgId>",
			bot.Message{ID: "104", Event: bot.EventUnsupported}, "请输入文字"},
		{"file", "<MsgType><![CDATA[file]]></MsgType><MsgId>105</MsgId>",
			bot.Message{ID: "105", Event: bot.EventUnsupported}, "请输入文字"},
		{"unknown type", "<MsgType><![CDATA[hologram]]></MsgType><MsgId>106</MsgId>",
			bot.Message{ID: "106", Event: bot.EventUnsupported}, "请输入文字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startWeCom(t, nil)
			status, out := s.send(t, callback("lisi", created, tt.fields))
			if status != http.StatusOK {
				t.Fatalf("POST = %d %q", status, out)
			}
			if got := s.keys.Open(t, []byte(out)); got.Content != tt.reply || got.ToUserName != "lisi" || got.MsgType != "text" {
				t.Errorf("reply = %+v, want %q to lisi", got, tt.reply)
			}
			want := tt.want
			want.Channel, want.User, want.Time = "wecom", "lisi", time.Unix(created, 0)
			if got := s.engine.Messages(); len(got) != 1 || got[0] != want {
				t.Errorf("engine got %+v, want %+v", got, want)
			}
		})
	}
}

func TestEventsWithoutAnAnswerAreAcknowledged(t *testing.T) {
	for _, event := range []string{"unsubscribe", "LOCATION", "click", "change_contact"} {
		s := startWeCom(t, nil)
		status, out := s.send(t, callback("lisi", 1700000000, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA["+event+"]]></Event>"))
		if status != http.StatusOK || out != "success" {
			t.Errorf("%s: POST = %d %q, want 200 success", event, status, out)
		}
		if got := s.engine.Messages(); len(got) != 0 {
			t.Errorf("%s reached the engine: %+v", event, got)
		}
	}
}

func TestEmptyOrFailedAnswerIsSuccessNotAnEncryptedEmptyReply(t *testing.T) {
	answers := map[string]func(bot.Message) (bot.Reply, error){
		"empty":       func(bot.Message) (bot.Reply, error) { return bot.Reply{}, nil },
		"white space": func(bot.Message) (bot.Reply, error) { return bot.Reply{Text: " \n "}, nil },
		"error":       func(bot.Message) (bot.Reply, error) { return bot.Reply{}, errors.New("store down") },
		"in progress": func(bot.Message) (bot.Reply, error) { return bot.Reply{}, bot.ErrInProgress },
	}
	for name, answer := range answers {
		s := startWeCom(t, nil)
		s.engine.Answer = answer
		status, out := s.send(t, callback("lisi", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId>"))
		if status != http.StatusOK || out != "success" {
			t.Errorf("%s: POST = %d %q, want 200 success", name, status, out)
		}
		s.api.None(t, 50*time.Millisecond)
	}
}

func TestLateAnswerIsAcknowledgedThenSentActively(t *testing.T) {
	s := startWeCom(t, func(c *Config) { c.ReplyTimeout = 50 * time.Millisecond })
	release := make(chan struct{})
	s.engine.Answer = func(bot.Message) (bot.Reply, error) {
		select { // the answer comes only after the acknowledgement
		case <-release:
		case <-time.After(5 * time.Second):
		}
		return bot.Reply{Text: "迟到的答案"}, nil
	}
	status, out := s.send(t, callback("wangwu", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["+wxtest.Secret+"]]></Content><MsgId>7</MsgId>"))
	if status != http.StatusOK || out != "success" {
		t.Fatalf("POST = %d %q, want 200 success", status, out)
	}
	close(release)
	sent := s.api.Next(t, 3*time.Second)
	if want := (wxtest.Sent{API: "wecom", User: "wangwu", Agent: "1000002", Text: "迟到的答案"}); sent != want {
		t.Errorf("sent %+v, want %+v", sent, want)
	}
}

func TestLateAnswerThatCannotBeSentIsLoggedAsAnError(t *testing.T) {
	s := startWeCom(t, func(c *Config) { c.ReplyTimeout = 20 * time.Millisecond })
	s.api.FailSends()
	release := make(chan struct{})
	s.engine.Answer = func(bot.Message) (bot.Reply, error) {
		<-release
		return bot.Reply{Text: wxtest.Secret}, nil
	}
	status, out := s.send(t, callback("wangwu", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[q]]></Content><MsgId>8</MsgId>"))
	close(release)
	if out != "success" {
		t.Fatalf("POST = %d %q, want success", status, out)
	}
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(s.logs.String(), "level=ERROR msg=\"active send failed") {
		if time.Now().After(deadline) {
			t.Fatalf("no error logged for the lost answer; logs:\n%s", s.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLongAnswerIsSplitIntoPassiveReplyAndFollowUps(t *testing.T) {
	s := startWeCom(t, nil)
	var lines []string
	for i := range 60 {
		lines = append(lines, fmt.Sprintf("%02d. 请携带身份证原件到<a href=\"https://example.com/faq/%d\">服务网点</a>办理。", i, i))
	}
	long := strings.Join(lines, "\n")
	s.engine.Answer = func(bot.Message) (bot.Reply, error) { return bot.Reply{Text: long}, nil }
	status, out := s.send(t, callback("zhaoliu", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[q]]></Content><MsgId>9</MsgId>"))
	if status != http.StatusOK {
		t.Fatalf("POST = %d %q", status, out)
	}
	parts := []string{s.keys.Open(t, []byte(out)).Content}
	for len(strings.Join(parts, "\n")) < len(long) {
		sent := s.api.Next(t, 3*time.Second)
		if sent.User != "zhaoliu" {
			t.Fatalf("follow-up to %q", sent.User)
		}
		parts = append(parts, sent.Text)
	}
	if got := strings.Join(parts, "\n"); got != long {
		t.Errorf("the parts do not add up to the answer:\n%s", got)
	}
	for i, p := range parts {
		if len(p) > 2048 {
			t.Errorf("part %d has %d bytes", i, len(p))
		}
	}
	if len(parts) < 3 {
		t.Errorf("%d parts, want at least 3 for %d bytes", len(parts), len(long))
	}
}

func TestBadRequestsAreRefusedWithoutDetail(t *testing.T) {
	v := wxtest.LoadVectors(t).WeCom
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	text := callback("lisi", now.Unix(), "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["+wxtest.Secret+"]]></Content><MsgId>1</MsgId>")
	envelope := func(encrypt string) string {
		return "<xml><ToUserName><![CDATA[" + v.CorpID + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"
	}
	keys := wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.CorpID}
	good, goodSig := keys.Seal(t, text, ts, "n")
	other := wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: "ww-another-corp"}
	otherEnc, otherSig := other.Seal(t, text, ts, "n")
	badXML, badXMLSig := keys.Seal(t, "<xml><FromUserName>lisi", ts, "n")
	noUser, noUserSig := keys.Seal(t, "<xml><MsgType>text</MsgType><Content>x</Content></xml>", ts, "n")
	old := strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)
	oldEnc, oldSig := keys.Seal(t, text, old, "n")
	future := strconv.FormatInt(now.Add(6*time.Minute).Unix(), 10)
	futureEnc, futureSig := keys.Seal(t, text, future, "n")
	garbage := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	garbageSig := util.Signature(v.Token, ts, "n", garbage)

	tests := []struct {
		name, method, query, body string
		status                    int
		reason                    string
	}{
		{"wrong method", http.MethodPut, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "n"), envelope(good), 405, "method not allowed"},
		{"no signature", http.MethodPost, wxtest.Query("timestamp", ts, "nonce", "n"), envelope(good), 400, "missing parameter"},
		{"no echostr", http.MethodGet, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "n"), "", 400, "missing parameter"},
		{"timestamp not a number", http.MethodPost, wxtest.Query("msg_signature", goodSig, "timestamp", "yesterday", "nonce", "n"), envelope(good), 400, "bad timestamp"},
		{"stale timestamp", http.MethodPost, wxtest.Query("msg_signature", oldSig, "timestamp", old, "nonce", "n"), envelope(oldEnc), 403, "stale timestamp"},
		{"future timestamp", http.MethodPost, wxtest.Query("msg_signature", futureSig, "timestamp", future, "nonce", "n"), envelope(futureEnc), 403, "stale timestamp"},
		{"bad signature", http.MethodPost, wxtest.Query("msg_signature", strings.Repeat("0", 40), "timestamp", ts, "nonce", "n"), envelope(good), 401, "bad signature"},
		{"signature of another nonce", http.MethodPost, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "m"), envelope(good), 401, "bad signature"},
		{"bad URL signature", http.MethodGet, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "n", "echostr", "abc"), "", 401, "bad signature"},
		{"malformed envelope", http.MethodPost, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "n"), "<xml><Encrypt>", 400, "malformed envelope"},
		{"envelope without Encrypt", http.MethodPost, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "n"), "<xml></xml>", 400, "malformed envelope"},
		{"undecryptable", http.MethodPost, wxtest.Query("msg_signature", garbageSig, "timestamp", ts, "nonce", "n"), envelope(garbage), 400, "undecryptable"},
		{"wrong receiver id", http.MethodPost, wxtest.Query("msg_signature", otherSig, "timestamp", ts, "nonce", "n"), envelope(otherEnc), 403, "wrong receiver id"},
		{"malformed message", http.MethodPost, wxtest.Query("msg_signature", badXMLSig, "timestamp", ts, "nonce", "n"), envelope(badXML), 400, "malformed message"},
		{"message without sender", http.MethodPost, wxtest.Query("msg_signature", noUserSig, "timestamp", ts, "nonce", "n"), envelope(noUser), 400, "no sender"},
		{"oversized body", http.MethodPost, wxtest.Query("msg_signature", goodSig, "timestamp", ts, "nonce", "n"), envelope(good) + strings.Repeat(" ", 64<<10), 413, "body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startWeCom(t, nil)
			status, body := s.do(t, tt.method, tt.query, tt.body)
			if status != tt.status || body != http.StatusText(tt.status)+"\n" {
				t.Errorf("%s = %d %q, want %d with a generic body", tt.method, status, body, tt.status)
			}
			if got := s.rejected(); len(got) != 1 || got[0] != tt.reason {
				t.Errorf("OnReject got %q, want %q", got, tt.reason)
			}
			if got := s.engine.Messages(); len(got) != 0 {
				t.Errorf("a refused request reached the engine: %+v", got)
			}
			if !strings.Contains(s.logs.String(), "level=WARN") {
				t.Errorf("the rejection was not logged at warn:\n%s", s.logs)
			}
		})
	}
}

func TestNewRefusesIncompleteConfiguration(t *testing.T) {
	v := wxtest.LoadVectors(t).WeCom
	good := Config{CorpID: v.CorpID, Token: v.Token, EncodingAESKey: v.EncodingAESKey}
	bad := map[string]Config{
		"no corp id": {Token: v.Token, EncodingAESKey: v.EncodingAESKey},
		"no token":   {CorpID: v.CorpID, EncodingAESKey: v.EncodingAESKey},
		"short key":  {CorpID: v.CorpID, Token: v.Token, EncodingAESKey: "abc"},
	}
	for name, cfg := range bad {
		if _, err := New(cfg, &wxtest.Engine{}, nopSender{}); err == nil {
			t.Errorf("%s: New accepted the configuration", name)
		}
	}
	if _, err := New(good, &wxtest.Engine{}, nil); err == nil {
		t.Error("New accepted a nil Sender")
	}
	if _, err := New(good, &wxtest.Engine{}, nopSender{}); err != nil {
		t.Error(err)
	}
}

type nopSender struct{}

func (nopSender) SendText(context.Context, string, string) error { return nil }
