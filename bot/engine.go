package bot

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/kzrh/faqbot/intents"
)

// Matchers gives the matcher to use for the next message. A hot reload
// swaps what Current returns; a message is answered wholly by the matcher it
// started with.
type Matchers interface {
	Current() *intents.Matcher
}

// Static is a Matchers that never changes.
type Static struct{ M *intents.Matcher }

// Current returns the one matcher.
func (s Static) Current() *intents.Matcher { return s.M }

// Metrics receives what the engine observes. The server implements it with
// Prometheus; the zero Options use a no-op.
type Metrics interface {
	// Replied counts one message by channel and outcome (answer, clarify,
	// fallback, smalltalk; for a retry: deduplicated when the first
	// delivery's reply was returned again, in_flight when another
	// delivery is still answering it) with the FAQ answered (0 if none)
	// and the time the engine spent.
	Replied(channel, outcome string, faq int, took time.Duration)
	// Reclaimed counts a retry that took over an expired lease: the first
	// delivery was lost (a crash, a store stall) and this one answers.
	Reclaimed(channel string)
	// Matched times one matcher call.
	Matched(took time.Duration)
	// Degraded counts a store failure the engine answered around.
	Degraded(op string)
}

type noMetrics struct{}

func (noMetrics) Replied(string, string, int, time.Duration) {}
func (noMetrics) Matched(time.Duration)                      {}
func (noMetrics) Degraded(string)                            {}
func (noMetrics) Reclaimed(string)                           {}

// Options tune the engine. The zero value is usable.
type Options struct {
	// ContextTTL is how long a conversation's context lasts after its last
	// message (default 30m).
	ContextTTL time.Duration
	// StoreTimeout bounds each store call (default 500ms). When the store
	// fails or is slow, the message is answered without context.
	StoreTimeout time.Duration
	// DuplicateWait is how long a retry waits for the first delivery's
	// reply (default 2s).
	DuplicateWait time.Duration
	Logger        *slog.Logger
	Metrics       Metrics
	Now           func() time.Time
}

const defaultStoreTimeout = 500 * time.Millisecond

// Engine answers messages. It is safe for concurrent use.
type Engine struct {
	matchers Matchers
	store    Store
	opt      Options
	texts    atomic.Pointer[texts] // of the matcher last used
}

// textsFor returns the configuration's composed replies, composing them
// again when a reload brought a new matcher.
func (e *Engine) textsFor(m *intents.Matcher) *texts {
	if t := e.texts.Load(); t != nil && t.m == m {
		return t
	}
	t := newTexts(m)
	e.texts.Store(t)
	return t
}

// Outcomes of a retried message, beside the reply kinds.
const (
	OutcomeDeduplicated = "deduplicated" // the first delivery's reply, returned again
	OutcomeInFlight     = "in_flight"    // another delivery is still answering it
	// OutcomeHandover is small talk asking for a person (转人工): the
	// reply hands the user over to the counter.
	OutcomeHandover = "handover"
)

// outcome is what Metrics.Replied counts for a reply: its kind, but a
// request for a person apart from other small talk.
func outcome(r Reply) string {
	if r.Kind == string(intents.KindSmallTalk) && r.Intent == "human" {
		return OutcomeHandover
	}
	return r.Kind
}

// ErrInProgress is returned for a retry of a message whose first delivery
// is still being answered: the channel should acknowledge it without a
// reply; the answer goes out with the first delivery.
var ErrInProgress = errors.New("the first delivery of this message is still being answered")

