package bot

import (
	"context"
	"errors"
	"time"
)

// Session is the context of one conversation (one channel and user).
type Session struct {
	Topic   string    `json:"topic,omitempty"`    // topic of the last answered FAQ
	LastFAQ int       `json:"last_faq,omitempty"` // last answered FAQ
	Offered []int     `json:"offered,omitempty"`  // FAQ numbers of the last clarification
	Menu    bool      `json:"menu,omitempty"`     // the last reply showed the numbered topic menu
	Updated time.Time `json:"updated"`
	// Lang is the conversation's language, "zh" or "en": a message with
	// no letters (1, ？) is answered in it.
	Lang string `json:"lang,omitempty"`
}

// SessionKey scopes a session to one channel and one user.
type SessionKey struct {
	Channel, User string
}

// Claim is the result of Store.Begin.
type Claim struct {
	// Duplicate is true when the message id was seen before: the message
	// must not be answered again or advance the conversation.
	Duplicate bool
	// Reply is the first answer to a duplicate, when it has been stored;
	// nil while the first delivery is still being answered (its lease is
	// live).
	Reply *Reply
	// Reclaimed is true when an earlier delivery's lease on msgID expired
	// without a reply (its replica crashed, or the store stalled before
	// Commit): this Begin took the lease over and must answer.
	Reclaimed bool
	// Session is the conversation's context; the zero Session when there
	// is none or it has expired.
	Session Session
}

// Question is one question as logged for operators: its personal data
// masked, with the outcome it got.
type Question struct {
	Text string // normalised and masked
	Kind string // answer, clarify, fallback
	FAQ  int    // answered FAQ, 0 otherwise
	Time time.Time
	Lang string // the language it was asked in: "zh", "en"
}

// QuestionCount is one line of the unmatched-question summary.
type QuestionCount struct {
	Text     string    `json:"text"`
	Kind     string    `json:"kind"` // the outcome it got last time
	FAQ      int       `json:"faq,omitempty"`
	Count    int64     `json:"count"`
	LastSeen time.Time `json:"last_seen"`
	Lang     string    `json:"lang,omitempty"` // the language it was asked in last time
}

// Store keeps sessions, de-duplication marks and the question log. Each
// message costs two calls, Begin before matching and Commit after; only a
// retry that arrives while its first delivery is still being answered
// polls Reply until that answer is stored.
// Implementations must be safe for concurrent use and must honour the
// context's deadline.
type Store interface {
	// Begin takes a lease on msgID (atomically across replicas; an empty
	// msgID is never a duplicate) and loads the session. The lease lasts
	// the store's lease time, which cmd derives from the engine's
	// deadlines (Options.Lease): a Begin that finds another delivery's
	// live lease is a Duplicate without Reply; one that finds an expired
	// lease without a reply takes it over (Reclaimed). A stored reply is
	// kept for the longer de-duplication time.
	Begin(ctx context.Context, key SessionKey, msgID string) (Claim, error)
	// Commit saves the session and the reply to msgID, and logs q when it
	// is not nil, all in one round trip.
	Commit(ctx context.Context, key SessionKey, msgID string, s Session, r Reply, q *Question) error
	// Reply returns the stored reply to msgID, or nil if there is none yet.
	Reply(ctx context.Context, msgID string) (*Reply, error)
	// Questions returns the most frequent logged questions seen since the
	// given time, most frequent first; kinds filters by outcome (all
	// when empty).
	Questions(ctx context.Context, since time.Time, top int, kinds ...string) ([]QuestionCount, error)
	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	Close() error
}

// ErrClosed is returned by a Store used after Close.
var ErrClosed = errors.New("store closed")
