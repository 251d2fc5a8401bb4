package kf

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wecomapi"
)

var (
	errLockLost    = errors.New("kf: the pull lock was lost")
	errRateLimited = errors.New("kf: sync_msg rate limited (45009)")
)

// wake records that messages wait for the account and pulls them unless
// another replica (or goroutine) already pulls: that one takes the mark
// before it lets the lock go.
// It returns at once: the callback that called it must be answered within
// WeCom's 5 seconds, whatever the store does.
func (s *Service) wake(openKfID, token string) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ctx, cancel := s.call(context.Background())
		err := s.cfg.Store.MarkKFPending(ctx, openKfID, token, tokenLife)
		cancel()
		if err != nil {
			s.log.Error("kf: recording new messages failed; they are pulled at the next event", slog.Any("err", err))
			return
		}
		s.pull(openKfID, true)
	}()
}

// pull holds the account's lock while pending marks remain. When another
// owner holds the lock it normally takes the mark; but if that owner died,
// its lock lapses after LockTTL and nobody would: with retry, pull looks
// again once then.
func (s *Service) pull(openKfID string, retry bool) {
	if s.backingOff(openKfID) {
		return // the retry after the back-off takes the mark
	}
	owner := newOwner()
	for {
		ctx, cancel := s.call(context.Background())
		ok, err := s.cfg.Store.LockKF(ctx, openKfID, owner, s.cfg.LockTTL)
		cancel()
		if err != nil {
			s.log.Error("kf: taking the pull lock failed", slog.Any("err", err))
			return
		}
		if !ok {
			if retry {
				s.after(s.cfg.LockTTL, func() { s.pull(openKfID, false) })
			}
			return // its holder will see the pending mark
		}
		s.locked(openKfID, owner)
		ctx, cancel = s.call(context.Background())
		_ = s.cfg.Store.UnlockKF(ctx, openKfID, owner)
		// A wake-up between the holder's last look at the mark and the
		// unlock found the lock taken and left its mark: look once more.
		token, again, err := s.cfg.Store.TakeKFPending(ctx, openKfID)
		if again && err == nil {
			err = s.cfg.Store.MarkKFPending(ctx, openKfID, token, tokenLife)
		}
		cancel()
		if !again || err != nil || s.backingOff(openKfID) {
			return
		}
	}
}

// locked pulls while the lock is held, renewing it in the background.
func (s *Service) locked(openKfID, owner string) {
	ctx, lost := context.WithCancelCause(context.Background())
	defer lost(nil)
	go s.renew(ctx, lost, openKfID, owner)
	for ctx.Err() == nil {
		tctx, cancel := s.call(ctx)
		token, ok, err := s.cfg.Store.TakeKFPending(tctx, openKfID)
		cancel()
		if err != nil || !ok {
			return
		}
		switch err := s.pages(ctx, openKfID, owner, token); {
		case errors.Is(err, errRateLimited):
			s.startBackOff(openKfID, token)
			return
		case err != nil:
			if !errors.Is(err, errLockLost) && ctx.Err() == nil {
				s.log.Error("kf: pulling messages failed; they are pulled at the next event", slog.Any("err", err))
			}
			return
		}
	}
}

// renew extends the lock at a third of its TTL until ctx ends, ending ctx
// with errLockLost if the lock is gone.
func (s *Service) renew(ctx context.Context, lost context.CancelCauseFunc, openKfID, owner string) {
	t := time.NewTicker(s.cfg.LockTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rctx, cancel := s.call(ctx)
			ok, err := s.cfg.Store.RenewKFLock(rctx, openKfID, owner, s.cfg.LockTTL)
			cancel()
			if err == nil && !ok {
				s.log.Warn("kf: the pull lock expired while pulling; another replica goes on")
				lost(errLockLost)
				return
			}
		}
	}
}

