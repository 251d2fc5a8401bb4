package kf

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/platform"
	"github.com/kzrh/faqbot/bot/internal/wecomapi"
)

// Channel is the bot.Message channel of Customer Service messages.
const Channel = "kf"

// Answerer is the conversation engine (bot.Engine).
type Answerer interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
}

// Metrics receives what the Service observes; bot/metrics implements it.
type Metrics interface {
	// KFEvent counts one of: token_refresh, rate_limited, silenced,
	// quota_exhausted, window_closed, duplicate_send, send_failed,
	// backlog_skipped, handover, handover_closed (outside the hours),
	// handover_failed.
	KFEvent(event string)
	// KFSendFailed counts a msg_send_fail event by its fail_type.
	KFSendFailed(failType int)
	// KFWelcome counts an enter_session by entry scene and outcome (sent,
	// expired, failed, no_code).
	KFWelcome(scene, outcome string)
	// KFSatisfaction counts an answer to the satisfaction menu.
	KFSatisfaction(answer string)
}

type noMetrics struct{}

func (noMetrics) KFEvent(string)           {}
func (noMetrics) KFSendFailed(int)         {}
func (noMetrics) KFWelcome(string, string) {}
func (noMetrics) KFSatisfaction(string)    {}

// TokenCache keeps access tokens where every replica finds them
// (redisstore.TokenCache, memstore.TokenCache).
type TokenCache = platform.TokenCache

// Config configures a Service. The credentials, Tokens, Store, Engine and
// Matchers are required; a zero duration or count takes its default.
type Config struct {
	// The self-built application whose credentials call the KF API
	// (WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET), the API's base URL
	// (default https://qyapi.weixin.qq.com) and the cache that keeps its
	// access token (shared with the application's message/send).
	CorpID, AgentID, Secret string
	APIBase                 string
	Tokens                  TokenCache

	Store  bot.KFStore
	Engine Answerer
	// Matchers gives the configuration whose FAQ titles, topic menu and
	// counter the menus and the out-of-hours reply show.
	Matchers bot.Matchers
	// OpenKfIDs, when not empty, limits the accounts served.
	OpenKfIDs []string
	// HandOverAfter is the number of fallbacks in a row after which the
	// conversation goes to a person (default 2; negative: never).
	HandOverAfter int
	// Servicer is the userid of the person who takes hand-overs; empty:
	// the queue (待接入池).
	Servicer string
	// Hours are when hand-overs happen; the zero Hours is always.
	Hours Hours

	LockTTL     time.Duration // of the pull lock, renewed at a third (default 30s)
	Lease       time.Duration // a claim on a message (default 2m)
	Keep        time.Duration // a message's claim record (default 96h)
	Backlog     time.Duration // oldest message answered on a first pull (default 2m)
	BackOff     time.Duration // pause after 45009 (default 1m)
	CallTimeout time.Duration // bounds each API and store call (default 10s)
	// SendRetry is the pause before a part is sent again after a failure
	// that may pass (system busy, a network error); twice that before the
	// last try (default 500ms).
	SendRetry time.Duration
	// Concurrency is how many conversations of one page are answered at
	// once (default 8); one conversation's messages go in order.
	Concurrency int

	Metrics Metrics
	Logger  *slog.Logger
	Now     func() time.Time
}

// The platform's fixed rules.
const (
	sendLimit  = 5
	sendWindow = 48 * time.Hour
	codeWindow = 20 * time.Second // welcome and end codes
	tokenLife  = 10 * time.Minute // the callback's sync token
	pageLimit  = 1000
)

