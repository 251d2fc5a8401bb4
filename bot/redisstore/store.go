package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
)

// Store is the bot.Store on Redis. It is safe for concurrent use.
type Store struct {
	client redis.UniversalClient
	owned  bool // Close closes client: Open made it
	opts   Options
	keys   keys
	closed atomic.Bool
}

var _ bot.Store = (*Store)(nil)

// New returns a Store on client, which stays the caller's: Close does not
// close it. The client should have ContextTimeoutEnabled set, as Open's
// clients do; without it go-redis bounds socket reads and writes by its
// ReadTimeout and WriteTimeout (3s by default) instead of Options.Timeout.
func New(client redis.UniversalClient, opts Options) *Store {
	opts = opts.withDefaults()
	return &Store{client: client, opts: opts, keys: keys{opts.Prefix}}
}

// Begin implements bot.Store in one round trip: the claim script on the
// message's mark (see lease.go) and GET of the session.
func (s *Store) Begin(ctx context.Context, key bot.SessionKey, msgID string) (bot.Claim, error) {
	if s.closed.Load() {
		return bot.Claim{}, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()

	pipe := s.client.Pipeline()
	var (
		lease *redis.Cmd
		claim = strconv.FormatUint(rand.Uint64(), 36)
	)
	if msgID != "" {
		lease = pipe.EvalSha(ctx, claimScript.Hash(), []string{s.keys.message(msgID)}, s.claimArgs(claim)...)
	}
	session := pipe.Get(ctx, s.keys.session(key))
	cmds, err := pipe.Exec(ctx)
	if lease != nil && isNoScript(lease.Err()) {
		cmds = cmds[1:]
		lease = s.claimAgain(ctx, msgID, claim)
		if err = lease.Err(); err == nil || errors.Is(err, redis.Nil) {
			err = session.Err()
		}
	}
	if err := s.failed("begin", cmds, err); err != nil {
		return bot.Claim{}, err
	}

	var c bot.Claim
	if lease != nil {
		result, mark, err := claimResult(lease)
		if err != nil {
			return bot.Claim{}, s.wrap("begin", err)
		}
		switch result {
		case replied:
			c.Duplicate, c.Reply = true, decodeReply(mark)
		case inFlight:
			c.Duplicate = true
		case reclaimed:
			c.Reclaimed = true
		}
	}
	// A session that does not decode (a newer release wrote it, say) costs
	// the conversation its context, not the user an answer.
	if err := json.Unmarshal([]byte(session.Val()), &c.Session); err != nil {
		c.Session = bot.Session{}
	}
	return c, nil
}

// Commit implements bot.Store in one round trip: SET of the session, SET
// of the reply over the message's mark, and the question log script.
//
// It is a pipeline, not MULTI/EXEC: the keys live in different Cluster
// slots, which a transaction cannot span. Each command stands on its own,
// so a connection lost halfway leaves nothing inconsistent to read.
func (s *Store) Commit(ctx context.Context, key bot.SessionKey, msgID string, sess bot.Session, r bot.Reply, q *bot.Question) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	sessionJSON, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("redis commit: session: %w", err)
	}
	replyJSON, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("redis commit: reply: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()

	pipe := s.client.Pipeline()
	pipe.Set(ctx, s.keys.session(key), sessionJSON, s.opts.SessionTTL)
	if msgID != "" {
		pipe.Set(ctx, s.keys.message(msgID), replyJSON, s.opts.DedupTTL)
	}
	var logged *redis.Cmd
	if q != nil {
		logged = s.logQuestion(ctx, pipe, *q)
	}
	cmds, err := pipe.Exec(ctx)
	if logged != nil && isNoScript(logged.Err()) {
		cmds = cmds[:len(cmds)-1]
		err = s.logQuestionAgain(ctx, *q)
	}
	return s.failed("commit", cmds, err)
}

// Reply implements bot.Store.
func (s *Store) Reply(ctx context.Context, msgID string) (*bot.Reply, error) {
	if s.closed.Load() {
		return nil, bot.ErrClosed
	}
	if msgID == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	v, err := s.client.Get(ctx, s.keys.message(msgID)).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap("reply", err)
	}
	return decodeReply(v), nil
}

// Ping implements bot.Store.
func (s *Store) Ping(ctx context.Context) error {
	if s.closed.Load() {
		return bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	return s.wrap("ping", s.client.Ping(ctx).Err())
}

// Close makes later calls fail with bot.ErrClosed, and closes the client
// if Open made it.
func (s *Store) Close() error {
	if s.closed.Swap(true) || !s.owned {
		return nil
	}
	return s.client.Close()
}

// decodeReply reads a message's mark: nil while it is pending, or if what
// is stored does not decode (then the duplicate is treated as pending).
func decodeReply(v string) *bot.Reply {
	if v == "" || strings.HasPrefix(v, pending) {
		return nil
	}
	var r bot.Reply
	if json.Unmarshal([]byte(v), &r) != nil {
		return nil
	}
	return &r
}

// failed returns the error of a pipeline that Exec returned cmds and err
// for, or nil. Exec reports the first command's error that failed, and a
// GET of a missing key fails with redis.Nil: that is an answer, not a
// failure, and it may hide a real error behind it, so every command is
// looked at.
func (s *Store) failed(op string, cmds []redis.Cmder, err error) error {
	for _, c := range cmds {
		if e := c.Err(); e != nil && !errors.Is(e, redis.Nil) {
			return s.wrap(op, e)
		}
	}
	if errors.Is(err, redis.Nil) {
		return nil
	}
	return s.wrap(op, err)
}

func (s *Store) wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case s.closed.Load() || errors.Is(err, redis.ErrClosed):
		return fmt.Errorf("redis %s: %w", op, bot.ErrClosed)
	default:
		return fmt.Errorf("redis %s: %w", op, err)
	}
}