// pages reads the account's pages from its cursor until has_more is 0,
// saving the cursor after each page.
func (s *Service) pages(ctx context.Context, openKfID, owner, token string) error {
	cctx, cancel := s.call(ctx)
	cursor, err := s.cfg.Store.KFCursor(cctx, openKfID)
	cancel()
	if err != nil {
		return err
	}
	first := cursor == ""
	for {
		cctx, cancel := s.call(ctx)
		p, err := s.api.sync(cctx, openKfID, cursor, token, pageLimit)
		if wecomapi.Code(err) == codeBadSyncToken && token != "" {
			token = "" // expired: go on without it, within the stricter limit
			p, err = s.api.sync(cctx, openKfID, cursor, token, pageLimit)
		}
		cancel()
		switch {
		case wecomapi.Code(err) == codeRateLimited:
			return errRateLimited
		case err != nil:
			return err
		}
		s.answerPage(ctx, p, first)
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if p.NextCursor != "" && p.NextCursor != cursor {
			cctx, cancel := s.call(ctx)
			err := s.cfg.Store.SaveKFCursor(cctx, openKfID, owner, p.NextCursor)
			cancel()
			if errors.Is(err, bot.ErrNotLockOwner) {
				return errLockLost
			}
			if err != nil {
				return err
			}
			cursor = p.NextCursor
		}
		if p.HasMore == 0 {
			return nil
		}
	}
}

// answerPage answers a page's messages: each conversation's in order,
// several conversations at once.
func (s *Service) answerPage(ctx context.Context, p page, first bool) {
	var order []string
	byConv := map[string][]message{}
	for _, raw := range p.MsgList {
		m, err := parseMessage(raw)
		if err != nil {
			s.log.Warn("kf: unreadable message skipped", slog.Any("err", err))
			continue
		}
		if _, ok := byConv[m.conv()]; !ok {
			order = append(order, m.conv())
		}
		byConv[m.conv()] = append(byConv[m.conv()], m)
	}
	sem := make(chan struct{}, s.cfg.Concurrency)
	var wg sync.WaitGroup
	for _, conv := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(msgs []message) {
			defer wg.Done()
			defer func() { <-sem }()
			s.openWindow(ctx, msgs)
			for _, m := range msgs {
				if ctx.Err() != nil {
					return // the lock is lost: its new holder goes on from here
				}
				// A message begun is finished even if the lock is lost
				// meanwhile: its claim keeps the new holder off it, so an
				// abandoned answer would be no answer at all.
				s.handle(context.WithoutCancel(ctx), m, first)
			}
		}(byConv[conv])
	}
	wg.Wait()
}

func (s *Service) backingOff(openKfID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.Now().Before(s.backoff[openKfID])
}

// startBackOff pauses the account's pulls after 45009 and pulls again
// when the pause ends, with the token of the interrupted pull.
func (s *Service) startBackOff(openKfID, token string) {
	s.cfg.Metrics.KFEvent("rate_limited")
	s.log.Warn("kf: sync_msg rate limited (45009); pausing this account", slog.Duration("for", s.cfg.BackOff))
	s.mu.Lock()
	s.backoff[openKfID] = s.cfg.Now().Add(s.cfg.BackOff)
	s.mu.Unlock()
	ctx, cancel := s.call(context.Background())
	_ = s.cfg.Store.MarkKFPending(ctx, openKfID, token, tokenLife)
	cancel()
	s.after(s.cfg.BackOff, func() {
		s.mu.Lock()
		delete(s.backoff, openKfID)
		s.mu.Unlock()
		s.pull(openKfID, true)
	})
}

// after runs f after d, unless the Service stops first.
func (s *Service) after(d time.Duration, f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-s.ctx.Done():
		case <-t.C:
			f()
		}
	}()
}

func newOwner() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// openWindow notes the conversation's latest customer message of the page
// before any of them is answered: WeCom allows 5 messages after the
// customer's last one, so the answers to a burst of questions share one
// window.
func (s *Service) openWindow(ctx context.Context, msgs []message) {
	var last time.Time
	for _, m := range msgs {
		if m.Origin == originCustomer && m.Type != "event" && m.sent().After(last) {
			last = m.sent()
		}
	}
	if last.IsZero() {
		return
	}
	cctx, cancel := s.call(ctx)
	defer cancel()
	if err := s.cfg.Store.NoteKFCustomerMessage(cctx, msgs[0].conv(), last, sendWindow); err != nil {
		s.log.Error("kf: recording the customer's messages failed; they get no answer", slog.Any("err", err))
	}
}
