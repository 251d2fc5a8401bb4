package kf_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/kf"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/bot/wecom"
	"github.com/kzrh/faqbot/intents"
)

func TestMain(m *testing.M) { redistest.Main(m) }

const (
	account  = "wkAAAA"
	customer = "wmCUSTOMER1"
)

// store is what the channel and the engine keep: one object serves both,
// as in production.
type store interface {
	bot.Store
	bot.KFStore
}

// backend builds the stores of a test: the memory store (one replica) or
// Redis (replicas share what one backend's stores keep).
type backend struct {
	name  string
	redis bool
}

var backends = []backend{{name: "memory"}, {name: "redis", redis: true}}

// each runs test once per backend.
func each(t *testing.T, test func(t *testing.T, b *shared)) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) { test(t, newShared(t, be)) })
	}
}

// shared is what replicas share: the fake WeCom, its clock, the store.
type shared struct {
	api   *wxtest.FakeAPI
	clock *wxtest.Clock
	store store
	keys  wxtest.Keys
	corp  string
	m     *intents.Matcher
}

func newShared(t testing.TB, be backend) *shared {
	t.Helper()
	v := wxtest.LoadVectors(t).WeCom
	s := &shared{
		api:  wxtest.NewFakeAPI(t),
		keys: wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.CorpID},
		corp: v.CorpID,
		m:    testrules.Matcher(t),
	}
	s.clock = s.api.KFClock()
	s.api.KFAccounts(account)
	if be.redis {
		srv := redistest.Shared(t)
		st, err := redisstore.Open(context.Background(), srv.URL(), redisstore.Options{Prefix: srv.Prefix(t), Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		s.store = st
	} else {
		st := memstore.New(memstore.Options{Now: s.clock.Now})
		t.Cleanup(func() { st.Close() })
		s.store = st
	}
	return s
}

// replica is one faqbot process: engine, KF service and callback handler.
type replica struct {
	t       testing.TB
	s       *shared
	svc     *kf.Service
	url     string
	metrics *metrics
	store   store
}

// options adjust a replica's configuration.
type options struct {
	cfg    func(*kf.Config)
	store  func(store) store // wraps the shared store
	engine func(kf.Answerer) kf.Answerer
}

func (s *shared) replica(t testing.TB, o options) *replica {
	t.Helper()
	st := s.store
	if o.store != nil {
		st = o.store(st)
	}
	r := &replica{t: t, s: s, metrics: newMetrics(), store: st}
	engine := bot.New(bot.Static{M: s.m}, st, bot.Options{})
	var answerer kf.Answerer = engine
	if o.engine != nil {
		answerer = o.engine(engine)
	}
	cfg := kf.Config{
		CorpID: s.corp, AgentID: "1000002", Secret: "secret", APIBase: s.api.URL, Tokens: memstore.NewTokenCache(),
		Store: st, Engine: answerer, Matchers: bot.Static{M: s.m},
		BackOff: 200 * time.Millisecond, LockTTL: time.Second,
		Metrics: r.metrics, Logger: testLogger(), Now: s.clock.Now,
	}
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	var err error
	r.svc, err = kf.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h, err := wecom.New(wecom.Config{CorpID: s.corp, Token: s.keys.Token, EncodingAESKey: s.keys.EncodingAESKey, KF: r.svc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, engine, nopSender{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	r.url = srv.URL
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.svc.Stop(ctx); err != nil {
			t.Errorf("KF pulls still running: %v", err)
		}
	})
	return r
}

type nopSender struct{}

func (nopSender) SendText(context.Context, string, string) error { return nil }

// callback acts as WeCom telling the replica that messages wait, and
// returns once the replica has pulled and answered them.
func (r *replica) callback() {
	r.t.Helper()
	r.post()
	r.settle()
}

// post sends the callback without waiting for the pull.
func (r *replica) post() {
	r.t.Helper()
	code, body := r.s.keys.Post(r.t, r.url, wxtest.KFCallback(r.s.corp, account, r.s.api.KFToken(), time.Now()))
	if code != 200 || body != "success" {
		r.t.Fatalf("callback answered %d %q, want 200 success", code, body)
	}
}

// settle waits until the replica's pulls are done.
func (r *replica) settle() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.svc.Wait(ctx); err != nil {
		r.t.Fatalf("pull did not finish: %v", err)
	}
}

// next returns the next message the fake accepted.
func (s *shared) next(t *testing.T) wxtest.Sent {
	t.Helper()
	return s.api.Next(t, 15*time.Second)
}

// none checks that nothing more was sent.
func (s *shared) none(t *testing.T) {
	t.Helper()
	s.api.None(t, 50*time.Millisecond)
}

// metrics records what the Service counts.
type metrics struct {
	mu     sync.Mutex
	counts map[string]int
}

func newMetrics() *metrics { return &metrics{counts: map[string]int{}} }

func (m *metrics) add(k string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[k]++
}

func (m *metrics) KFEvent(e string)                { m.add(e) }
func (m *metrics) KFSendFailed(failType int)       { m.add(fmt.Sprint("send_fail_", failType)) }
func (m *metrics) KFWelcome(scene, outcome string) { m.add("welcome_" + scene + "_" + outcome) }
func (m *metrics) KFSatisfaction(answer string)    { m.add("satisfaction_" + answer) }

func (m *metrics) get(k string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[k]
}

// faqAnswer is how the engine heads an answer to FAQ no.
func (s *shared) faqAnswer(no int) string {
	return "【" + strings.TrimSpace(s.m.Config().FAQ(no).Question) + "】"
}

func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
