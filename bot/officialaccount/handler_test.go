package officialaccount

import (
	"context"
	"encoding/xml"
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

	"github.com/silenceper/wechat/v2/util"
	"github.com/sirupsen/logrus"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/memstore"
)

const account = "gh_7f083739789a" // the account's original id, ToUserName of callbacks

// mpServer is an Official Account callback served on loopback, with a
// fake engine and a fake customer-service API; the test acts as WeChat.
type mpServer struct {
	url     string
	keys    wxtest.Keys
	engine  *wxtest.Engine
	api     *wxtest.FakeAPI
	logs    *wxtest.Logs
	mu      sync.Mutex
	rejects []string
}

// startMP starts a handler in safe mode with the official vectors' keys.
func startMP(t *testing.T, configure func(*Config)) *mpServer {
	t.Helper()
	v := wxtest.LoadVectors(t).OfficialAccount
	s := &mpServer{
		keys:   wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.AppID},
		engine: &wxtest.Engine{},
		api:    wxtest.NewFakeAPI(t),
		logs:   &wxtest.Logs{},
	}
	cfg := Config{
		AppID: v.AppID, AppSecret: "app-secret", Token: v.Token, EncodingAESKey: v.EncodingAESKey,
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
	cfg.APIBase = s.api.URL
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

func (s *mpServer) rejected() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rejects...)
}

func (s *mpServer) do(t *testing.T, method, query, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+"/mp?"+query, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// signedQuery is the query WeChat adds to a safe-mode callback.
func (s *mpServer) signedQuery(ts, nonce, msgSignature, user string) string {
	return wxtest.Query("signature", util.Signature(s.keys.Token, ts, nonce), "timestamp", ts, "nonce", nonce,
		"openid", user, "encrypt_type", "aes", "msg_signature", msgSignature)
}

// sendEncrypted posts an already encrypted message in safe mode.
func (s *mpServer) sendEncrypted(t *testing.T, encrypt, user string) (int, string) {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := util.Signature(s.keys.Token, ts, "1320562132", encrypt)
	body := "<xml><ToUserName><![CDATA[" + account + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"
	return s.do(t, http.MethodPost, s.signedQuery(ts, "1320562132", sig, user), body)
}

// send encrypts inner as WeChat does in safe mode and posts it.
func (s *mpServer) send(t *testing.T, inner string) (int, string) {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	encrypt, _ := s.keys.Seal(t, inner, ts, "1320562132")
	return s.sendEncrypted(t, encrypt, "oUser")
}

func callback(user string, createTime int64, fields string) string {
	return fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime>%s</xml>", account, user, createTime, fields)
}

func TestLibraryCryptoMatchesTencentsVectors(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	for i, c := range v.EncryptCases {
		enc, err := util.EncryptMsg([]byte(v.Random), []byte(c.Plaintext), v.AppID, v.EncodingAESKey)
		if err != nil || string(enc) != c.Encrypt {
			t.Errorf("case %d: EncryptMsg = %s, %v; want %s", i, enc, err, c.Encrypt)
		}
		random, plain, err := util.DecryptMsg(v.AppID, c.Encrypt, v.EncodingAESKey)
		if err != nil || string(random) != v.Random || string(plain) != c.Plaintext {
			t.Errorf("case %d: DecryptMsg = %q, %q, %v", i, random, plain, err)
		}
		if _, _, err := util.DecryptMsg("wx-another-app", c.Encrypt, v.EncodingAESKey); err == nil {
			t.Errorf("case %d: DecryptMsg accepted another AppID", i)
		}
	}
}

func TestURLVerificationEchoes(t *testing.T) {
	s := startMP(t, nil)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	status, body := s.do(t, http.MethodGet, wxtest.Query("signature", util.Signature(s.keys.Token, ts, "n"), "timestamp", ts, "nonce", "n", "echostr", "5837397520665436492"), "")
	if status != http.StatusOK || body != "5837397520665436492" {
		t.Errorf("GET = %d %q", status, body)
	}
}

func TestTencentsEncryptedVideoMessageGetsTheUnsupportedReply(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	now := time.Now()
	s := startMP(t, func(c *Config) { c.Now = func() time.Time { return now } })
	// Tencent's example is a video message from gh_7f083739789a to a user;
	// posted as a callback, its sender is the account id. Its CreateTime is
	// of 2014, years from the channel's clock: the message is dated now
	// (platform.MessageTime), as WeCom's are.
	status, out := s.sendEncrypted(t, v.EncryptCases[1].Encrypt, "gh_7f083739789a")
	if status != http.StatusOK {
		t.Fatalf("POST = %d %q", status, out)
	}
	reply := s.keys.Open(t, []byte(out))
	if reply.Content != "请输入文字" || reply.ToUserName != "gh_7f083739789a" || reply.FromUserName != "oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw" || reply.MsgType != "text" {
		t.Errorf("reply = %+v", reply)
	}
	want := bot.Message{Channel: "mp", User: "gh_7f083739789a", ID: "gh_7f083739789a-1407743423", Event: bot.EventUnsupported, Time: now}
	if got := s.engine.Messages(); len(got) != 1 || got[0] != want {
		t.Errorf("engine got %+v, want %+v", got, want)
	}
}

func TestSafeModeMessagesAreMappedAndAnswered(t *testing.T) {
	// A few seconds ago, as WeChat stamps a message it forwards at once.
	created := time.Now().Unix() - 3
	eventID := "oUser-" + strconv.FormatInt(created, 10)
	tests := []struct {
		name   string
		fields string
		want   bot.Message
		reply  string
	}{
		{"text", "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + wxtest.Secret + "]]></Content><MsgId>1234567890123456</MsgId>",
			bot.Message{ID: "1234567890123456", Text: wxtest.Secret}, "答：" + wxtest.Secret},
		{"voice with recognition", "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[社保卡怎么办]]></Recognition><MsgId>2</MsgId>",
			bot.Message{ID: "2", Text: "社保卡怎么办"}, "答：社保卡怎么办"},
		{"subscribe event", "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey>",
			bot.Message{ID: eventID, Event: bot.EventWelcome}, "欢迎"},
		{"image", "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/y.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId><MsgId>3</MsgId>",
			bot.Message{ID: "3", Event: bot.EventUnsupported}, "请输入文字"},
		{"link", "<MsgType><![CDATA[link]]></MsgType><Title><![CDATA[t]]></Title><Url><![CDATA[http://x]]></Url><MsgId>4</MsgId>",
			bot.Message{ID: "4", Event: bot.EventUnsupported}, "请输入文字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startMP(t, nil)
			status, out := s.send(t, callback("oUser", created, tt.fields))
			if status != http.StatusOK {
				t.Fatalf("POST = %d %q", status, out)
			}
			if got := s.keys.Open(t, []byte(out)); got.Content != tt.reply || got.ToUserName != "oUser" || got.FromUserName != account || got.MsgType != "text" {
				t.Errorf("reply = %+v, want %q to oUser", got, tt.reply)
			}
			want := tt.want
			want.Channel, want.User, want.Time = "mp", "oUser", time.Unix(created, 0)
			if got := s.engine.Messages(); len(got) != 1 || got[0] != want {
				t.Errorf("engine got %+v, want %+v", got, want)
			}
		})
	}
}

