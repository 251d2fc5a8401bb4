// Package reload keeps the bot's matcher current while it serves: it
// reloads faq.yaml and intents.yaml when they change on disk or when asked
// (SIGHUP), validates them exactly as `faqbot check` does, builds a new
// Matcher beside the old one and swaps it atomically. A message in flight
// finishes on the matcher it started with; a broken edit is rejected and
// the old configuration keeps serving.
//
// It watches the files' directories rather than the files: editors replace
// files by renaming, and a Kubernetes ConfigMap volume swaps a ..data
// symlink, neither of which a watch on the file itself would see.
// github.com/fsnotify/fsnotify is the de-facto standard for this in Go
// (inotify on Linux) and has no dependencies beyond x/sys.
package reload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kzrh/faqbot/intents"
)

// Status describes the loaded configuration and the last reload.
type Status struct {
	Version     string    `json:"version"`
	LoadedAt    time.Time `json:"loaded_at"`
	LastAttempt time.Time `json:"last_attempt"`
	LastResult  string    `json:"last_result"` // ok, unchanged, rejected
	LastError   string    `json:"last_error,omitempty"`
}

// Reloader holds the current matcher. It is safe for concurrent use.
type Reloader struct {
	faqPath, intentsPath string
	log                  *slog.Logger
	onResult             func(result string)
	snaps                *intents.Snapshots // nil: every build trains

	headFailing atomic.Bool // the published rules' store failed last time (follow.go)

	mu sync.Mutex // serialises reloads
	// syncMu serialises SyncPublished: reading the head, fetching it and
	// loading it are one step, so that a sync that read an older head
	// cannot load its version over a newer one another sync loaded
	// meanwhile (the console's sync after a publish beside Follow's).
	syncMu sync.Mutex
	cur    atomic.Pointer[intents.Matcher]
	status atomic.Pointer[Status]
	// published rules replace the file's intents.yaml; see published.go.
	published atomic.Pointer[Published]
	serving   atomic.Pointer[Serving]
}

// New loads the configuration once; it fails when the files are invalid.
// onResult, if not nil, is told the result of every reload (ok, unchanged,
// rejected), for metrics.
func New(faqPath, intentsPath string, log *slog.Logger, onResult func(string)) (*Reloader, error) {
	return NewWithSnapshots(faqPath, intentsPath, log, onResult, nil)
}

// NewWithSnapshots is New, every matcher of which loads its trained model
// from snaps when it has the configuration's, and saves it there when it
// trains (intents.Open).
func NewWithSnapshots(faqPath, intentsPath string, log *slog.Logger, onResult func(string), snaps *intents.Snapshots) (*Reloader, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if onResult == nil {
		onResult = func(string) {}
	}
	r := &Reloader{faqPath: faqPath, intentsPath: intentsPath, log: log, onResult: onResult, snaps: snaps}
	cfg, src, err := r.load(nil)
	if err != nil {
		return nil, err
	}
	m := r.open(cfg)
	now := time.Now()
	r.cur.Store(m)
	r.serving.Store(src)
	r.status.Store(&Status{Version: m.Config().Version, LoadedAt: now, LastAttempt: now, LastResult: "ok"})
	return r, nil
}

// open builds cfg's matcher, from its snapshot when there is one.
func (r *Reloader) open(cfg *intents.Config) *intents.Matcher {
	m, loaded, err := intents.Open(cfg, r.snaps)
	switch {
	case errors.Is(err, intents.ErrUntrustedDir):
		r.log.Warn("trained model snapshots", slog.String("error", err.Error()))
	case err != nil:
		// A cache that failed (a read-only directory, a damaged file): the
		// matcher is trained and good. The error says which.
		r.log.Info("trained model snapshot", slog.String("error", err.Error()))
	}
	if loaded {
		r.log.Info("trained model loaded from its snapshot", slog.String("version", cfg.Version))
	}
	return m
}

// Current returns the matcher to use for the next message.
func (r *Reloader) Current() *intents.Matcher { return r.cur.Load() }

// Status returns the loaded version and the last reload's result.
func (r *Reloader) Status() Status { return *r.status.Load() }

// Reload reads the files again and swaps in the new matcher when they are
// valid and changed. On error the old matcher stays.
func (r *Reloader) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reload(r.published.Load())
}

