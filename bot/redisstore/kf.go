package redisstore

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
)

// The WeCom Customer Service state (bot.KFStore) lives under these keys:
//
//	<prefix>kf:{<open_kfid>}:cursor    sync_msg cursor                TTL 30 days from the last save
//	<prefix>kf:{<open_kfid>}:lock      owner of the pull lock         TTL of the lock
//	<prefix>kf:{<open_kfid>}:pending   sync token of the last wake-up TTL of the mark
//	<prefix>kf:msg:<msgid>             "claim:<deadline ms>" or "done" TTL keep (≥ 4 days)
//	<prefix>kf:conv:<conv>             hash at, open (unix ms), sent  TTL the window (from the write)
//	<prefix>kf:fb:<conv>               fallbacks in a row             TTL from the caller
//
// The braces put an account's cursor and lock in one Cluster slot: the
// script that saves the cursor only for the lock's owner reads both.

var _ bot.KFStore = (*Store)(nil)

func (k keys) kfAccount(openKfID, what string) string {
	return k.prefix + "kf:{" + url.QueryEscape(openKfID) + "}:" + what
}

func (k keys) kfMessage(msgID string) string { return k.prefix + "kf:msg:" + msgID }
func (k keys) kfConv(conv string) string     { return k.prefix + "kf:conv:" + url.QueryEscape(conv) }
func (k keys) kfFallbacks(conv string) string {
	return k.prefix + "kf:fb:" + url.QueryEscape(conv)
}

// KFCursor implements bot.KFStore.
func (s *Store) KFCursor(ctx context.Context, openKfID string) (string, error) {
	if s.closed.Load() {
		return "", bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	v, err := s.client.Get(ctx, s.keys.kfAccount(openKfID, "cursor")).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, s.wrap("kf cursor", err)
}

// kfSaveCursorScript sets the cursor only while ARGV[1] owns the lock.
var kfSaveCursorScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
redis.call("SET", KEYS[2], ARGV[2], "PX", ARGV[3])
return 1`)

// cursorTTL keeps every key expiring: a cursor unused for a month is ten
// times older than sync_msg's history, and starting afresh then costs
// nothing but the skipped backlog.
const cursorTTL = 30 * 24 * time.Hour

// SaveKFCursor implements bot.KFStore.
func (s *Store) SaveKFCursor(ctx context.Context, openKfID, owner, cursor string) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	n, err := kfSaveCursorScript.Run(ctx, s.client,
		[]string{s.keys.kfAccount(openKfID, "lock"), s.keys.kfAccount(openKfID, "cursor")}, owner, cursor, cursorTTL.Milliseconds()).Int()
	if err != nil {
		return s.wrap("kf save cursor", err)
	}
	if n == 0 {
		return bot.ErrNotLockOwner
	}
	return nil
}

// LockKF implements bot.KFStore.
func (s *Store) LockKF(ctx context.Context, openKfID, owner string, ttl time.Duration) (bool, error) {
	if s.closed.Load() {
		return false, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	ok, err := s.client.SetNX(ctx, s.keys.kfAccount(openKfID, "lock"), owner, ttl).Result()
	return ok, s.wrap("kf lock", err)
}

var kfRenewScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 1`)

