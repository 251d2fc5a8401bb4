package admin

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// The console under test is built on the real engine, fixture rule files
// of its own under testdata/ (copies of the rules as they were when the
// tests were written: a tuning of the shipped rules must not move them),
// a dev set and an in-memory store.

const testToken = "test-token-0123456789abcdef"

// testOperators are the console's operators; testToken is 王芳's.
var testOperators = []Operator{{Name: "王芳", Token: testToken}, {Name: "li.lei", Token: "another-token-0123456789abcdef"}}

var shipped struct {
	once    sync.Once
	m       *intents.Matcher
	dev     []intents.Example
	intents []byte // testdata/intents.yaml
	err     error
}

// shippedMatcher loads the fixture configuration once: every matcher
// costs a segmentation dictionary.
func shippedMatcher(t testing.TB) (*intents.Matcher, []intents.Example, []byte) {
	t.Helper()
	shipped.once.Do(func() {
		cfg, err := intents.LoadFiles("testdata/faq.yaml", "testdata/intents.yaml")
		if err != nil {
			shipped.err = err
			return
		}
		if shipped.m, shipped.err = intents.New(cfg); shipped.err != nil {
			return
		}
		if shipped.intents, shipped.err = os.ReadFile("testdata/intents.yaml"); shipped.err != nil {
			return
		}
		f, err := os.Open("testdata/dev.jsonl")
		if err != nil {
			shipped.err = err
			return
		}
		defer f.Close()
		shipped.dev, shipped.err = intents.ReadExamples("dev.jsonl", f)
	})
	if shipped.err != nil {
		t.Fatal(shipped.err)
	}
	return shipped.m, shipped.dev, shipped.intents
}

// recordingEngine remembers the messages the console sent.
type recordingEngine struct {
	*bot.Engine
	mu   sync.Mutex
	msgs []bot.Message
}

func (e *recordingEngine) Explain(ctx context.Context, msg bot.Message) (bot.Reply, *intents.Explanation, error) {
	e.mu.Lock()
	e.msgs = append(e.msgs, msg)
	e.mu.Unlock()
	return e.Engine.Explain(ctx, msg)
}

func (e *recordingEngine) sent() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.msgs)
}

type testConsole struct {
	h      http.Handler
	engine *recordingEngine
	store  bot.Store
	// rl and rulesPath are a publishing console's reloader and deployed
	// intents.yaml.
	rl        *reload.Reloader
	rulesPath string
}

func newTestConsole(t testing.TB) *testConsole {
	m, dev, _ := shippedMatcher(t)
	store := memstore.New(memstore.Options{})
	t.Cleanup(func() { store.Close() })
	engine := &recordingEngine{Engine: bot.New(bot.Static{M: m}, store, bot.Options{})}
	h := New(Deps{
		Operators: testOperators, Engine: engine, Store: store, Matchers: bot.Static{M: m}, DevSet: dev,
		Status: func(context.Context) Status {
			return Status{Version: m.Config().Version, LoadedAt: time.Date(2025, 12, 1, 8, 0, 0, 0, time.UTC),
				LastReload: time.Date(2025, 12, 1, 9, 30, 0, 0, time.UTC), ReloadResult: "rejected",
				ReloadError: "intents.yaml:12: decision.max_suggestions: must be between 2 and 5, got 9",
				Redis:       "not used (sessions in memory)", Today: map[string]int64{"answer": 41, "fallback": 3, "clarify": 5}}
		},
	})
	return &testConsole{h: h, engine: engine, store: store}
}

// ask sends a question straight to the engine, as a WeCom user would.
func (c *testConsole) ask(t testing.TB, user, text string) bot.Reply {
	t.Helper()
	r, err := c.engine.Engine.Handle(context.Background(), bot.Message{Channel: "wecom", User: user, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// do sends one request to the console. Runs of spaces in a page are
// squashed to one, as the browser shows them: the templates put spaces
// between elements where their source breaks lines.
func (c *testConsole) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		body := spaces.ReplaceAll(w.Body.Bytes(), []byte(" "))
		w.Body = bytes.NewBuffer(body)
	}
	return w
}

var spaces = regexp.MustCompile(` {2,}`)

func get(path string, cookies ...*http.Cookie) *http.Request {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for _, ck := range cookies {
		r.AddCookie(ck)
	}
	return r
}

func post(path string, form url.Values, cookies ...*http.Cookie) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range cookies {
		r.AddCookie(ck)
	}
	return r
}