// reload builds the configuration of the files, or of faq.yaml and p
// when rules are published, and swaps it in; r.mu is held.
func (r *Reloader) reload(p *Published) error {
	now := time.Now()
	st := r.Status()
	st.LastAttempt = now
	// Validate first and compare versions before building: a matcher
	// costs tens of milliseconds and megabytes, and most events (an
	// editor's temporary file, a ConfigMap's other keys) change nothing.
	cfg, src, err := r.load(p)
	var m *intents.Matcher
	if err == nil && cfg.Version == st.Version {
		r.published.Store(p)
		r.serving.Store(src)
		st.LastResult, st.LastError = "unchanged", ""
		r.status.Store(&st)
		r.onResult("unchanged")
		return nil
	}
	if err == nil {
		m = r.open(cfg)
	}
	if err != nil {
		st.LastResult, st.LastError = "rejected", err.Error()
		r.status.Store(&st)
		r.onResult("rejected")
		var ve *intents.ValidationError
		if errors.As(err, &ve) {
			for _, p := range *ve {
				r.log.Error("configuration rejected; the previous one keeps serving", slog.String("problem", p.String()))
			}
		} else {
			r.log.Error("configuration rejected; the previous one keeps serving", slog.String("error", err.Error()))
		}
		return err
	}
	r.cur.Store(m)
	r.published.Store(p)
	r.serving.Store(src)
	st = Status{Version: m.Config().Version, LoadedAt: now, LastAttempt: now, LastResult: "ok"}
	r.status.Store(&st)
	r.onResult("ok")
	r.log.Info("configuration reloaded", slog.String("version", st.Version))
	return nil
}

// concerns reports whether a change to the file name can change the
// configuration: one of the two files, or Kubernetes's ..data symlink
// (a ConfigMap volume swaps it to replace every file at once).
func (r *Reloader) concerns(name string) bool {
	base := filepath.Base(name)
	return base == filepath.Base(r.faqPath) || base == filepath.Base(r.intentsPath) || base == "..data"
}

// DefaultQuiet is how long both files must stay unchanged (size and
// modification time) before a change is loaded. A file copied with scp or
// saved in place is written in pieces; a prefix of intents.yaml can be
// valid YAML and valid rules, and would be served. Replacing a file
// atomically (write beside it, then rename) needs no wait; a ConfigMap
// swap is atomic too.
const DefaultQuiet = time.Second

// Watch reloads whenever either file's directory reports a change and both
// files have then stayed unchanged for quiet (DefaultQuiet when <= 0),
// until ctx is done.
func (r *Reloader) Watch(ctx context.Context, quiet time.Duration) error {
	if quiet <= 0 {
		quiet = DefaultQuiet
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch configuration: %w", err)
	}
	defer w.Close()
	dirs := map[string]bool{filepath.Dir(r.faqPath): true, filepath.Dir(r.intentsPath): true}
	for d := range dirs {
		if err := w.Add(d); err != nil {
			return fmt.Errorf("watch %s: %w", d, err)
		}
	}
	// A write in progress may send no event for a while (a slow copy over
	// the network): the files' sizes and times are polled while a change
	// is pending, and every event or difference starts the wait again.
	poll := time.NewTicker(max(quiet/5, 10*time.Millisecond))
	defer poll.Stop()
	var (
		pending bool
		last    fileStates
		stable  time.Time // since when last has held
	)
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod || !r.concerns(ev.Name) {
				continue
			}
			pending, last, stable = true, r.states(), time.Now()
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			r.log.Warn("configuration watch error", slog.String("error", err.Error()))
		case now := <-poll.C:
			if !pending {
				continue
			}
			if cur := r.states(); cur != last {
				last, stable = cur, now
				continue
			}
			if now.Sub(stable) >= quiet {
				pending = false
				_ = r.Reload() // logged and counted inside
			}
		}
	}
}

// fileState is what tells that a file is still being written.
type fileState struct {
	size    int64
	modTime time.Time
	missing bool // between an editor's delete and create, say
}

type fileStates [2]fileState

func (r *Reloader) states() fileStates {
	return fileStates{stat(r.faqPath), stat(r.intentsPath)}
}

// stat follows symbolic links: a ConfigMap's files are links into ..data.
func stat(path string) fileState {
	fi, err := os.Stat(path)
	if err != nil {
		return fileState{missing: true}
	}
	return fileState{size: fi.Size(), modTime: fi.ModTime()}
}
