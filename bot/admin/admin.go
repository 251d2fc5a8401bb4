// Package admin is the operator console: a few server-rendered pages,
// behind a shared token, where an operator sees why the bot answered what
// it did (Try), which questions it could not answer (Unmatched), what an
// edit of intents.yaml would change before it is saved (Impact) and how the
// running bot is doing (Status).
//
// The console only reads: it never writes a configuration file, the one
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
)

// Engine answers a message and says why; *bot.Engine is one.
type Engine interface {
	Explain(ctx context.Context, msg bot.Message) (bot.Reply, *intents.Explanation, error)
}

// Deps are everything the console is built from.
type Deps struct {
	// Token is the shared secret operators sign in with
	// (FAQBOT_ADMIN_TOKEN). It also keys the session cookie's signature,
	// so changing it signs everyone out. It must not be empty.
	Token    string
	Engine   Engine
	Store    bot.Store
	Matchers bot.Matchers
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
	pages  pages
	impact chan struct{} // one impact preview at a time: each builds a Matcher
}

// New returns the console. It panics when d.Token is empty (the server
// mounts the console only when a token is configured) or a dependency the
// pages use is missing.
func New(d Deps) http.Handler {
	if d.Token == "" {
		panic("admin: empty token")
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
	if len(d.Token) < 16 {
		d.Logger.Warn("FAQBOT_ADMIN_TOKEN is short; use at least 32 random characters")
	}
	c := &console{d: d, keys: deriveKeys(d.Token), pages: loadPages(), impact: make(chan struct{}, 1)}
	return c.routes()
}