// signIn signs in with the right token and returns the session cookie
// and the session's form token.
func (c *testConsole) signIn(t testing.TB) (*http.Cookie, string) {
	t.Helper()
	w := c.do(post("/admin/signin", url.Values{"token": {testToken}}))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: status %d, want 303; body:\n%s", w.Code, w.Body)
	}
	ck := sessionCookie(t, w)
	page := c.do(get("/admin/try", ck))
	return ck, formToken(t, page.Body.String())
}

func sessionCookie(t testing.TB, w *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, ck := range w.Result().Cookies() {
		if ck.Name == cookieName {
			return ck
		}
	}
	t.Fatalf("no %s cookie in %q", cookieName, w.Header().Values("Set-Cookie"))
	return nil
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func formToken(t testing.TB, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form token in the page:\n%s", page)
	}
	return m[1]
}

// withAlternate is the shipped intents.yaml with alt added to FAQ no's
// alternates, as an operator would edit it.
func withAlternate(t testing.TB, rules []byte, no int, alt string) []byte {
	t.Helper()
	entry := bytes.Index(rules, fmt.Appendf(nil, "\n  - no: %d\n", no))
	list := -1
	if entry >= 0 {
		list = bytes.Index(rules[entry:], []byte("\n    alternates:\n"))
	}
	if list < 0 {
		t.Fatalf("intents.yaml has no alternates list for FAQ %d", no)
	}
	at := entry + list + len("\n    alternates:\n")
	return slices.Concat(rules[:at], []byte("      - "+alt+"\n"), rules[at:])
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// newPublishingConsole is a console that publishes: its matcher comes
// from a reloader over copies of the fixture files, which follows the
// versions published to the in-memory store as a replica would.
func newPublishingConsole(t testing.TB) *testConsole {
	_, dev, rules := shippedMatcher(t)
	dir := t.TempDir()
	faqPath, rulesPath := filepath.Join(dir, "faq.yaml"), filepath.Join(dir, "intents.yaml")
	if err := os.WriteFile(faqPath, mustRead(t, "testdata/faq.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rulesPath, rules, 0o644); err != nil {
		t.Fatal(err)
	}
	rl, err := reload.New(faqPath, rulesPath, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	store := memstore.New(memstore.Options{})
	t.Cleanup(func() { store.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); rl.Follow(ctx, rulesSource{store}, 20*time.Millisecond) }()
	t.Cleanup(func() { cancel(); <-done })
	engine := &recordingEngine{Engine: bot.New(rl, store, bot.Options{})}
	h := New(Deps{Operators: testOperators, Engine: engine, Store: store, Matchers: rl, DevSet: dev,
		Rules: store, Serving: rl.Serving, Stats: store,
		Sync: func(ctx context.Context) { rl.SyncPublished(ctx, rulesSource{store}, 0) },
		Status: func(context.Context) Status {
			st := rl.Status()
			return Status{Version: st.Version, LoadedAt: st.LoadedAt, LastReload: st.LastAttempt, ReloadResult: st.LastResult,
				Redis: "not used (sessions in memory, one replica only)", Today: map[string]int64{"answer": 41, "fallback": 3}}
		}})
	return &testConsole{h: h, engine: engine, store: store, rl: rl, rulesPath: rulesPath}
}

// rulesSource is the store as the reloader's source of published rules.
type rulesSource struct{ s bot.RulesStore }

func (r rulesSource) Head(ctx context.Context) (int64, error) { return r.s.RulesHead(ctx) }

func (r rulesSource) Fetch(ctx context.Context, no int64) (reload.Published, error) {
	v, err := r.s.RulesVersion(ctx, no)
	return reload.Published{No: v.No, Rules: v.Rules, FileBase: v.FileBase, Author: v.Author, At: v.At}, err
}
