package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/testrules"
)

// The credentials of Tencent's published examples
// (shared/testvectors/wechat-crypto.json). They are public: writing them
// here keeps the tests independent of files outside the module.
const (
	wecomToken  = "QDG6eK"
	wecomAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	wecomCorpID = "wx5823bf96d3bd56c7"
	wecomAgent  = "1000002"

	mpToken   = "pamtest"
	mpAESKey  = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	mpAppID   = "wxb11529c136998cb6"
	mpAccount = "gh_7f083739789a" // the account's original id, ToUserName of its callbacks
)

// e2eEnv is the environment of a server with both channels mounted
// (WeCom and the Official Account in safe mode), plus extra.
func e2eEnv(extra map[string]string) map[string]string {
	env := map[string]string{
		"WECOM_CORP_ID": wecomCorpID, "WECOM_TOKEN": wecomToken, "WECOM_AES_KEY": wecomAESKey,
		"MP_APP_ID": mpAppID, "MP_TOKEN": mpToken, "MP_AES_KEY": mpAESKey,
	}
	maps.Copy(env, extra)
	return env
}

// e2eLog is the server's stderr: the server's goroutines write it
// while the test reads it.
type e2eLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *e2eLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *e2eLog) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// e2eServer is one `faqbot serve` running in this process, reached over
// loopback like any other server.
type e2eServer struct {
	base   string // http://127.0.0.1:port
	logs   *e2eLog
	client *http.Client
	stop   context.CancelFunc

	done chan struct{} // closed when run returns
	err  error         // run's result, set before done is closed

	mu   sync.Mutex
	said []string // every message text sent, which the log must not hold
}

// startE2E runs `faqbot serve` with the tests' own rules (bot/testrules) and
// env as its whole environment, and waits until /healthz answers. The
// server is stopped, and its log checked for message text, when the test
// ends.
func startE2E(t *testing.T, env map[string]string) *e2eServer {
	t.Helper()
	env = maps.Clone(env)
	if _, ok := env["FAQBOT_SHUTDOWN_GRACE"]; !ok {
		env["FAQBOT_SHUTDOWN_GRACE"] = "0" // TestServeStopsGracefully covers the grace
	}
	rules := testrules.Write(t)
	for attempt := 1; ; attempt++ {
		addr := e2eFreeAddr(t)
		ctx, cancel := context.WithCancel(context.Background())
		s := &e2eServer{
			base: "http://" + addr,
			logs: &e2eLog{},
			client: &http.Client{
				Timeout:       15 * time.Second,
				Transport:     &http.Transport{},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			},
			stop: cancel,
			done: make(chan struct{}),
		}
		// A test may name files of its own (FAQBOT_FAQ, FAQBOT_INTENTS).
		args := []string{"serve", "--addr", addr, "--faq", orDefault(env["FAQBOT_FAQ"], rules.FAQ),
			"--intents", orDefault(env["FAQBOT_INTENTS"], rules.Intents)}
		go func() {
			defer close(s.done)
			s.err = run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, s.logs)
		}()
		err := s.waitHealthy(30 * time.Second)
		if err == nil {
			t.Cleanup(func() {
				if err := s.shutdown(15 * time.Second); err != nil {
					t.Errorf("faqbot serve: %v", err)
				}
				s.client.CloseIdleConnections()
				s.checkLogHoldsNoMessageText(t)
			})
			return s
		}
		cancel()
		// Another process may have taken the port between e2eFreeAddr and
		// serve's Listen.
		if attempt < 3 && strings.Contains(err.Error(), "address already in use") {
			continue
		}
		t.Fatalf("faqbot serve did not start: %v\nlog:\n%s", err, s.logs)
	}
}

// e2eFreeAddr returns a loopback address with a port that was free a moment ago.
func e2eFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func (s *e2eServer) waitHealthy(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	probe := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("run returned before serving: %v", s.err)
		default:
		}
		// Until this server has said it listens, whatever answers on the
		// port is not this server.
		if !strings.Contains(s.logs.String(), "msg=serving") {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		resp, err := probe.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no answer on %s/healthz after %v", s.base, timeout)
}

