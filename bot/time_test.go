package bot_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
	"github.com/kzrh/faqbot/bot/testrules"
)

// failedCommits counts the store failures the engine answered around.
type failedCommits struct {
	bot.Metrics
	n atomic.Int32
}

func (f *failedCommits) Degraded(string) { f.n.Add(1) }

// TestAbsurdMessageTimeDoesNotFailTheCommit: a message dated past year
// 9999 (a CreateTime of 2^62) made the Redis Commit fail on its JSON time,
// which left a pending mark and no stored reply.
func TestAbsurdMessageTimeDoesNotFailTheCommit(t *testing.T) {
	srv := redistest.Shared(t)
	store := newRedisStore(t, srv, redisstore.Options{Prefix: srv.Prefix(t)})
	metrics := &failedCommits{Metrics: nopMetrics{}}
	e := bot.New(bot.Static{M: testrules.Matcher(t)}, store, bot.Options{Metrics: metrics})
	for _, at := range []time.Time{time.Unix(1<<62, 0), time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC)} {
		msg := bot.Message{Channel: "wecom", User: "u", ID: "t" + at.Format("20060102"), Text: "一次能借几本书", Time: at}
		if _, err := e.Handle(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		r, err := store.Reply(context.Background(), "wecom:"+msg.ID)
		if err != nil || r == nil {
			t.Errorf("message dated %v: stored reply %v, %v; want the reply stored", at, r, err)
		}
	}
	if n := metrics.n.Load(); n != 0 {
		t.Errorf("%d store failures", n)
	}
}

type nopMetrics struct{}

func (nopMetrics) Replied(string, string, int, time.Duration) {}
func (nopMetrics) Matched(time.Duration)                      {}
func (nopMetrics) Degraded(string)                            {}
func (nopMetrics) Reclaimed(string)                           {}