// RenewKFLock implements bot.KFStore.
func (s *Store) RenewKFLock(ctx context.Context, openKfID, owner string, ttl time.Duration) (bool, error) {
	if s.closed.Load() {
		return false, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	n, err := kfRenewScript.Run(ctx, s.client, []string{s.keys.kfAccount(openKfID, "lock")}, owner, ttl.Milliseconds()).Int()
	return n == 1, s.wrap("kf renew lock", err)
}

var kfUnlockScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`)

// UnlockKF implements bot.KFStore.
func (s *Store) UnlockKF(ctx context.Context, openKfID, owner string) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	return s.wrap("kf unlock", kfUnlockScript.Run(ctx, s.client, []string{s.keys.kfAccount(openKfID, "lock")}, owner).Err())
}

// MarkKFPending implements bot.KFStore. The value is never empty, so that
// an empty token still reads as a mark.
func (s *Store) MarkKFPending(ctx context.Context, openKfID, token string, ttl time.Duration) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	return s.wrap("kf mark pending", s.client.Set(ctx, s.keys.kfAccount(openKfID, "pending"), "t:"+token, ttl).Err())
}

// TakeKFPending implements bot.KFStore with GETDEL (Redis 6.2).
func (s *Store) TakeKFPending(ctx context.Context, openKfID string) (string, bool, error) {
	if s.closed.Load() {
		return "", false, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	v, err := s.client.GetDel(ctx, s.keys.kfAccount(openKfID, "pending")).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, s.wrap("kf take pending", err)
	}
	return v[min(2, len(v)):], true, nil
}

// kfClaimScript returns 0 claimed, 1 resumed, 2 busy, 3 done (bot.KFClaim).
// ARGV: now ms, deadline ms, keep ms.
var kfClaimScript = redis.NewScript(`
local v = redis.call("GET", KEYS[1])
if v == "done" then return 3 end
local r = 0
if v then
  if tonumber(ARGV[1]) < tonumber(string.sub(v, 7)) then return 2 end
  r = 1
end
redis.call("SET", KEYS[1], "claim:" .. ARGV[2], "PX", ARGV[3])
return r`)

// ClaimKFMessage implements bot.KFStore.
func (s *Store) ClaimKFMessage(ctx context.Context, msgID string, now time.Time, lease, keep time.Duration) (bot.KFClaim, error) {
	if s.closed.Load() {
		return 0, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	n, err := kfClaimScript.Run(ctx, s.client, []string{s.keys.kfMessage(msgID)},
		now.UnixMilli(), now.Add(lease).UnixMilli(), keep.Milliseconds()).Int()
	if err != nil {
		return 0, s.wrap("kf claim", err)
	}
	return bot.KFClaim(n), nil
}

// FinishKFMessage implements bot.KFStore.
func (s *Store) FinishKFMessage(ctx context.Context, msgID string, keep time.Duration) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	return s.wrap("kf finish", s.client.Set(ctx, s.keys.kfMessage(msgID), "done", keep).Err())
}

// kfNoteScript opens a new window unless a later customer message opened
// one. ARGV: at ms, window ms.
var kfNoteScript = redis.NewScript(`
local at = tonumber(redis.call("HGET", KEYS[1], "at") or "0")
if tonumber(ARGV[1]) < at then return 0 end
redis.call("HSET", KEYS[1], "at", ARGV[1], "open", ARGV[1] + ARGV[2], "sent", 0)
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 1`)

// NoteKFCustomerMessage implements bot.KFStore.
func (s *Store) NoteKFCustomerMessage(ctx context.Context, conv string, at time.Time, window time.Duration) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	return s.wrap("kf note", kfNoteScript.Run(ctx, s.client, []string{s.keys.kfConv(conv)},
		at.UnixMilli(), window.Milliseconds()).Err())
}

// kfTakeSendScript: ARGV now ms, limit.
var kfTakeSendScript = redis.NewScript(`
local open = tonumber(redis.call("HGET", KEYS[1], "open") or "0")
if tonumber(ARGV[1]) >= open then return 0 end
if tonumber(redis.call("HGET", KEYS[1], "sent") or "0") >= tonumber(ARGV[2]) then return 0 end
redis.call("HINCRBY", KEYS[1], "sent", 1)
return 1`)

// TakeKFSend implements bot.KFStore.
func (s *Store) TakeKFSend(ctx context.Context, conv string, now time.Time, limit int) (bool, error) {
	if s.closed.Load() {
		return false, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	n, err := kfTakeSendScript.Run(ctx, s.client, []string{s.keys.kfConv(conv)}, now.UnixMilli(), strconv.Itoa(limit)).Int()
	return n == 1, s.wrap("kf take send", err)
}

// CountKFFallback implements bot.KFStore.
func (s *Store) CountKFFallback(ctx context.Context, conv string, fallback bool, ttl time.Duration) (int, error) {
	if s.closed.Load() {
		return 0, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	key := s.keys.kfFallbacks(conv)
	if !fallback {
		return 0, s.wrap("kf fallbacks", s.client.Del(ctx, key).Err())
	}
	pipe := s.client.Pipeline()
	n := pipe.Incr(ctx, key)
	pipe.PExpire(ctx, key, ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, s.wrap("kf fallbacks", err)
	}
	return int(n.Val()), nil
}