// wait waits up to timeout for run to return, and gives its result.
func (s *e2eServer) wait(timeout time.Duration) (returned bool, err error) {
	select {
	case <-s.done:
		return true, s.err
	case <-time.After(timeout):
		return false, nil
	}
}

// shutdown cancels serve's context and waits for run to return.
func (s *e2eServer) shutdown(timeout time.Duration) error {
	s.stop()
	returned, err := s.wait(timeout)
	if !returned {
		return fmt.Errorf("run did not return within %v of the cancellation", timeout)
	}
	return err
}

func (s *e2eServer) remember(text string) {
	s.mu.Lock()
	s.said = append(s.said, text)
	s.mu.Unlock()
}

// checkLogHoldsNoMessageText fails if the log, at the level the test chose
// (info by default), holds the text of any message sent to the server.
func (s *e2eServer) checkLogHoldsNoMessageText(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	said := append([]string(nil), s.said...)
	s.mu.Unlock()
	log := s.logs.String()
	for _, text := range said {
		if len(text) < 6 && strings.IndexFunc(text, func(r rune) bool { return r >= utf8.RuneSelf }) < 0 {
			continue // "2", "3.": found in any log, and not what the check is about
		}
		if strings.Contains(log, text) {
			t.Errorf("the server's log holds the message text %q:\n%s", text, log)
		}
	}
}

// do sends a request to the server and returns the response with its body read.
func (s *e2eServer) do(t *testing.T, method, path string, header http.Header, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(req.Header, header)
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return resp, string(b)
}

func (s *e2eServer) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	return s.do(t, http.MethodGet, path, nil, "")
}

// msgIDs are unique message ids: the engine de-duplicates by channel and
// MsgId, across tests and, with Redis, across runs.
var (
	e2eMsgIDBase = time.Now().UnixMicro()
	e2eMsgIDSeq  atomic.Int64
)

func e2eMsgID() string { return strconv.FormatInt(e2eMsgIDBase+e2eMsgIDSeq.Add(1), 10) }

// fakeWeChat acts as the platform of one channel towards an e2eServer: it
// seals callbacks the way WeCom or the Official Account (safe mode) does,
// and opens the encrypted passive replies.
type fakeWeChat struct {
	srv        *e2eServer
	path       string
	token      string
	aesKey     string
	receiverID string // the corp id or app id inside every ciphertext
	toUser     string // ToUserName of callbacks, FromUserName of replies
	mp         bool   // Official Account: also signs the query itself
}

func (s *e2eServer) wecom() *fakeWeChat {
	return &fakeWeChat{srv: s, path: "/wecom/callback", token: wecomToken, aesKey: wecomAESKey, receiverID: wecomCorpID, toUser: wecomCorpID}
}

func (s *e2eServer) mp() *fakeWeChat {
	return &fakeWeChat{srv: s, path: "/mp/callback", token: mpToken, aesKey: mpAESKey, receiverID: mpAppID, toUser: mpAccount, mp: true}
}

// text is the fields of a text message; the text is remembered for the
// log check.
func (w *fakeWeChat) text(msgID, text string) string {
	w.srv.remember(text)
	return "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text + "]]></Content><MsgId>" + msgID + "</MsgId>"
}

// voice is the fields of a voice message with the platform's transcript.
func (w *fakeWeChat) voice(msgID, recognition string) string {
	w.srv.remember(recognition)
	return "<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media-1]]></MediaId><Format><![CDATA[amr]]></Format>" +
		"<Recognition><![CDATA[" + recognition + "]]></Recognition><MsgId>" + msgID + "</MsgId>"
}

func eventFields(name string) string {
	return "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[" + name + "]]></Event>"
}

// callback is the plaintext XML of a callback from user.
func (w *fakeWeChat) callback(user string, created int64, fields string) string {
	agent := ""
	if !w.mp {
		agent = "<AgentID>" + wecomAgent + "</AgentID>"
	}
	return fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime>%s%s</xml>",
		w.toUser, user, created, fields, agent)
}

