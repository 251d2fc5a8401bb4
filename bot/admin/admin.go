// Package admin is the operator console, in Chinese first: a few
// server-rendered pages, behind each operator's own token, where the
// desk's policy staff see why the bot answered what it did (Try), which
// questions it could not answer (Unmatched), put fixes for them in a
// shared draft, see what the draft would change (Impact), publish it as a
// new version of the matching rules that every replica loads, roll back
// (History) and see how the running bot is doing (Status).
//
// The console never writes a file: published rules go to the shared
// store (bot.RulesStore), and each replica's reloader loads them. The one
// thing it sends through the engine is the operator's own test question,
// and it logs no question text. It serves full paths under /admin/: mount
// it with mux.Handle("/admin/", admin.New(deps)), without stripping the
// prefix, so that the session cookie's Path=/admin/ matches. Pages are
// rendered with html/template from embedded files; there are no external
// assets and no inline scripts, so the Content-Security-Policy allows
// scripts and styles from the console itself only.
package admin

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// Engine answers a message and says why; *bot.Engine is one.
type Engine interface {
	Explain(ctx context.Context, msg bot.Message) (bot.Reply, *intents.Explanation, error)
}

// Deps are everything the console is built from.
type Deps struct {
	// Operators sign in with their own tokens (FAQBOT_ADMIN_TOKENS);
	// the history records their names. The tokens also key the session
	// cookie's signature, so changing one signs everyone out. There must
	// be at least one.
	Operators []Operator
	Engine    Engine
	Store     bot.Store
	Matchers  bot.Matchers
	// Rules keeps the published versions, the draft and the ignored
	// questions; Serving says what the serving matcher was built from (the
	// reloader's Serving). With either nil the console cannot publish.
	Rules   bot.RulesStore
	Serving func() reload.Serving
	// Sync loads the latest published version into this replica now (the
	// reloader's SyncPublished), so that the page after a publish shows
	// it serving; nil leaves it to the reloader's poll.
	Sync func(ctx context.Context)
	// SharedRules is false when Rules lives in this process (no Redis):
	// a publish then reaches this replica only, and the pages say so.
	SharedRules bool
	// Stats are the daily counters of the Report page; nil hides them.
	Stats bot.StatsStore
	// DevSet is the labelled evaluation set whose accuracy the Impact page
	// compares before and after an edit; its questions are diffed too.
	DevSet []intents.Example
	// Status reports the running bot's state for the Status page; nil
	// shows only what the console knows itself.
	Status func(ctx context.Context) Status
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Operator is one person who may use the console.
type Operator struct {
	Name  string
	Token string
}

// Status is the running bot's state as the Status page shows it.
type Status struct {
	// Version is the serving configuration's version.
	Version string
	// LoadedAt is when the serving configuration was loaded.
	LoadedAt time.Time
	// LastReload is when a reload was last tried; zero if never.
	LastReload time.Time
	// ReloadResult is how that attempt ended: ok, unchanged or rejected.
	ReloadResult string
	// ReloadError says why a rejected reload was rejected; the previous
	// configuration keeps serving.
	ReloadError string
	// Redis is the session store's state in words: "connected",
	// "unreachable: …", "not used (sessions in memory)".
	Redis string
	// Today counts today's messages by outcome (answer, clarify,
	// fallback, smalltalk, deduplicated).
	Today map[string]int64
}

// Limits of what an operator may send.
const (
	maxQuestion   = 500       // runes; a WeCom text message holds 2048 bytes
	maxIntents    = 256 << 10 // bytes of a pasted intents.yaml
	maxFormBody   = 1 << 20   // URL encoding triples every byte of Chinese text
	sessionMaxAge = 12 * time.Hour
	storeTimeout  = 2 * time.Second
	unmatchedTop  = 50
	impactLogged  = 1000 // logged questions diffed by an impact preview
	impactLogAge  = 7 * 24 * time.Hour
	impactShown   = 300 // changes listed on the page
)

// console is the handler's state; everything in it is read-only after New
// except the impact semaphore.
type console struct {
	d      Deps
	keys   keys
	impact chan struct{} // one impact preview at a time: each builds a Matcher
}

// New returns the console. It panics when there is no operator (the
// server mounts the console only when tokens are configured) or a
// dependency the pages use is missing.
func New(d Deps) http.Handler {
	if len(d.Operators) == 0 {
		panic("admin: no operator")
	}
	for _, op := range d.Operators {
		if op.Token == "" || op.Name == "" {
			panic("admin: an operator without a name or a token")
		}
	}
	if d.Engine == nil || d.Store == nil || d.Matchers == nil {
		panic("admin: Deps.Engine, Deps.Store and Deps.Matchers are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	for _, op := range d.Operators {
		if len(op.Token) < 16 {
			d.Logger.Warn("an operator's console token is short; use at least 32 random characters", slog.String("operator", op.Name))
		}
	}
	c := &console{d: d, keys: deriveKeys(d.Operators), impact: make(chan struct{}, 1)}
	return c.routes()
}