func TestUnsubscribeIsAcknowledgedWithoutTheEngine(t *testing.T) {
	s := startMP(t, nil)
	status, out := s.send(t, callback("oUser", 1700000000, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>"))
	if status != http.StatusOK || out != "success" {
		t.Errorf("POST = %d %q, want 200 success", status, out)
	}
	if got := s.engine.Messages(); len(got) != 0 {
		t.Errorf("engine got %+v", got)
	}
}

func TestEmptyAnswerInSafeModeIsSuccessNotAnEncryptedEmptyReply(t *testing.T) {
	s := startMP(t, nil)
	s.engine.Answer = func(bot.Message) (bot.Reply, error) { return bot.Reply{}, nil }
	status, out := s.send(t, callback("oUser", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>5</MsgId>"))
	if status != http.StatusOK || out != "success" {
		t.Errorf("POST = %d %q, want 200 success", status, out)
	}
	s.api.None(t, 50*time.Millisecond)
}

func TestLateAnswerIsAcknowledgedThenSentAsCustomerServiceMessage(t *testing.T) {
	s := startMP(t, func(c *Config) { c.ReplyTimeout = 50 * time.Millisecond })
	release := make(chan struct{})
	s.engine.Answer = func(bot.Message) (bot.Reply, error) {
		select { // the answer comes only after the acknowledgement
		case <-release:
		case <-time.After(5 * time.Second):
		}
		return bot.Reply{Text: "迟到的答案 <a href=\"https://example.com/?a=1&b=2\">链接</a>"}, nil
	}
	status, out := s.send(t, callback("oUser", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["+wxtest.Secret+"]]></Content><MsgId>6</MsgId>"))
	if status != http.StatusOK || out != "success" {
		t.Fatalf("POST = %d %q, want 200 success", status, out)
	}
	close(release)
	want := wxtest.Sent{API: "mp", User: "oUser", Text: "迟到的答案 <a href=\"https://example.com/?a=1&b=2\">链接</a>"}
	if got := s.api.Next(t, 3*time.Second); got != want {
		t.Errorf("sent %+v, want %+v", got, want)
	}
}

func TestLongAnswerIsSplitIntoPassiveReplyAndCustomerServiceMessages(t *testing.T) {
	s := startMP(t, nil)
	long := strings.Repeat("请携带身份证原件办理。\n", 200)
	long = strings.TrimSuffix(long, "\n")
	s.engine.Answer = func(bot.Message) (bot.Reply, error) { return bot.Reply{Text: long}, nil }
	status, out := s.send(t, callback("oUser", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[q]]></Content><MsgId>7</MsgId>"))
	if status != http.StatusOK {
		t.Fatalf("POST = %d %q", status, out)
	}
	parts := []string{s.keys.Open(t, []byte(out)).Content}
	for len(strings.Join(parts, "\n")) < len(long) {
		parts = append(parts, s.api.Next(t, 3*time.Second).Text)
	}
	if strings.Join(parts, "\n") != long {
		t.Error("the parts do not add up to the answer")
	}
	for i, p := range parts {
		if len(p) > 2048 {
			t.Errorf("part %d has %d bytes", i, len(p))
		}
	}
}

func TestPlainModeRepliesInPlainXML(t *testing.T) {
	s := startMP(t, func(c *Config) { c.EncodingAESKey = "" })
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	query := wxtest.Query("signature", util.Signature(s.keys.Token, ts, "n"), "timestamp", ts, "nonce", "n", "openid", "oUser")
	status, out := s.do(t, http.MethodPost, query, callback("oUser", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[社保卡]]></Content><MsgId>8</MsgId>"))
	var reply wxtest.ReplyText
	if err := xml.Unmarshal([]byte(out), &reply); status != http.StatusOK || err != nil || reply.Content != "答：社保卡" || reply.ToUserName != "oUser" {
		t.Errorf("POST = %d %q", status, out)
	}

	s.engine.Answer = func(bot.Message) (bot.Reply, error) { return bot.Reply{}, nil }
	if status, out := s.do(t, http.MethodPost, query, callback("oUser", 1700000001, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content><MsgId>9</MsgId>")); out != "success" {
		t.Errorf("empty answer: POST = %d %q, want success", status, out)
	}
}

func TestBadRequestsAreRefusedWithoutDetail(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	keys := wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.AppID}
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := util.Signature(v.Token, ts, "n")
	text := callback("oUser", now.Unix(), "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["+wxtest.Secret+"]]></Content><MsgId>1</MsgId>")
	envelope := func(encrypt string) string {
		return "<xml><ToUserName><![CDATA[" + account + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"
	}
	safe := func(signature, timestamp, msgSignature string) string {
		return wxtest.Query("signature", signature, "timestamp", timestamp, "nonce", "n", "openid", "oUser", "encrypt_type", "aes", "msg_signature", msgSignature)
	}
	good, goodSig := keys.Seal(t, text, ts, "n")
	other := wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: "wx-another-app"}
	otherEnc, otherSig := other.Seal(t, text, ts, "n")
	badXML, badXMLSig := keys.Seal(t, "<xml><FromUserName>oUser", ts, "n")
	noUser, noUserSig := keys.Seal(t, "<xml><MsgType>text</MsgType><Content>x</Content></xml>", ts, "n")
	garbage := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	garbageSig := util.Signature(v.Token, ts, "n", garbage)
	old := strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)
	oldEnc, oldMsgSig := keys.Seal(t, text, old, "n")

	tests := []struct {
		name, method, query, body string
		status                    int
		reason                    string
	}{
		{"wrong method", http.MethodDelete, safe(sig, ts, goodSig), envelope(good), 405, "method not allowed"},
		{"no signature", http.MethodPost, wxtest.Query("timestamp", ts, "nonce", "n"), envelope(good), 400, "missing parameter"},
		{"no echostr", http.MethodGet, wxtest.Query("signature", sig, "timestamp", ts, "nonce", "n"), "", 400, "missing parameter"},
		{"timestamp not a number", http.MethodPost, safe(sig, "now", goodSig), envelope(good), 400, "bad timestamp"},
		{"stale timestamp", http.MethodPost, safe(util.Signature(v.Token, old, "n"), old, oldMsgSig), envelope(oldEnc), 403, "stale timestamp"},
		{"bad signature", http.MethodPost, safe(strings.Repeat("0", 40), ts, goodSig), envelope(good), 401, "bad signature"},
		{"bad URL signature", http.MethodGet, wxtest.Query("signature", "x", "timestamp", ts, "nonce", "n", "echostr", "e"), "", 401, "bad signature"},
		{"bad msg_signature", http.MethodPost, safe(sig, ts, strings.Repeat("0", 40)), envelope(good), 401, "bad signature"},
		{"plaintext in safe mode", http.MethodPost, wxtest.Query("signature", sig, "timestamp", ts, "nonce", "n", "openid", "oUser"), text, 403, "unencrypted message"},
		{"malformed envelope", http.MethodPost, safe(sig, ts, goodSig), "<xml><Encrypt>", 400, "malformed envelope"},
		{"undecryptable", http.MethodPost, safe(sig, ts, garbageSig), envelope(garbage), 400, "undecryptable"},
		{"another AppID", http.MethodPost, safe(sig, ts, otherSig), envelope(otherEnc), 400, "wrong receiver id"},
		{"malformed message", http.MethodPost, safe(sig, ts, badXMLSig), envelope(badXML), 400, "malformed message"},
		{"message without sender", http.MethodPost, safe(sig, ts, noUserSig), envelope(noUser), 400, "no sender"},
		{"oversized body", http.MethodPost, safe(sig, ts, goodSig), envelope(good) + strings.Repeat(" ", 64<<10), 413, "body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startMP(t, nil)
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
		})
	}
}

// TestNoLibraryGlobalIsChangedAndNothingIsLoggedThroughIt: the channel
// changes none of the WeChat library's process-wide settings (logrus's
// level, util.DefaultHTTPClient) and nothing reaches logrus, even at debug
// level, as github.com/silenceper/wechat/v2's init would set it.
func TestNoLibraryGlobalIsChangedAndNothingIsLoggedThroughIt(t *testing.T) {
	level, out := logrus.GetLevel(), logrus.StandardLogger().Out
	t.Cleanup(func() {
		logrus.SetLevel(level)
		logrus.SetOutput(out)
	})
	var libraryLogs wxtest.Logs
	logrus.SetOutput(&libraryLogs)
	logrus.SetLevel(logrus.DebugLevel)
	client := util.DefaultHTTPClient

	s := startMP(t, func(c *Config) { c.ReplyTimeout = 50 * time.Millisecond })
	status, out2 := s.send(t, callback("oUser", 1700000000, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["+wxtest.Secret+"]]></Content><MsgId>10</MsgId>"))
	if status != http.StatusOK || s.keys.Open(t, []byte(out2)).Content != "答："+wxtest.Secret {
		t.Fatalf("POST = %d", status)
	}
	// A late answer goes through the customer-service API.
	release := make(chan struct{})
	s.engine.Answer = func(bot.Message) (bot.Reply, error) { <-release; return bot.Reply{Text: "late"}, nil }
	if status, out := s.send(t, callback("oUser", 1700000001, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[q]]></Content><MsgId>11</MsgId>")); out != "success" {
		t.Fatalf("late answer: POST = %d %q", status, out)
	}
	close(release)
	s.api.Next(t, 3*time.Second)

	if got := logrus.GetLevel(); got != logrus.DebugLevel {
		t.Errorf("logrus level = %v after the channel ran, want debug as the test set it", got)
	}
	if util.DefaultHTTPClient != client {
		t.Error("util.DefaultHTTPClient was replaced")
	}
	if libraryLogs.String() != "" {
		t.Errorf("something logged through logrus:\n%s", libraryLogs.String())
	}
}

func TestNewRefusesIncompleteConfiguration(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	bad := map[string]Config{
		"no app id":   {Token: v.Token},
		"no token":    {AppID: v.AppID},
		"bad AES key": {AppID: v.AppID, Token: v.Token, EncodingAESKey: "short"},
	}
	for name, cfg := range bad {
		if _, err := New(cfg, &wxtest.Engine{}, nopSender{}); err == nil {
			t.Errorf("%s: New accepted the configuration", name)
		}
	}
	if _, err := New(Config{AppID: v.AppID, Token: v.Token}, &wxtest.Engine{}, nil); err == nil {
		t.Error("New accepted a nil Sender")
	}
}

type nopSender struct{}

func (nopSender) SendText(context.Context, string, string) error { return nil }