// New returns an Engine over a matcher source and a session store.
func New(m Matchers, store Store, opt Options) *Engine {
	if opt.ContextTTL <= 0 {
		opt.ContextTTL = 30 * time.Minute
	}
	if opt.StoreTimeout <= 0 {
		opt.StoreTimeout = defaultStoreTimeout
	}
	if opt.DuplicateWait <= 0 {
		opt.DuplicateWait = 2 * time.Second
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Metrics == nil {
		opt.Metrics = noMetrics{}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Engine{matchers: m, store: store, opt: opt}
}

// Handle answers one message.
func (e *Engine) Handle(ctx context.Context, msg Message) (Reply, error) {
	r, _, err := e.handle(ctx, msg, false)
	return r, err
}

// Explain answers one message like Handle and also says why. It advances
// the conversation like Handle does.
func (e *Engine) Explain(ctx context.Context, msg Message) (Reply, *intents.Explanation, error) {
	return e.handle(ctx, msg, true)
}

func (e *Engine) handle(ctx context.Context, msg Message, explain bool) (Reply, *intents.Explanation, error) {
	start := e.opt.Now()
	if y := msg.Time.Year(); msg.Time.IsZero() || y < 1 || y > 9999 {
		// Channels date absurd CreateTimes now (platform.MessageTime);
		// this is the last guard: a time JSON cannot encode would fail
		// the Commit and leave the message without its reply stored.
		msg.Time = start
	}
	key := SessionKey{Channel: msg.Channel, User: msg.User}
	m := e.matchers.Current()

	// Message ids are unique within a channel only.
	if msg.ID != "" {
		msg.ID = msg.Channel + ":" + msg.ID
	}
	claim, err := e.begin(ctx, key, msg.ID)
	if err != nil {
		e.degraded(ctx, "begin", err)
	}
	if claim.Duplicate {
		r, err := e.awaitFirst(ctx, msg.ID, claim.Reply)
		r.Repeat = err == nil
		outcome, level := OutcomeDeduplicated, slog.LevelDebug
		if err != nil {
			// Normal while a late answer is being sent actively; many of
			// them at once point at a stalled store or replica.
			outcome, level = OutcomeInFlight, slog.LevelInfo
		}
		e.opt.Metrics.Replied(msg.Channel, outcome, r.FAQ, e.opt.Now().Sub(start))
		e.opt.Logger.LogAttrs(ctx, level, "retry of a message already seen",
			slog.String("channel", msg.Channel), slog.String("outcome", outcome))
		return r, nil, err
	}
	if claim.Reclaimed {
		e.opt.Metrics.Reclaimed(msg.Channel)
		// No message id in the log: it is the platform's, tied to a user.
		e.opt.Logger.LogAttrs(ctx, slog.LevelWarn, "retry took over an expired lease: its first delivery was never answered (crash or store stall); answering now",
			slog.String("channel", msg.Channel))
	}
	sess := claim.Session
	if !sess.Updated.IsZero() && msg.Time.Sub(sess.Updated) > e.opt.ContextTTL {
		sess = Session{}
	}

	l, kept := conversationLang(msg, sess)
	replies := e.textsFor(m).in(l)
	t := turn{m: m, texts: replies, msg: msg, sess: sess, explain: explain, metrics: e.opt.Metrics}
	t.run()
	t.next.Lang, t.reply.Lang = string(kept), string(replies.lang)
	if t.logged != nil {
		t.logged.Lang = string(l)
	}
	t.reply.User = msg.User
	t.reply.Score = math.Round(t.reply.Score*1000) / 1000
	if t.reply.Suggestions == nil {
		t.reply.Suggestions = []int{}
	}
	t.next.Updated = msg.Time

	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.opt.StoreTimeout)
	err = e.store.Commit(cctx, key, msg.ID, t.next, t.reply, t.logged)
	cancel()
	if err != nil {
		e.degraded(ctx, "commit", err)
	}
	e.opt.Metrics.Replied(msg.Channel, outcome(t.reply), t.reply.FAQ, e.opt.Now().Sub(start))
	e.opt.Logger.LogAttrs(ctx, slog.LevelDebug, "reply",
		slog.String("channel", msg.Channel), slog.String("kind", t.reply.Kind),
		slog.Int("faq", t.reply.FAQ), slog.Duration("took", e.opt.Now().Sub(start)))
	return t.reply, t.why, nil
}

func (e *Engine) begin(ctx context.Context, key SessionKey, msgID string) (Claim, error) {
	ctx, cancel := context.WithTimeout(ctx, e.opt.StoreTimeout)
	defer cancel()
	return e.store.Begin(ctx, key, msgID)
}

// awaitFirst returns the first delivery's reply to a retried message,
// waiting a little while the first delivery is still being answered.
func (e *Engine) awaitFirst(ctx context.Context, msgID string, stored *Reply) (Reply, error) {
	if stored != nil {
		return *stored, nil
	}
	ctx, cancel := context.WithTimeout(ctx, e.opt.DuplicateWait)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return Reply{}, ErrInProgress
		case <-tick.C:
			r, err := e.store.Reply(ctx, msgID)
			if err == nil && r != nil {
				return *r, nil
			}
		}
	}
}

func (e *Engine) degraded(ctx context.Context, op string, err error) {
	e.opt.Metrics.Degraded(op)
	e.opt.Logger.LogAttrs(ctx, slog.LevelWarn, "session store failed; answering without context",
		slog.String("op", op), slog.String("error", err.Error()))
}
