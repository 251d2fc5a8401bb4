package reload_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/intents/reload"
)

// downSource is a published-rules store that does not answer until up.
type downSource struct {
	mu sync.Mutex
	up bool
}

func (d *downSource) Head(context.Context) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.up {
		return 0, errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	}
	return 0, nil
}

func (d *downSource) Fetch(context.Context, int64) (reload.Published, error) {
	return reload.Published{}, errors.New("nothing published")
}

type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *syncLog) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestFollowLogsAnOutageOnce: the store is asked twice a second; a Redis
// outage is one warning and its end one line, not a warning per tick.
func TestFollowLogsAnOutageOnce(t *testing.T) {
	faq, rules := fixture(t)
	faqPath, rulesPath := writeFiles(t, faq, rules)
	var logs syncLog
	rl, err := reload.New(faqPath, rulesPath, slog.New(slog.NewTextHandler(&logs, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	src := &downSource{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { rl.Follow(ctx, src, 5*time.Millisecond); close(done) }()
	time.Sleep(200 * time.Millisecond) // dozens of ticks
	src.mu.Lock()
	src.up = true
	src.mu.Unlock()
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-done
	out := logs.String()
	if n := strings.Count(out, "level=WARN"); n != 1 {
		t.Errorf("%d warnings for one outage, want 1:\n%s", n, out)
	}
	if n := strings.Count(out, "store answers again"); n != 1 {
		t.Errorf("%d lines for the end of the outage, want 1:\n%s", n, out)
	}
}
