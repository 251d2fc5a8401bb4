package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// Tencent's published WeCom callback example (企业微信 加解密 示例).
const (
	exampleToken  = "QDG6eK"
	exampleAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	exampleCorpID = "wx5823bf96d3bd56c7"
)

func TestSealMatchesTencentExample(t *testing.T) {
	const (
		random    = "0960688932c47ef1"
		timestamp = "1409659813"
		nonce     = "1372623149"
		plaintext = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"
		encrypt   = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
		signature = "477715d11cdb4164915debcba66cb864d751f3e6"
	)
	w := wecom{token: exampleToken, aesKey: exampleAESKey, corpID: exampleCorpID}
	body, sig, err := w.seal([]byte(random), []byte(plaintext), "218", timestamp, nonce)
	if err != nil {
		t.Fatal(err)
	}
	var got callbackBody
	if err := xml.Unmarshal(body, &got); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if got.Encrypt.Value != encrypt {
		t.Errorf("Encrypt = %s\nwant      %s", got.Encrypt.Value, encrypt)
	}
	if sig != signature {
		t.Errorf("msg_signature = %s, want %s", sig, signature)
	}
}

// callbackBody and textMessageXML are what the platform sends, decoded.
type callbackBody struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName cdata
	AgentID    cdata
	Encrypt    cdata
}

type textMessageXML struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata
	FromUserName cdata
	CreateTime   int64
	MsgType      cdata
	Content      cdata
	MsgID        int64 `xml:"MsgId"`
	AgentID      string
}

type cdata struct {
	Value string `xml:",cdata"`
}

// echoBot is a minimal WeCom callback: it verifies the signature, decrypts,
// records who said what in which order, and answers with an encrypted text.
type echoBot struct {
	wecom
	vary    bool          // answer each request differently, as a bot that does not de-duplicate MsgIds
	badSig  bool          // sign replies wrongly
	success bool          // answer "success" instead of a passive reply
	delay   time.Duration // think this long before answering

	requests atomic.Int64
	mu       sync.Mutex
	said     map[string][]string // user -> texts in order of arrival
}

func (b *echoBot) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	n := b.requests.Add(1)
	q := r.URL.Query()
	var in callbackBody
	if err := xml.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	if util.Signature(b.token, q.Get("timestamp"), q.Get("nonce"), in.Encrypt.Value) != q.Get("msg_signature") {
		http.Error(rw, "bad signature", http.StatusForbidden)
		return
	}
	_, plain, err := util.DecryptMsg(b.corpID, in.Encrypt.Value, b.aesKey)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	var msg textMessageXML
	if err := xml.Unmarshal(plain, &msg); err != nil || msg.Content.Value == "" || msg.MsgID == 0 {
		http.Error(rw, "bad message", http.StatusBadRequest)
		return
	}
	b.mu.Lock()
	b.said[msg.FromUserName.Value] = append(b.said[msg.FromUserName.Value], msg.Content.Value)
	b.mu.Unlock()
	time.Sleep(b.delay)
	if b.success {
		fmt.Fprint(rw, "success")
		return
	}
	answer := "答：" + msg.Content.Value
	if b.vary {
		answer += fmt.Sprint(" #", n)
	}
	var reply bytes.Buffer
	fmt.Fprintf(&reply, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content></xml>",
		msg.FromUserName.Value, b.corpID, time.Now().Unix(), answer)
	enc, err := util.EncryptMsg([]byte("abcdefghijklmnop"), reply.Bytes(), b.corpID, b.aesKey)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	ts, nonce := "1700000000", "12345"
	sig := util.Signature(b.token, ts, nonce, string(enc))
	if b.badSig {
		sig = strings.Repeat("0", 40)
	}
	fmt.Fprintf(rw, "<xml><Encrypt><![CDATA[%s]]></Encrypt><MsgSignature><![CDATA[%s]]></MsgSignature><TimeStamp>%s</TimeStamp><Nonce><![CDATA[%s]]></Nonce></xml>", enc, sig, ts, nonce)
}

func startBot(t *testing.T, b *echoBot) string {
	t.Helper()
	b.wecom = wecom{token: exampleToken, aesKey: exampleAESKey, corpID: exampleCorpID}
	b.said = map[string][]string{}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return srv.URL + "/wecom/callback"
}

func env(name string) string {
	return map[string]string{"WECOM_TOKEN": exampleToken, "WECOM_AES_KEY": exampleAESKey, "WECOM_CORP_ID": exampleCorpID}[name]
}

func runLoad(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, env, &out, &errOut)
	t.Logf("stdout:\n%sstderr:\n%s", out.String(), errOut.String())
	return out.String(), err
}

func TestRunSendsEveryRequestAndChecksReplies(t *testing.T) {
	bot := &echoBot{}
	url := startBot(t, bot)
	out, err := runLoad(t, "--url", url, "-n", "400", "--concurrency", "8", "--users", "25", "--dup", "0.2", "--check", "0.5")
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if got := bot.requests.Load(); got != 400 {
		t.Errorf("the bot got %d requests, want -n 400", got)
	}
	for _, want := range []string{"sent        400 ", "errors      0\n", "duplicates  0 MsgIds"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "(of 0 sent twice)") {
		t.Error("no MsgId was sent twice with --dup 0.2")
	}
}

