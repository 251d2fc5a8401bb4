package memstore

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// The WeCom Customer Service state of one replica (bot.KFStore). Cursors,
// locks and pending marks are one per account, a handful; claims and
// conversations grow with traffic and are bounded like the de-duplication
// marks: past the bound the oldest are forgotten first.

var _ bot.KFStore = (*Store)(nil)

const (
	maxKFClaims        = 200_000
	maxKFConversations = 100_000
)

type kfState struct {
	mu        sync.Mutex
	cursors   map[string]string
	locks     map[string]kfLock
	pending   map[string]kfPending
	claims    *expiring[string, string] // "done" or "claim:<deadline unix ms>"
	convs     *expiring[string, kfConv]
	fallbacks *expiring[string, int]
}

type kfLock struct {
	owner   string
	expires time.Time
}

type kfPending struct {
	token   string
	expires time.Time
}

type kfConv struct {
	at   time.Time // the latest customer message
	open time.Time // the window closes
	sent int
}

// kf returns the store's customer-service state, made on first use. Its
// expiring maps take the ttl of each write from the caller, which passes
// the same one every time (expiring relies on one ttl per map).
func (s *Store) kf() *kfState {
	s.kfOnce.Do(func() {
		s.kfs = &kfState{
			cursors:   map[string]string{},
			locks:     map[string]kfLock{},
			pending:   map[string]kfPending{},
			claims:    newExpiring[string, string](4*24*time.Hour, maxKFClaims),
			convs:     newExpiring[string, kfConv](48*time.Hour, maxKFConversations),
			fallbacks: newExpiring[string, int](time.Hour, maxKFConversations),
		}
	})
	return s.kfs
}

// kfLockCtx takes the customer-service mutex unless ctx is done or the
// store closed.
func (s *Store) kfLockCtx(ctx context.Context) (*kfState, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, bot.ErrClosed
	}
	k := s.kf()
	k.mu.Lock()
	return k, nil
}

// KFCursor implements bot.KFStore.
func (s *Store) KFCursor(ctx context.Context, openKfID string) (string, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return "", err
	}
	defer k.mu.Unlock()
	return k.cursors[openKfID], nil
}

// SaveKFCursor implements bot.KFStore.
func (s *Store) SaveKFCursor(ctx context.Context, openKfID, owner, cursor string) error {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return err
	}
	defer k.mu.Unlock()
	if !k.holds(openKfID, owner, s.now()) {
		return bot.ErrNotLockOwner
	}
	k.cursors[openKfID] = cursor
	return nil
}

func (k *kfState) holds(openKfID, owner string, now time.Time) bool {
	l, ok := k.locks[openKfID]
	return ok && l.owner == owner && now.Before(l.expires)
}

// LockKF implements bot.KFStore.
func (s *Store) LockKF(ctx context.Context, openKfID, owner string, ttl time.Duration) (bool, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return false, err
	}
	defer k.mu.Unlock()
	now := s.now()
	if l, ok := k.locks[openKfID]; ok && now.Before(l.expires) {
		return false, nil
	}
	k.locks[openKfID] = kfLock{owner: owner, expires: now.Add(ttl)}
	return true, nil
}

// RenewKFLock implements bot.KFStore.
func (s *Store) RenewKFLock(ctx context.Context, openKfID, owner string, ttl time.Duration) (bool, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return false, err
	}
	defer k.mu.Unlock()
	now := s.now()
	if !k.holds(openKfID, owner, now) {
		return false, nil
	}
	k.locks[openKfID] = kfLock{owner: owner, expires: now.Add(ttl)}
	return true, nil
}

// UnlockKF implements bot.KFStore.
func (s *Store) UnlockKF(ctx context.Context, openKfID, owner string) error {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return err
	}
	defer k.mu.Unlock()
	if l, ok := k.locks[openKfID]; ok && l.owner == owner {
		delete(k.locks, openKfID)
	}
	return nil
}

// MarkKFPending implements bot.KFStore.
func (s *Store) MarkKFPending(ctx context.Context, openKfID, token string, ttl time.Duration) error {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return err
	}
	defer k.mu.Unlock()
	k.pending[openKfID] = kfPending{token: token, expires: s.now().Add(ttl)}
	return nil
}

// TakeKFPending implements bot.KFStore.
func (s *Store) TakeKFPending(ctx context.Context, openKfID string) (string, bool, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return "", false, err
	}
	defer k.mu.Unlock()
	p, ok := k.pending[openKfID]
	delete(k.pending, openKfID)
	if !ok || !s.now().Before(p.expires) {
		return "", false, nil
	}
	return p.token, true, nil
}

const kfDone = "done"

// ClaimKFMessage implements bot.KFStore.
func (s *Store) ClaimKFMessage(ctx context.Context, msgID string, now time.Time, lease, keep time.Duration) (bot.KFClaim, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return 0, err
	}
	defer k.mu.Unlock()
	k.claims.ttl = keep
	claim := "claim:" + strconv.FormatInt(now.Add(lease).UnixMilli(), 10)
	v, ok := k.claims.get(msgID, s.now())
	switch {
	case !ok:
		k.claims.put(msgID, claim, s.now())
		return bot.KFClaimed, nil
	case v == kfDone:
		return bot.KFDone, nil
	}
	deadline, _ := strconv.ParseInt(strings.TrimPrefix(v, "claim:"), 10, 64)
	if now.UnixMilli() < deadline {
		return bot.KFBusy, nil
	}
	k.claims.put(msgID, claim, s.now())
	return bot.KFResumed, nil
}

// FinishKFMessage implements bot.KFStore.
func (s *Store) FinishKFMessage(ctx context.Context, msgID string, keep time.Duration) error {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return err
	}
	defer k.mu.Unlock()
	k.claims.ttl = keep
	k.claims.put(msgID, kfDone, s.now())
	return nil
}

// NoteKFCustomerMessage implements bot.KFStore.
func (s *Store) NoteKFCustomerMessage(ctx context.Context, conv string, at time.Time, window time.Duration) error {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return err
	}
	defer k.mu.Unlock()
	now := s.now()
	if c, ok := k.convs.get(conv, now); ok && at.Before(c.at) {
		return nil
	}
	k.convs.ttl = window
	k.convs.put(conv, kfConv{at: at, open: at.Add(window)}, now)
	return nil
}

// TakeKFSend implements bot.KFStore.
func (s *Store) TakeKFSend(ctx context.Context, conv string, now time.Time, limit int) (bool, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return false, err
	}
	defer k.mu.Unlock()
	c, ok := k.convs.get(conv, s.now())
	if !ok || !now.Before(c.open) || c.sent >= limit {
		return false, nil
	}
	c.sent++
	k.convs.index[conv].Value.(*entry[string, kfConv]).val = c // keep its expiry
	return true, nil
}

// CountKFFallback implements bot.KFStore.
func (s *Store) CountKFFallback(ctx context.Context, conv string, fallback bool, ttl time.Duration) (int, error) {
	k, err := s.kfLockCtx(ctx)
	if err != nil {
		return 0, err
	}
	defer k.mu.Unlock()
	now := s.now()
	if !fallback {
		if el, ok := k.fallbacks.index[conv]; ok {
			k.fallbacks.remove(el)
		}
		return 0, nil
	}
	n, _ := k.fallbacks.get(conv, now)
	k.fallbacks.ttl = ttl
	k.fallbacks.put(conv, n+1, now)
	return n + 1, nil
}