func (c Config) withDefaults() Config {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&c.LockTTL, 30*time.Second)
	set(&c.Lease, 2*time.Minute)
	set(&c.Keep, 96*time.Hour)
	set(&c.Backlog, 2*time.Minute)
	set(&c.BackOff, time.Minute)
	set(&c.CallTimeout, 10*time.Second)
	set(&c.SendRetry, 500*time.Millisecond)
	if c.HandOverAfter == 0 {
		c.HandOverAfter = 2
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 8
	}
	if c.Metrics == nil {
		c.Metrics = noMetrics{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Service pulls and answers the Customer Service messages. It implements
// wecom.KF. It is safe for concurrent use.
type Service struct {
	cfg Config
	api api
	log *slog.Logger

	ctx    context.Context // ends the back-off waits at shutdown
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	accounts map[string]bool      // served accounts; nil until listed
	backoff  map[string]time.Time // account → no sync_msg before
	scenes   map[string]bool      // entry scenes seen, the metric label's values
	listing  chan struct{}        // closed when the listing under way ends; nil when none is
}

// New returns a Service; Start begins its work.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Engine == nil || cfg.Matchers == nil {
		return nil, errors.New("kf: the store, the engine and the matchers are required")
	}
	cfg = cfg.withDefaults()
	client, err := wecomapi.New(wecomapi.Config{Base: cfg.APIBase, CorpID: cfg.CorpID, AgentID: cfg.AgentID, Secret: cfg.Secret,
		Cache: cfg.Tokens, OnRefresh: func(int) { cfg.Metrics.KFEvent("token_refresh") }})
	if err != nil {
		return nil, fmt.Errorf("kf: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{cfg: cfg, api: api{client}, log: cfg.Logger, ctx: ctx, cancel: cancel,
		backoff: map[string]time.Time{}, scenes: map[string]bool{}}, nil
}

// Start lists the accounts and pulls each once, in the background: what
// arrived while no replica ran is answered (or, on a first start, skipped
// as backlog).
func (s *Service) Start() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for _, id := range s.listAccounts() {
			s.wake(id, "")
		}
	}()
}

// Stop ends the back-off waits and waits for the pulls in flight, or for
// ctx to end.
func (s *Service) Stop(ctx context.Context) error {
	s.cancel()
	return s.Wait(ctx)
}

// Wait blocks until the pulls in flight are done, or ctx ends.
func (s *Service) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// MessagesWaiting implements wecom.KF.
func (s *Service) MessagesWaiting(openKfID, token string) {
	if !s.allowed(openKfID) {
		return
	}
	s.mu.Lock()
	known, listed := s.accounts[openKfID], s.accounts != nil
	s.mu.Unlock()
	if listed && !known {
		// Perhaps authorised since the last listing: look again, once.
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if slices.Contains(s.listAccounts(), openKfID) {
				s.wake(openKfID, token)
			} else {
				s.log.Warn("kf: event for an account this application may not serve", slog.String("open_kfid", openKfID))
			}
		}()
		return
	}
	s.wake(openKfID, token)
}

// AccountsChanged implements wecom.KF.
func (s *Service) AccountsChanged() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.listAccounts()
	}()
}

func (s *Service) allowed(openKfID string) bool {
	return len(s.cfg.OpenKfIDs) == 0 || slices.Contains(s.cfg.OpenKfIDs, openKfID)
}

// listAccounts reads the accounts the application manages, keeps those
// allowed, and returns them. On failure the previous list stays.
//
// A call while another lists waits for that listing and returns what it
// found: a message event for an account given to the app meanwhile must
// not be dropped because its listing was already under way.
func (s *Service) listAccounts() []string {
	s.mu.Lock()
	if wait := s.listing; wait != nil {
		s.mu.Unlock()
		select {
		case <-wait:
		case <-s.ctx.Done():
			return nil
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return slices.Sorted(maps.Keys(s.accounts))
	}
	done := make(chan struct{})
	s.listing = done
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.listing = nil
		s.mu.Unlock()
		close(done)
	}()
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.CallTimeout)
	defer cancel()
	list, err := s.api.accounts(ctx)
	if err != nil {
		s.log.Error("kf: listing the customer-service accounts failed; check that the application is listed under 微信客服 → 可调用接口的应用",
			slog.Any("err", err))
		return nil
	}
	served := map[string]bool{}
	var ids []string
	for _, a := range list {
		if a.ManagePrivilege && s.allowed(a.OpenKFID) {
			served[a.OpenKFID] = true
			ids = append(ids, a.OpenKFID)
		}
	}
	s.mu.Lock()
	s.accounts = served
	s.mu.Unlock()
	s.log.Info("kf: customer-service accounts served", slog.Int("accounts", len(ids)))
	if len(ids) == 0 {
		s.log.Warn("kf: no customer-service account to serve: give the application the accounts under 微信客服 → 可调用接口的应用, or check WECOM_KF_OPEN_KFIDS")
	}
	return ids
}

// call bounds one API or store call.
func (s *Service) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.CallTimeout)
}