// encrypt seals plaintext for receiverID (normally w.receiverID).
func (w *fakeWeChat) encrypt(t *testing.T, plaintext, receiverID string) string {
	t.Helper()
	random := make([]byte, 16)
	rand.Read(random)
	enc, err := util.EncryptMsg(random, []byte(plaintext), receiverID, w.aesKey)
	if err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	return string(enc)
}

// signed returns the query and body of a callback carrying encrypt, signed
// at ts as the platform signs it.
func (w *fakeWeChat) signed(user, encrypt string, ts time.Time) (url.Values, string) {
	timestamp := strconv.FormatInt(ts.Unix(), 10)
	nonce := strconv.FormatInt(ts.UnixNano()%1e9, 10)
	q := url.Values{}
	q.Set("timestamp", timestamp)
	q.Set("nonce", nonce)
	q.Set("msg_signature", util.Signature(w.token, timestamp, nonce, encrypt))
	body := "<xml><ToUserName><![CDATA[" + w.toUser + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt>"
	if w.mp {
		q.Set("signature", util.Signature(w.token, timestamp, nonce))
		q.Set("openid", user)
		q.Set("encrypt_type", "aes")
	} else {
		body += "<AgentID><![CDATA[" + wecomAgent + "]]></AgentID>"
	}
	return q, body + "</xml>"
}

// request is a well-formed callback: fields from user, sealed and signed now.
func (w *fakeWeChat) request(t *testing.T, user, fields string) (url.Values, string) {
	t.Helper()
	return w.seal(t, user, w.callback(user, time.Now().Unix(), fields))
}

// seal encrypts a callback's plaintext and signs it now. Sealing the same
// plaintext twice is how the platform retries: same message, new
// timestamp, nonce and ciphertext.
func (w *fakeWeChat) seal(t *testing.T, user, plaintext string) (url.Values, string) {
	t.Helper()
	return w.signed(user, w.encrypt(t, plaintext, w.receiverID), time.Now())
}

// post sends a callback and returns the status and body.
func (w *fakeWeChat) post(t *testing.T, method string, q url.Values, body string) (*http.Response, string) {
	t.Helper()
	return w.srv.do(t, method, w.path+"?"+q.Encode(), http.Header{"Content-Type": {"text/xml"}}, body)
}

// ask sends fields from user and returns the text of the passive reply.
func (w *fakeWeChat) ask(t *testing.T, user, fields string) string {
	t.Helper()
	return w.deliver(t, user, w.callback(user, time.Now().Unix(), fields))
}

// deliver seals and posts a callback's plaintext from user and returns the
// text of the passive reply.
func (w *fakeWeChat) deliver(t *testing.T, user, plaintext string) string {
	t.Helper()
	q, body := w.seal(t, user, plaintext)
	resp, out := w.post(t, http.MethodPost, q, body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s = %d %q, want 200", w.path, resp.StatusCode, out)
	}
	return w.open(t, user, out)
}

// say sends a text message with a new MsgId and returns the reply's text.
func (w *fakeWeChat) say(t *testing.T, user, text string) string {
	t.Helper()
	return w.ask(t, user, w.text(e2eMsgID(), text))
}

// e2ePassiveReply is an encrypted passive reply as both platforms read it.
type e2ePassiveReply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      string   `xml:"Encrypt"`
	MsgSignature string   `xml:"MsgSignature"`
	TimeStamp    int64    `xml:"TimeStamp"`
	Nonce        string   `xml:"Nonce"`
}

// e2eReplyText is the message inside a passive text reply.
type e2eReplyText struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
}

// open checks the signature of a passive reply to user, decrypts it and
// returns its text.
func (w *fakeWeChat) open(t *testing.T, user, body string) string {
	t.Helper()
	var r e2ePassiveReply
	if err := xml.Unmarshal([]byte(body), &r); err != nil || r.Encrypt == "" {
		t.Fatalf("the reply %q is not an encrypted passive reply (%v)", body, err)
	}
	if want := util.Signature(w.token, strconv.FormatInt(r.TimeStamp, 10), r.Nonce, r.Encrypt); r.MsgSignature != want {
		t.Fatalf("the reply's signature is %q, want %q", r.MsgSignature, want)
	}
	_, plain, err := util.DecryptMsg(w.receiverID, r.Encrypt, w.aesKey)
	if err != nil {
		t.Fatalf("decrypting the reply: %v", err)
	}
	var m e2eReplyText
	if err := xml.Unmarshal(plain, &m); err != nil {
		t.Fatalf("the decrypted reply %q: %v", plain, err)
	}
	if m.ToUserName != user || m.FromUserName != w.toUser || m.MsgType != "text" {
		t.Fatalf("reply from %q to %q of type %q, want a text from %q to %q", m.FromUserName, m.ToUserName, m.MsgType, w.toUser, user)
	}
	return m.Content
}

