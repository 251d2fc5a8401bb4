package reload

import (
	"context"
	"log/slog"
	"time"
)

// Source is where published rules come from: the shared store.
type Source interface {
	// Head is the latest published version's number, 0 when none.
	Head(ctx context.Context) (int64, error)
	// Fetch returns one published version.
	Fetch(ctx context.Context, no int64) (Published, error)
}

// FollowEvery is how often Follow asks the store for a new version: a
// publish reaches every replica within this plus the time to build the
// matcher (well under the console's promise of 2 seconds).
const FollowEvery = 500 * time.Millisecond

// Follow loads each version published to src until ctx is done. A
// version that does not validate against this replica's faq.yaml is
// logged once and skipped; the next one is tried when it comes.
func (r *Reloader) Follow(ctx context.Context, src Source, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var failed int64
	for {
		if no, err := r.SyncPublished(ctx, src, failed); err != nil {
			failed = no
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SyncPublished loads the latest published version unless it is already
// serving or is skip. It returns the version it tried.
func (r *Reloader) SyncPublished(ctx context.Context, src Source, skip int64) (int64, error) {
	r.syncMu.Lock()
	defer r.syncMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	head, err := src.Head(ctx)
	if err != nil {
		// Asked twice a second: an outage is logged once, not at every
		// tick (issue 11), and its end once.
		level := slog.LevelDebug
		if !r.headFailing.Swap(true) {
			level = slog.LevelWarn
		}
		r.log.LogAttrs(ctx, level, "published rules: the store did not answer; the rules loaded keep serving", slog.String("error", err.Error()))
		return 0, nil
	}
	if r.headFailing.Swap(false) {
		r.log.Info("published rules: the store answers again")
	}
	if cur := r.published.Load(); head == 0 || head == skip || cur != nil && cur.No == head {
		return head, nil
	}
	p, err := src.Fetch(ctx, head)
	if err != nil {
		r.log.Warn("published rules: the version could not be read", slog.Int64("version", head), slog.String("error", err.Error()))
		return 0, nil
	}
	if err := r.UsePublished(p); err != nil {
		return head, err // logged by reload
	}
	r.log.Info("published rules loaded", slog.Int64("version", head), slog.String("by", p.Author))
	return head, nil
}
