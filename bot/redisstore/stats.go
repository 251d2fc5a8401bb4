package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
)

// The daily counters in Redis, summed over every replica:
//
//	<prefix>stats:<yyyymmdd>   hash: o:<outcome> / f:<FAQ> → count   TTL bot.StatsDays
//
// Days are Beijing-time days (bot.StatsDay). Replicas add their counts in
// batches (bot/report), one pipeline of HINCRBYs a few seconds apart.

var _ bot.StatsStore = (*Store)(nil)

func (k keys) stats(day string) string { return k.prefix + "stats:" + day }

// AddStats implements bot.StatsStore.
func (s *Store) AddStats(ctx context.Context, day string, counts map[string]int64) error {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	key := s.keys.stats(day)
	pipe := s.client.Pipeline()
	for k, n := range counts {
		pipe.HIncrBy(ctx, key, k, n)
	}
	pipe.Expire(ctx, key, bot.StatsDays*24*time.Hour)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redis add stats: %w", err)
	}
	return nil
}

// Stats implements bot.StatsStore.
func (s *Store) Stats(ctx context.Context, days []string) ([]map[string]int64, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	pipe := s.client.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(days))
	for i, day := range days {
		cmds[i] = pipe.HGetAll(ctx, s.keys.stats(day))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redis stats: %w", err)
	}
	out := make([]map[string]int64, len(days))
	for i, c := range cmds {
		out[i] = map[string]int64{}
		for k, v := range c.Val() {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("stats %s %s=%q is not a number", days[i], k, v)
			}
			out[i][k] = n
		}
	}
	return out, nil
}
