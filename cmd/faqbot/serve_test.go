package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/kzrh/faqbot/bot/redistest"
	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// These tests run the real program in-process, `faqbot serve` with the
// tests' own rules (bot/testrules), and act as WeCom and the Official
// Account against it over loopback.

// replyContent is what the replies are checked against: the configuration the
// server loads, so that editing an answer does not break these tests.
type replyContent struct{ cfg *intents.Config }

func loadReplyContent(t *testing.T) replyContent {
	t.Helper()
	return replyContent{testrules.Config(t)}
}

// heading is the first line of the answer to FAQ no.
func (c replyContent) heading(no int) string {
	f := c.cfg.FAQ(no)
	if f == nil {
		panic(fmt.Sprintf("faq.yaml has no FAQ %d", no))
	}
	return "【" + strings.TrimSpace(f.Question) + "】"
}

// menu is the numbered topic menu of the greeting, help and fallback replies.
func (c replyContent) menu() []string {
	var lines []string
	for i, m := range c.cfg.Rules.Menu {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, m.Title))
	}
	return lines
}

// group is the numbered list of the questions of menu entry n (from 1).
func (c replyContent) group(n int) []string {
	var lines []string
	for i, no := range c.cfg.Rules.Menu[n-1].FAQs {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, strings.TrimSpace(c.cfg.FAQ(no).Question)))
	}
	return lines
}

// welcome is the first line of the greeting, which subscribers get.
func (c replyContent) welcome() string {
	for _, st := range c.cfg.Rules.SmallTalk {
		if st.Name == "greeting" {
			first, _, _ := strings.Cut(strings.TrimSpace(st.Reply), "\n")
			return first
		}
	}
	panic("intents.yaml has no greeting")
}

func wantInReply(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// wantRefused checks that a callback was refused with status, with
// nothing in the body but the status text: what failed is for the log.
func wantRefused(t *testing.T, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d", resp.StatusCode, status)
	}
	if want := http.StatusText(status) + "\n"; body != want {
		t.Errorf("body %q, want only %q", body, want)
	}
}

// logGivesReason reports whether the log names reason as the cause of a
// refusal.
func logGivesReason(log, reason string) bool {
	return strings.Contains(log, "reason="+strconv.Quote(reason)) || strings.Contains(log, "reason="+reason+" ")
}

