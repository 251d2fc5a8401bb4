package redisstore

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/qlog"
)

// TestQuestionLogIsSpreadOverSlots is issue 11's Cluster finding: every
// message updated the one day key q:{yyyymmdd}, so the node holding its
// slot carried all traffic, and freezing it slowed every message. A day's
// questions now go to as many hash tags as shards, and Questions reads
// them back whole, together with a bucket an earlier release wrote.
func TestQuestionLogIsSpreadOverSlots(t *testing.T) {
	s := testStore(t, Options{})
	ctx := context.Background()
	now := time.Now()
	const distinct = 200
	var asked int64
	for i := range distinct {
		for range 1 + i%3 {
			asked++
			q := &bot.Question{Text: fmt.Sprintf("问题 %d", i), Kind: "fallback", Time: now}
			if err := s.Commit(ctx, bot.SessionKey{}, "", bot.Session{}, bot.Reply{}, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A question an earlier release logged today, in the unsharded bucket.
	day := qlog.Day(now)
	start, _ := qlog.DayStart(day)
	score := 1 + float64(now.Sub(start).Milliseconds())/msPerDay
	if err := s.client.ZAdd(ctx, s.keys.counts(day, -1), redis.Z{Score: score, Member: "旧版本的问题"}).Err(); err != nil {
		t.Fatal(err)
	}
	keys, err := scanKeys(ctx, s.client, s.opts.Prefix+"q:")
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	for _, k := range keys {
		if k != s.keys.counts(day, -1) {
			tags[regexp.MustCompile(`\{[^}]*\}`).FindString(k)] = true
		}
	}
	if len(tags) != s.opts.QuestionShards {
		t.Errorf("%d questions of one day went to %d hash tags, want %d (one per shard)", distinct, len(tags), s.opts.QuestionShards)
	}
	qs, err := s.Questions(ctx, now.Add(-time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, q := range qs {
		total += q.Count
	}
	if len(qs) != distinct+1 || total != asked+1 {
		t.Errorf("Questions gave %d questions asked %d times, want %d asked %d times", len(qs), total, distinct+1, asked+1)
	}
}