// metricSample is one line of a Prometheus text exposition.
type metricSample struct {
	name   string
	labels map[string]string
	value  float64
}

type metricScrape []metricSample

// metrics scrapes /metrics.
func (s *e2eServer) metrics(t *testing.T) metricScrape {
	t.Helper()
	resp, body := s.get(t, "/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d", resp.StatusCode)
	}
	m, err := parseMetrics(body)
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	return m
}

// value sums the samples of name whose labels include the given pairs.
func (m metricScrape) value(name string, labels ...string) float64 {
	var sum float64
	for _, s := range m {
		if s.name == name && hasLabels(s.labels, labels) {
			sum += s.value
		}
	}
	return sum
}

// has reports whether name has a sample with the given labels.
func (m metricScrape) has(name string, labels ...string) bool {
	for _, s := range m {
		if s.name == name && hasLabels(s.labels, labels) {
			return true
		}
	}
	return false
}

func hasLabels(have map[string]string, want []string) bool {
	for i := 0; i+1 < len(want); i += 2 {
		if v, ok := have[want[i]]; !ok || v != want[i+1] {
			return false
		}
	}
	return true
}

// parseMetrics reads the Prometheus text format as client_golang
// writes it: `name{label="value",...} value` lines and # comments.
func parseMetrics(text string) (metricScrape, error) {
	var out metricScrape
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp < 0 {
			return nil, fmt.Errorf("line %q has no value", line)
		}
		v, err := strconv.ParseFloat(line[sp+1:], 64)
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		s := metricSample{labels: map[string]string{}, value: v}
		series := line[:sp]
		brace := strings.IndexByte(series, '{')
		if brace < 0 {
			s.name = series
			out = append(out, s)
			continue
		}
		s.name = series[:brace]
		rest := strings.TrimSuffix(series[brace+1:], "}")
		for rest != "" {
			eq := strings.IndexByte(rest, '=')
			if eq < 0 || eq+1 >= len(rest) || rest[eq+1] != '"' {
				return nil, fmt.Errorf("line %q: bad labels", line)
			}
			key := rest[:eq]
			val, n, err := parseLabelValue(rest[eq+1:])
			if err != nil {
				return nil, fmt.Errorf("line %q: %v", line, err)
			}
			s.labels[key] = val
			rest = strings.TrimPrefix(rest[eq+1+n:], ",")
		}
		out = append(out, s)
	}
	return out, nil
}

// parseLabelValue reads the "..." label value at the start of s and returns it with
// the number of bytes it took.
func parseLabelValue(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) {
				return "", 0, errors.New("unfinished escape")
			}
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), i + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("unterminated label value")
}

// cuttableProxy forwards loopback connections to a target until it is cut,
// to take a dependency away from a running server.
type cuttableProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	cut    bool
	wg     sync.WaitGroup
}

func startCuttableProxy(t *testing.T, target string) *cuttableProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttableProxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.Cut)
	return p
}

func (p *cuttableProxy) Addr() string { return p.ln.Addr().String() }

func (p *cuttableProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		u, err := net.DialTimeout("tcp", p.target, 2*time.Second)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			c.Close()
			u.Close()
			return
		}
		p.conns = append(p.conns, c, u)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(u, c)
		go p.pipe(c, u)
	}
}

func (p *cuttableProxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// Cut closes the listener and every connection through the proxy.
func (p *cuttableProxy) Cut() {
	p.mu.Lock()
	p.cut = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.ln.Close()
	p.wg.Wait()
}