func TestServe(t *testing.T) {
	c := loadReplyContent(t)
	const adminToken = "e2e-admin-token-5b0c2e"
	srv := startE2E(t, e2eEnv(map[string]string{"FAQBOT_ADMIN_TOKEN": adminToken}))
	wc := srv.wecom()

	t.Run("WeCom conversations", func(t *testing.T) {
		type turn struct {
			say    string // a text message,
			voice  string // or a voice message with this transcript,
			fields string // or these fields (events, images)
			want   []string
		}
		pleaseType := append([]string{"文字"}, c.menu()...)
		choice := c.cfg.Rules.Menu[2].FAQs[1] // 3, then 2
		tests := []struct {
			name  string
			turns []turn
		}{
			{"a FAQ question gets the answer under its question", []turn{
				{say: "一次能借几本书", want: []string{c.heading(3), "10 册"}},
			}},
			{"a follow-up is completed from the same user's last question", []turn{
				{say: "读者证怎么办理", want: []string{c.heading(1)}},
				{say: "要带什么", want: []string{c.heading(1), "身份证原件"}},
			}},
			{"a menu number lists its questions and a second number answers one", []turn{
				{say: "帮助", want: c.menu()},
				{say: "3", want: c.group(3)},
				{say: "2", want: []string{c.heading(choice)}},
			}},
			{"a voice message is answered from its transcript", []turn{
				{voice: "一次能借几本书", want: []string{c.heading(3), "10 册"}},
			}},
			{"a voice message without transcript asks for text", []turn{
				{fields: "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><MsgId>" + e2eMsgID() + "</MsgId>", want: pleaseType},
			}},
			{"a subscriber is welcomed with the menu", []turn{
				{fields: eventFields("subscribe"), want: append([]string{c.welcome()}, c.menu()...)},
			}},
			{"opening the app is welcomed with the menu", []turn{
				{fields: eventFields("enter_agent"), want: append([]string{c.welcome()}, c.menu()...)},
			}},
			{"an image asks for text", []turn{
				{fields: "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.com/a.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId><MsgId>" + e2eMsgID() + "</MsgId>", want: pleaseType},
			}},
			{"an unknown message type asks for text", []turn{
				{fields: "<MsgType><![CDATA[hologram]]></MsgType><MsgId>" + e2eMsgID() + "</MsgId>", want: pleaseType},
			}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				user := fmt.Sprintf("e2e-wecom-conv-%d", i)
				for _, tr := range tt.turns {
					fields := tr.fields
					switch {
					case tr.say != "":
						fields = wc.text(e2eMsgID(), tr.say)
					case tr.voice != "":
						fields = wc.voice(e2eMsgID(), tr.voice)
					}
					wantInReply(t, "the reply", wc.ask(t, user, fields), tr.want...)
				}
			})
		}
	})

	t.Run("WeCom follow-up needs the same user's context", func(t *testing.T) {
		wc.say(t, "e2e-wecom-context-a", "读者证怎么办理")
		if got := wc.say(t, "e2e-wecom-context-b", "要带什么"); strings.Contains(got, c.heading(1)) {
			t.Errorf("another user's 要带什么 was answered from the first user's context:\n%s", got)
		}
	})

	t.Run("WeCom events without an answer are acknowledged", func(t *testing.T) {
		q, body := wc.request(t, "e2e-wecom-unsubscribe", eventFields("unsubscribe"))
		if resp, out := wc.post(t, http.MethodPost, q, body); resp.StatusCode != http.StatusOK || out != "success" {
			t.Errorf("unsubscribe: %d %q, want 200 success", resp.StatusCode, out)
		}
	})

	t.Run("WeCom retry is answered once with the same reply", func(t *testing.T) {
		user := "e2e-wecom-retry"
		before := srv.metrics(t)
		wc.say(t, user, "帮助")
		// A retry carries the same message, sealed again.
		plain := wc.callback(user, time.Now().Unix(), wc.text(e2eMsgID(), "1"))
		first := wc.deliver(t, user, plain)
		wantInReply(t, "the reply to 1", first, c.group(1)...)
		if again := wc.deliver(t, user, plain); again != first {
			t.Errorf("the retry got\n%s\nthe first delivery got\n%s", again, first)
		}
		// Had the retry been answered again, its 1 would have chosen the
		// first question, and this 1 would not mean the first one.
		wantInReply(t, "the reply to the second 1", wc.say(t, user, "1"), c.heading(c.cfg.Rules.Menu[0].FAQs[0]))
		wantInReply(t, "the reply to 要带什么", wc.say(t, user, "要带什么"), c.heading(1), "身份证原件")
		after := srv.metrics(t)
		dedup := []string{"channel", "wecom", "outcome", "deduplicated"}
		if d := after.value("faqbot_messages_total", dedup...) - before.value("faqbot_messages_total", dedup...); d != 1 {
			t.Errorf("faqbot_messages_total{outcome=\"deduplicated\"} rose by %v, want 1", d)
		}
	})

	t.Run("WeCom bad requests are refused without detail", func(t *testing.T) {
		const user = "e2e-wecom-bad"
		now := time.Now()
		question := func() string { return wc.callback(user, now.Unix(), wc.text(e2eMsgID(), "一次能借几本书")) }
		good := func() (url.Values, string) { return wc.seal(t, user, question()) }
		tests := []struct {
			name    string
			method  string
			request func() (url.Values, string)
			status  int
			reason  string // in the log
		}{
			{"bad signature", http.MethodPost, func() (url.Values, string) {
				q, b := good()
				q.Set("msg_signature", strings.Repeat("0", 40))
				return q, b
			}, http.StatusUnauthorized, "bad signature"},
			{"missing signature", http.MethodPost, func() (url.Values, string) {
				q, b := good()
				q.Del("msg_signature")
				return q, b
			}, http.StatusBadRequest, "missing parameter"},
			{"stale timestamp", http.MethodPost, func() (url.Values, string) {
				old := now.Add(-10 * time.Minute)
				return wc.signed(user, wc.encrypt(t, wc.callback(user, old.Unix(), wc.text(e2eMsgID(), "一次能借几本书")), wecomCorpID), old)
			}, http.StatusForbidden, "stale timestamp"},
			{"timestamp from the future", http.MethodPost, func() (url.Values, string) {
				return wc.signed(user, wc.encrypt(t, question(), wecomCorpID), now.Add(10*time.Minute))
			}, http.StatusForbidden, "stale timestamp"},
			{"timestamp not a number", http.MethodPost, func() (url.Values, string) {
				q, b := good()
				q.Set("timestamp", "yesterday")
				return q, b
			}, http.StatusBadRequest, "bad timestamp"},
			{"body not base64", http.MethodPost, func() (url.Values, string) {
				return wc.signed(user, "!!not base64!!", now)
			}, http.StatusBadRequest, "undecryptable"},
			{"ciphertext too short", http.MethodPost, func() (url.Values, string) {
				return wc.signed(user, base64.StdEncoding.EncodeToString([]byte("sixteen bytes...")), now)
			}, http.StatusBadRequest, "undecryptable"},
			{"encrypted for another corporation", http.MethodPost, func() (url.Values, string) {
				return wc.signed(user, wc.encrypt(t, question(), "ww0a1b2c3d4e5f6a7b"), now)
			}, http.StatusForbidden, "wrong receiver id"},
			{"malformed XML envelope", http.MethodPost, func() (url.Values, string) {
				q, _ := good()
				return q, "<xml><Encrypt><![CDATA[abc"
			}, http.StatusBadRequest, "malformed envelope"},
			{"malformed message inside", http.MethodPost, func() (url.Values, string) {
				return wc.seal(t, user, "this is not XML <")
			}, http.StatusBadRequest, "malformed message"},
			{"message without sender", http.MethodPost, func() (url.Values, string) {
				return wc.seal(t, user, wc.callback("", now.Unix(), wc.text(e2eMsgID(), "一次能借几本书")))
			}, http.StatusBadRequest, "no sender"},
			{"oversized body", http.MethodPost, func() (url.Values, string) {
				q, _ := good()
				return q, "<xml><Encrypt><![CDATA[" + strings.Repeat("A", 65<<10) + "]]></Encrypt></xml>"
			}, http.StatusRequestEntityTooLarge, "body too large"},
			{"wrong method", http.MethodPut, good, http.StatusMethodNotAllowed, "method not allowed"},
			{"URL check without echostr", http.MethodGet, good, http.StatusBadRequest, "missing parameter"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := srv.metrics(t)
				q, body := tt.request()
				resp, out := wc.post(t, tt.method, q, body)
				wantRefused(t, resp, out, tt.status)
				if tt.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
					t.Error("405 without an Allow header")
				}
				rejected := []string{"channel", "wecom", "outcome", "rejected"}
				if d := srv.metrics(t).value("faqbot_messages_total", rejected...) - before.value("faqbot_messages_total", rejected...); d != 1 {
					t.Errorf("faqbot_messages_total{channel=\"wecom\",outcome=\"rejected\"} rose by %v, want 1", d)
				}
				if !logGivesReason(srv.logs.String(), tt.reason) {
					t.Errorf("the log does not give the reason %q", tt.reason)
				}
			})
		}
	})

	t.Run("Official Account in safe mode", func(t *testing.T) {
		mp := srv.mp()
		before := srv.metrics(t)
		wantInReply(t, "the answer", mp.say(t, "oE2E-mp-question", "一次能借几本书"), c.heading(3), "10 册")
		wantInReply(t, "the first answer", mp.say(t, "oE2E-mp-followup", "读者证怎么办理"), c.heading(1))
		wantInReply(t, "the follow-up", mp.say(t, "oE2E-mp-followup", "要带什么"), c.heading(1), "身份证原件")
		wantInReply(t, "the welcome", mp.ask(t, "oE2E-mp-subscriber", eventFields("subscribe")), append([]string{c.welcome()}, c.menu()...)...)

		const user = "oE2E-mp-bad"
		bad := []struct {
			name    string
			method  string
			request func() (url.Values, string)
			status  int
		}{
			{"bad signature", http.MethodPost, func() (url.Values, string) {
				q, b := mp.request(t, user, mp.text(e2eMsgID(), "一次能借几本书"))
				q.Set("signature", strings.Repeat("0", 40))
				return q, b
			}, http.StatusUnauthorized},
			{"bad message signature", http.MethodPost, func() (url.Values, string) {
				q, b := mp.request(t, user, mp.text(e2eMsgID(), "一次能借几本书"))
				q.Set("msg_signature", strings.Repeat("0", 40))
				return q, b
			}, http.StatusUnauthorized},
			{"stale timestamp", http.MethodPost, func() (url.Values, string) {
				old := time.Now().Add(-10 * time.Minute)
				return mp.signed(user, mp.encrypt(t, mp.callback(user, old.Unix(), mp.text(e2eMsgID(), "一次能借几本书")), mpAppID), old)
			}, http.StatusForbidden},
			{"unencrypted message", http.MethodPost, func() (url.Values, string) {
				q, _ := mp.request(t, user, "")
				q.Del("encrypt_type")
				q.Del("msg_signature")
				return q, mp.callback(user, time.Now().Unix(), mp.text(e2eMsgID(), "一次能借几本书"))
			}, http.StatusForbidden},
			{"wrong method", http.MethodPut, func() (url.Values, string) {
				return mp.request(t, user, mp.text(e2eMsgID(), "一次能借几本书"))
			}, http.StatusMethodNotAllowed},
		}
		for _, tt := range bad {
			q, body := tt.request()
			resp, out := mp.post(t, tt.method, q, body)
			if resp.StatusCode != tt.status || out != http.StatusText(tt.status)+"\n" {
				t.Errorf("%s: %d %q, want %d with only the status text", tt.name, resp.StatusCode, out, tt.status)
			}
		}

		after := srv.metrics(t)
		for _, w := range []struct {
			outcome string
			delta   float64
		}{{"answer", 3}, {"smalltalk", 1}, {"rejected", float64(len(bad))}} {
			l := []string{"channel", "mp", "outcome", w.outcome}
			if d := after.value("faqbot_messages_total", l...) - before.value("faqbot_messages_total", l...); d != w.delta {
				t.Errorf("faqbot_messages_total{channel=\"mp\",outcome=%q} rose by %v, want %v", w.outcome, d, w.delta)
			}
		}
	})

	t.Run("readyz gives the configuration version", func(t *testing.T) {
		resp, body := srv.get(t, "/readyz")
		var r struct {
			Ready  bool `json:"ready"`
			Status struct {
				Version string `json:"version"`
			} `json:"status"`
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("/readyz %q: %v", body, err)
		}
		if resp.StatusCode != http.StatusOK || !r.Ready || r.Status.Version != c.cfg.Version {
			t.Errorf("/readyz = %d %s, want 200, ready, version %s", resp.StatusCode, body, c.cfg.Version)
		}
	})

	t.Run("metrics count messages, answers, latencies and reloads", func(t *testing.T) {
		before := srv.metrics(t)
		wc.say(t, "e2e-metrics-1", "一次能借几本书")
		wc.say(t, "e2e-metrics-2", "一次能借几本书")
		wc.say(t, "e2e-metrics-3", "帮助")
		wc.say(t, "e2e-metrics-4", "明天深圳天气怎么样")
		q, body := wc.request(t, "e2e-metrics-5", wc.text(e2eMsgID(), "一次能借几本书"))
		q.Set("msg_signature", strings.Repeat("f", 40))
		wc.post(t, http.MethodPost, q, body)
		after := srv.metrics(t)

		delta := func(name string, labels ...string) float64 {
			return after.value(name, labels...) - before.value(name, labels...)
		}
		for _, w := range []struct {
			name   string
			labels []string
			want   float64
		}{
			{"faqbot_messages_total", []string{"channel", "wecom", "outcome", "answer"}, 2},
			{"faqbot_messages_total", []string{"channel", "wecom", "outcome", "smalltalk"}, 1},
			{"faqbot_messages_total", []string{"channel", "wecom", "outcome", "fallback"}, 1},
			{"faqbot_messages_total", []string{"channel", "wecom", "outcome", "rejected"}, 1},
			{"faqbot_faq_answers_total", []string{"faq", "3"}, 2},
			{"faqbot_reply_seconds_count", []string{"channel", "wecom"}, 4},
			{"faqbot_reply_seconds_bucket", []string{"channel", "wecom", "le", "+Inf"}, 4},
		} {
			if d := delta(w.name, w.labels...); d != w.want {
				t.Errorf("%s%v rose by %v, want %v", w.name, w.labels, d, w.want)
			}
		}
		if d := delta("faqbot_match_seconds_count"); d < 4 {
			t.Errorf("faqbot_match_seconds_count rose by %v, want at least one per question (4)", d)
		}
		if d := delta("faqbot_reply_seconds_sum", "channel", "wecom"); d <= 0 {
			t.Errorf("faqbot_reply_seconds_sum rose by %v, want > 0", d)
		}
		if v := after.value("faqbot_store_errors_total"); v != 0 {
			t.Errorf("faqbot_store_errors_total = %v with the memory store, want 0", v)
		}

		// The first load is no reload; a SIGHUP makes one (unchanged files).
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP) // the test binary survives a SIGHUP even before serve listens for it
		defer signal.Stop(hup)
		self, err := os.FindProcess(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		reloads := after.value("faqbot_reloads_total")
		deadline := time.Now().Add(10 * time.Second)
		for {
			if err := self.Signal(syscall.SIGHUP); err != nil {
				t.Skipf("cannot send SIGHUP here: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
			m := srv.metrics(t)
			if m.value("faqbot_reloads_total") > reloads && m.has("faqbot_reloads_total", "result", "unchanged") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("faqbot_reloads_total{result=\"unchanged\"} did not appear after SIGHUP")
			}
		}
	})

	t.Run("admin console needs the token", func(t *testing.T) {
		if resp, _ := srv.get(t, "/admin/"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("GET /admin/ = %d, want 303 to the console", resp.StatusCode)
		}
		if resp, _ := srv.get(t, "/admin/status"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/signin") {
			t.Errorf("GET /admin/status without a session = %d to %q, want 303 to the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
		}
		form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		const wrong = "not-the-admin-token"
		resp, body := srv.do(t, http.MethodPost, "/admin/signin", form, url.Values{"token": {wrong}}.Encode())
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("sign-in with a wrong token = %d, want 401", resp.StatusCode)
		}
		if strings.Contains(body, wrong) || strings.Contains(body, adminToken) {
			t.Errorf("the refused sign-in page shows a token:\n%s", body)
		}
		if resp, _ := srv.do(t, http.MethodPost, "/admin/try", form, url.Values{"q": {"读者证"}}.Encode()); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST /admin/try without a session = %d, want 401", resp.StatusCode)
		}
		resp, _ = srv.do(t, http.MethodPost, "/admin/signin", form, url.Values{"token": {adminToken}}.Encode())
		if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
			t.Errorf("sign-in with the token = %d with %d cookies, want 303 and a session cookie", resp.StatusCode, len(resp.Cookies()))
		}
	})

	t.Run("the log at the default level holds no message text", func(t *testing.T) {
		srv.checkLogHoldsNoMessageText(t)
		if !strings.Contains(srv.logs.String(), "callback rejected") {
			t.Errorf("the captured log lacks the rejections; is it captured at all?\n%s", srv.logs)
		}
		// The WeChat library logs decrypted messages through logrus at debug.
		if logrus.IsLevelEnabled(logrus.DebugLevel) {
			t.Error("logrus is at debug level: the WeChat library would log message text")
		}
	})
}