func TestFollowUpComesRightAfterItsQuestion(t *testing.T) {
	bot := &echoBot{}
	url := startBot(t, bot)
	if _, err := runLoad(t, "--url", url, "-n", "300", "--concurrency", "6", "--users", "10", "--dup", "0"); err != nil {
		t.Fatal(err)
	}
	followUps := 0
	for user, texts := range bot.said {
		for i, text := range texts {
			if text != "要交什么" {
				continue
			}
			followUps++
			if i == 0 || !strings.Contains(texts[i-1], "换发") {
				t.Errorf("user %s said 要交什么 after %q, want right after a 换发 question", user, texts[max(i-1, 0)])
			}
		}
	}
	if followUps == 0 {
		t.Error("no follow-up was sent")
	}
}

func TestRunFailsOnBadReplies(t *testing.T) {
	tests := []struct {
		name string
		bot  *echoBot
		want string
	}{
		{"a wrong reply signature is an error", &echoBot{badSig: true}, "errors      60\n"},
		{"different answers to one MsgId are duplicates", &echoBot{vary: true}, "duplicates  30 MsgIds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := startBot(t, tt.bot)
			out, err := runLoad(t, "--url", url, "-n", "60", "--concurrency", "4", "--dup", "1", "--check", "1")
			if err == nil {
				t.Error("run succeeded, want an error")
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q", tt.want)
			}
		})
	}
}

func TestSuccessIsNoReplyNotAnError(t *testing.T) {
	url := startBot(t, &echoBot{success: true})
	out, err := runLoad(t, "--url", url, "-n", "50", "--check", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "0 answered, 50 without a passive reply") {
		t.Error("\"success\" replies were not counted as no reply")
	}
}

func TestRateSpacesRequests(t *testing.T) {
	url := startBot(t, &echoBot{})
	start := time.Now()
	if _, err := runLoad(t, "--url", url, "-n", "21", "--rate", "100", "--dup", "0"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 190*time.Millisecond {
		t.Errorf("21 requests at 100/s took %s, want at least 200ms", took)
	}
}

func TestDurationStopsTheRun(t *testing.T) {
	url := startBot(t, &echoBot{delay: 20 * time.Millisecond})
	start := time.Now()
	out, err := runLoad(t, "--url", url, "-n", "2000", "--concurrency", "2", "--duration", "300ms")
	if err != nil {
		t.Fatalf("requests cut short by --duration are not errors: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("run took %s with --duration 300ms", took)
	}
	if !strings.Contains(out, "stopped by --duration") {
		t.Error("output does not say the run was stopped")
	}
}

func TestRefusesTargetsOffThisMachine(t *testing.T) {
	for _, url := range []string{
		"http://192.0.2.1:8080/wecom/callback",
		"http://10.0.0.1/wecom/callback",
		"https://[2001:db8::1]/wecom/callback",
	} {
		t.Run(url, func(t *testing.T) {
			_, err := runLoad(t, "--url", url, "-n", "1")
			if err == nil || !strings.Contains(err.Error(), "refusing") {
				t.Errorf("err = %v, want a refusal", err)
			}
		})
	}
}

// The dialer checks the address after resolution and before connect(), so
// this test sends nothing to 192.0.2.1 (TEST-NET-1).
func TestClientRefusesToDialOffThisMachine(t *testing.T) {
	client := newClient(config{timeout: time.Second, concurrency: 1})
	_, err := client.Get("http://192.0.2.1:8080/wecom/callback")
	if err == nil || !strings.Contains(err.Error(), "refusing to dial") {
		t.Errorf("err = %v, want a refusal to dial", err)
	}
}

func TestLoopbackNamesAreAllowed(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "127.3.2.1", "::1", "localhost"} {
		if err := checkTarget(context.Background(), host, false); err != nil {
			t.Errorf("checkTarget(%q) = %v, want nil", host, err)
		}
	}
}

func TestFlagsAreBounded(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-n", "0"}, "-n 0"},
		{[]string{"-n", "1000001"}, "-n 1000001"},
		{[]string{"--duration", "11m"}, "--duration 11m0s"},
		{[]string{"--duration", "0s"}, "--duration 0s"},
		{[]string{"--concurrency", "0"}, "--concurrency 0"},
		{[]string{"--rate", "-1"}, "--rate -1"},
		{[]string{"--dup", "1.5"}, "--dup 1.5"},
		{[]string{"--aes-key", "short"}, "EncodingAESKey"},
		{[]string{"--url", "ftp://127.0.0.1/"}, "--url"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, err := parseConfig(tt.args, env, new(bytes.Buffer))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestCredentialsComeFromFlagsOrEnvironment(t *testing.T) {
	none := func(string) string { return "" }
	if _, err := parseConfig(nil, none, new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "no callback token") {
		t.Errorf("without flags or environment: err = %v, want no callback token", err)
	}
	c, err := parseConfig([]string{"--token", "t", "--aes-key", exampleAESKey, "--corp-id", "c"}, none, new(bytes.Buffer))
	if err != nil || c.token != "t" || c.corpID != "c" {
		t.Errorf("from flags: %+v, %v", c, err)
	}
	c, err = parseConfig([]string{"--token", "t"}, env, new(bytes.Buffer))
	if err != nil || c.token != "t" || c.corpID != exampleCorpID {
		t.Errorf("a flag beside the environment: token %q corp %q, %v; want the flag to win and the rest from the environment", c.token, c.corpID, err)
	}
}
