package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// Timing says how long a channel waits for answers and for active sends.
type Timing struct {
	// ReplyTimeout is how long the callback waits for the Answerer before
	// it acknowledges with "success" and sends the answer actively; it
	// must leave room in the platform's 5 seconds (default 4s).
	ReplyTimeout time.Duration
	// AnswerTimeout bounds the Answerer (default 30s).
	AnswerTimeout time.Duration
	// SendTimeout bounds the active sending of one answer (default 30s).
	SendTimeout time.Duration
}

func (t Timing) withDefaults() Timing {
	if t.ReplyTimeout <= 0 {
		t.ReplyTimeout = 4 * time.Second
	}
	if t.AnswerTimeout <= 0 {
		t.AnswerTimeout = 30 * time.Second
	}
	if t.SendTimeout <= 0 {
		t.SendTimeout = 30 * time.Second
	}
	return t
}

// Responder gets answers within the platform's deadline and delivers
// what cannot go into the passive reply through a Sender.
type Responder struct {
	channel  string
	answerer Answerer
	sender   Sender
	timing   Timing
	log      *slog.Logger
	inFlight sync.WaitGroup
}

// NewResponder returns a Responder for channel: the Channel of the
// messages Respond hands to the Answerer, and the channel in logs. A
// zero duration in t takes its default; log may be nil (slog.Default).
func NewResponder(channel string, a Answerer, s Sender, t Timing, log *slog.Logger) (*Responder, error) {
	if a == nil || s == nil {
		return nil, errors.New("an Answerer and a Sender are both required: without a Sender late and long answers would be lost")
	}
	if log == nil {
		log = slog.Default()
	}
	return &Responder{channel: channel, answerer: a, sender: s, timing: t.withDefaults(), log: log}, nil
}

type outcome struct {
	reply bot.Reply
	err   error
}

// handle calls the Answerer. This goroutine is outside net/http's own
// recovery: a panic in the engine would end the process and every
// conversation with it, so it becomes an error for this message alone.
func (r *Responder) handle(ctx context.Context, m bot.Message) (reply bot.Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the engine panicked: %v", p)
		}
	}()
	return r.answerer.Handle(ctx, m)
}

// Answer asks for the reply to m and waits at most ReplyTimeout, or until
// ctx ends. On time, it returns the passive reply (empty when there is
// nothing to say) and the rest of a long answer, which the caller hands to
// SendLater once the passive reply is written. Late, it returns nothing and
// sends the whole answer actively when it arrives.
func (r *Responder) Answer(ctx context.Context, m bot.Message) (passive string, rest []string) {
	answered := make(chan outcome)
	late := make(chan struct{})
	r.inFlight.Add(1)
	go func() {
		defer r.inFlight.Done()
		// The answer outlives the callback request when it is late.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timing.AnswerTimeout)
		reply, err := r.handle(actx, m)
		cancel()
		select {
		case answered <- outcome{reply, err}:
			return
		case <-late:
		}
		if r.failed(err) || reply.Repeat {
			return // a late retry: the first delivery sends the answer
		}
		r.send(m.User, SplitText(reply.Text, MaxTextBytes), true)
	}()

	timer := time.NewTimer(r.timing.ReplyTimeout)
	defer timer.Stop()
	select {
	case o := <-answered:
		if r.failed(o.err) {
			return "", nil
		}
		parts := SplitText(o.reply.Text, MaxTextBytes)
		if len(parts) == 0 {
			return "", nil
		}
		if o.reply.Repeat {
			// A retry: the first delivery sent the rest already.
			return parts[0], nil
		}
		return parts[0], parts[1:]
	case <-timer.C:
	case <-ctx.Done():
	}
	close(late)
	r.log.Info("answer is late: acknowledged, will send actively",
		slog.String("channel", r.channel), slog.Duration("waited", r.timing.ReplyTimeout))
	return "", nil
}

// failed logs an Answerer error; a retry of a message that is still being
// answered is no failure: its answer goes out with the first delivery.
func (r *Responder) failed(err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, bot.ErrInProgress):
		r.log.Debug("retry of a message still being answered", slog.String("channel", r.channel))
	default:
		r.log.Error("no answer", slog.String("channel", r.channel), slog.Any("err", err))
	}
	return true
}

// SendLater sends texts to user, in order, in the background.
func (r *Responder) SendLater(user string, texts []string) {
	if len(texts) == 0 {
		return
	}
	r.inFlight.Add(1)
	go func() {
		defer r.inFlight.Done()
		r.send(user, texts, false)
	}()
}

func (r *Responder) send(user string, texts []string, late bool) {
	ctx, cancel := context.WithTimeout(context.Background(), r.timing.SendTimeout)
	defer cancel()
	for i, t := range texts {
		if err := r.sender.SendText(ctx, user, t); err != nil {
			r.log.Error("active send failed: the user misses part of an answer",
				slog.String("channel", r.channel), UserRef(user), slog.Bool("late", late),
				slog.Int("sent", i), slog.Int("parts", len(texts)), slog.Any("err", err))
			return
		}
	}
}

// Wait blocks until the answers and sends in flight are done, or ctx
// ends. Call it after the HTTP server has shut down, so that late answers
// still reach their users.
func (r *Responder) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		r.inFlight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Respond answers a decrypted callback on w, the step every channel that
// replies passively shares: events that need no answer are acknowledged
// with "success"; a message is answered within ReplyTimeout, its first
// part written as the passive reply that seal makes of it (for the
// callback's sender) and the rest sent actively. A passive reply that
// cannot be sealed is acknowledged and the whole answer sent actively,
// rather than lost. now dates a message that carries no time of its own.
func (r *Responder) Respond(w http.ResponseWriter, req *http.Request, cb Callback, now time.Time, seal func(user, text string) ([]byte, error)) error {
	m, err := cb.MessageAt(r.channel, now)
	switch {
	case errors.Is(err, ErrIgnored):
		WriteSuccess(w)
		return nil
	case err != nil:
		return Reject(http.StatusBadRequest, "no sender")
	}
	passive, rest := r.Answer(req.Context(), m)
	if passive == "" {
		// Nothing to say: "success", never an (encrypted) empty reply,
		// which WeChat shows as an error.
		WriteSuccess(w)
		return nil
	}
	out, err := seal(m.User, passive)
	if err != nil {
		r.log.Error("passive reply failed: sending actively", slog.String("channel", r.channel), slog.Any("err", err))
		WriteSuccess(w)
		r.SendLater(m.User, append([]string{passive}, rest...))
		return nil
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(out)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // let the user see the passive part before the follow-ups arrive
	}
	r.SendLater(m.User, rest)
	return nil
}