func TestServeWithoutCredentialsMountsNeitherChannelNorConsoleAndStopsPromptly(t *testing.T) {
	srv := startE2E(t, map[string]string{})
	for _, path := range []string{"/wecom/callback", "/mp/callback", "/admin/", "/admin/signin"} {
		if resp, _ := srv.get(t, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := srv.get(t, "/readyz"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /readyz = %d, want 200", resp.StatusCode)
	}
	if err := srv.shutdown(5 * time.Second); err != nil {
		t.Errorf("after cancellation: %v, want run to return nil", err)
	}
}

func TestServeFinishesRequestsInFlightOnShutdown(t *testing.T) {
	srv := startE2E(t, e2eEnv(nil))
	wc := srv.wecom()
	const user = "e2e-shutdown"
	q, body := wc.request(t, user, wc.text(e2eMsgID(), "一次能借几本书"))

	// The callback's body arrives in two halves, with the cancellation
	// in between.
	pr, pw := io.Pipe()
	wroteHeaders := make(chan struct{})
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{WroteHeaders: func() { close(wroteHeaders) }})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.base+wc.path+"?"+q.Encode(), pr)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(body))
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := srv.client.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, string(b), err}
	}()
	half := len(body) / 2
	if _, err := io.WriteString(pw, body[:half]); err != nil {
		t.Fatal(err)
	}
	select {
	case <-wroteHeaders:
	case <-time.After(10 * time.Second):
		t.Fatal("the request's headers were not sent")
	}
	time.Sleep(200 * time.Millisecond) // let the server take the request in (it would anyway, later)

	srv.stop()
	if returned, err := srv.wait(300 * time.Millisecond); returned {
		t.Fatalf("run returned (%v) with a request in flight", err)
	}
	if _, err := io.WriteString(pw, body[half:]); err != nil {
		t.Fatalf("the rest of the body: %v", err)
	}
	pw.Close()

	var r result
	select {
	case r = <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("no response to the request in flight")
	}
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the request in flight got %d %v, want 200", r.status, r.err)
	}
	wantInReply(t, "the reply in flight", wc.open(t, user, r.body), "10 册")

	returned, err := srv.wait(10 * time.Second)
	if !returned || err != nil {
		t.Fatalf("run returned %v, %v after the last request; want nil promptly", returned, err)
	}
	if resp, err := (&http.Client{Timeout: time.Second}).Get(srv.base + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("the server still accepts connections after run returned")
	}
}

