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
//	<prefix>stats:<yyyymmdd>                    hash: o:<outcome> / f:<FAQ> → count   TTL bot.StatsDays
//	<prefix>{<prefix>stats:<yyyymmdd>}:batch:<batch>   "1"   TTL bot.StatsBatchMemory
//
// Days are Beijing-time days (bot.StatsDay). Replicas add their counts in
// batches (bot/report), a script call a few seconds apart. The batch key
// says a batch was added; its braces put it in the day's Cluster slot
// (the slot of a key without braces is the whole key's), which the
// script, touching both, needs. With a prefix that is a whole "{tag}"
// (keys.go) both are in the tag's slot.

var _ bot.StatsStore = (*Store)(nil)

func (k keys) stats(day string) string { return k.prefix + "stats:" + day }

// statsBatch is the key that says batch was added to the day's counters:
// under the prefix, in the Cluster slot of the day's key.
func (k keys) statsBatch(day, batch string) string {
	return k.prefix + "{" + k.stats(day) + "}:batch:" + batch
}

// addStatsScript adds a batch of counts once. KEYS: the day's hash, the
// batch key ("" in ARGV[1] when the batch is not de-duplicated). ARGV:
// batch seconds, day seconds, then field, count pairs.
var addStatsScript = redis.NewScript(`
if ARGV[1] ~= "" and not redis.call("SET", KEYS[2], "1", "NX", "EX", ARGV[1]) then
  return 0
end
for i = 3, #ARGV, 2 do
  redis.call("HINCRBY", KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call("EXPIRE", KEYS[1], ARGV[2])
return 1`)

// AddStats implements bot.StatsStore.
func (s *Store) AddStats(ctx context.Context, day, batch string, counts map[string]int64) error {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	key := s.keys.stats(day)
	memory, batchKey := "", key
	if batch != "" {
		memory, batchKey = strconv.Itoa(int(bot.StatsBatchMemory/time.Second)), s.keys.statsBatch(day, batch)
	}
	args := make([]any, 0, 2+2*len(counts))
	args = append(args, memory, int(bot.StatsDays*24*time.Hour/time.Second))
	for k, n := range counts {
		args = append(args, k, n)
	}
	if err := addStatsScript.Run(ctx, s.client, []string{key, batchKey}, args...).Err(); err != nil {
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