func TestServeSharesConversationsThroughRedis(t *testing.T) {
	c := loadReplyContent(t)
	srv := redistest.Shared(t)
	rawURL, client := srv.URL(), srv.Client(t)
	prefix := srv.Prefix(t)

	// A reaches Redis through a proxy that the test can cut.
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startCuttableProxy(t, client.Options().Addr)
	u.Host = proxy.Addr()
	a := startE2E(t, e2eEnv(map[string]string{"REDIS_URL": u.String(), "FAQBOT_REDIS_PREFIX": prefix}))
	b := startE2E(t, e2eEnv(map[string]string{"REDIS_URL": rawURL, "FAQBOT_REDIS_PREFIX": prefix}))
	wa, wb := a.wecom(), b.wecom()
	const user = "e2e-redis-user"

	wantInReply(t, "A's answer", wa.say(t, user, "读者证怎么办理"), c.heading(1))
	followUp := wb.callback(user, time.Now().Unix(), wb.text(e2eMsgID(), "要带什么"))
	fromB := wb.deliver(t, user, followUp)
	wantInReply(t, "B's answer to the follow-up", fromB, c.heading(1), "身份证原件")

	t.Run("a retry to the other replica gets the same reply, once", func(t *testing.T) {
		dedup := []string{"channel", "wecom", "outcome", "deduplicated"}
		before := a.metrics(t).value("faqbot_messages_total", dedup...)
		if fromA := wa.deliver(t, user, followUp); fromA != fromB {
			t.Errorf("the retry to A got\n%s\nB's reply was\n%s", fromA, fromB)
		}
		if d := a.metrics(t).value("faqbot_messages_total", dedup...) - before; d != 1 {
			t.Errorf("A's deduplicated count rose by %v, want 1", d)
		}
	})

	t.Run("sessions are kept under the prefix", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		keys, err := client.Keys(ctx, prefix+"s:*").Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) == 0 {
			t.Errorf("no session key under %s", prefix)
		}
	})

	t.Run("without Redis a replica answers without context and stays ready", func(t *testing.T) {
		proxy.Cut()
		for range 4 { // enough failures to open the circuit
			wantInReply(t, "A's answer with Redis gone", wa.say(t, user, "一次能借几本书"), c.heading(3), "10 册")
		}
		if v := a.metrics(t).value("faqbot_store_errors_total"); v < 1 {
			t.Errorf("faqbot_store_errors_total = %v on A with Redis gone, want > 0", v)
		}
		if v := a.metrics(t).value("faqbot_store_up"); v != 0 {
			t.Errorf("faqbot_store_up = %v on A with Redis gone, want 0", v)
		}
		if v := b.metrics(t).value("faqbot_store_up"); v != 1 {
			t.Errorf("faqbot_store_up = %v on B, want 1", v)
		}
		for name, s := range map[string]*e2eServer{"A": a, "B": b} {
			resp, body := s.get(t, "/readyz")
			var ready struct {
				Ready bool
				Store struct {
					Kind string
					Up   bool
				}
			}
			if err := json.Unmarshal([]byte(body), &ready); err != nil {
				t.Fatalf("%s's /readyz %q: %v", name, body, err)
			}
			if resp.StatusCode != http.StatusOK || !ready.Ready || ready.Store.Kind != "redis" || ready.Store.Up != (name == "B") {
				t.Errorf("%s's /readyz = %d %s; want 200, ready, store up %v", name, resp.StatusCode, body, name == "B")
			}
		}
	})
}
