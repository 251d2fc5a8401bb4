package redisstore

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/qlog"
)

// msPerDay scales the time of day into the fraction of a score.
const msPerDay = 24 * 60 * 60 * 1000

// logScript counts one question into its day bucket. The sorted set's
// score is count + (milliseconds since the bucket's UTC midnight)/msPerDay:
// the integer part is how often it was asked, the fraction when it was
// last seen. Ranking by score is then the order Questions wants (most
// asked, then most recent), and trimming the lowest ranks drops the least
// asked question, the least recently seen of those first.
//
// A new question has count 1 and the latest time of the bucket, so in a
// full bucket it replaces the least recently seen question asked once: a
// full bucket keeps every repeated question and a sliding window of the
// latest one-offs, in which a question has to recur to stay. When every
// question in the bucket was asked at least twice, the newcomer is the
// lowest and is trimmed at once. That is accepted: the bucket then holds
// MaxQuestionsPerDay questions each asked more often than it, operators
// look for the most frequent ones, and a new bucket starts every day.
//
// It is a script, not ZINCRBY + HSET + ZREMRANGEBYRANK in the pipeline,
// because a trimmed question's metadata must leave the hash too (else the
// hash grows with every distinct question of the day), and only a script
// knows which members the trim removed. It also keeps the later of two
// times when replicas' writes arrive out of order.
//
// KEYS: counts, meta. ARGV: question, ms since midnight, meta JSON,
// retention ms, max members.
var logScript = redis.NewScript(`
local seen = tonumber(ARGV[2])
local count, last = 0, -1
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
if old then
  old = tonumber(old)
  count = math.floor(old)
  last = math.floor((old - count) * 86400000 + 0.5)
end
if seen >= last then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
else
  seen = last
end
redis.call('ZADD', KEYS[1], count + 1 + seen / 86400000, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if over > 0 then
  for _, gone in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
    redis.call('HDEL', KEYS[2], gone)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
end
return count + 1
`)

// meta is what the log keeps of a question besides its count and time.
type meta struct {
	Kind string `json:"kind"`
	FAQ  int    `json:"faq,omitempty"`
	Lang string `json:"lang,omitempty"`
}

// logArgs are the keys and arguments of logScript for q.
func (s *Store) logArgs(q bot.Question) ([]string, []any) {
	at := q.Time
	if at.IsZero() {
		at = s.opts.Now()
	}
	day := qlog.Day(at)
	start, _ := qlog.DayStart(day)
	m, _ := json.Marshal(meta{Kind: q.Kind, FAQ: q.FAQ, Lang: q.Lang}) // plain strings and ints
	shard := s.shard(q.Text)
	perShard := (s.opts.MaxQuestionsPerDay + s.opts.QuestionShards - 1) / s.opts.QuestionShards
	return []string{s.keys.counts(day, shard), s.keys.meta(day, shard)},
		[]any{q.Text, at.Sub(start).Milliseconds(), m, s.opts.Retention.Milliseconds(), perShard}
}

// shard is the shard of a day's log that question goes to.
func (s *Store) shard(question string) int {
	h := fnv.New32a()
	h.Write([]byte(question))
	return int(h.Sum32() % uint32(s.opts.QuestionShards))
}

// logQuestion queues logScript by its hash, to spare sending its text with
// every message.
func (s *Store) logQuestion(ctx context.Context, pipe redis.Pipeliner, q bot.Question) *redis.Cmd {
	k, args := s.logArgs(q)
	return pipe.EvalSha(ctx, logScript.Hash(), k, args...)
}

// logQuestionAgain sends logScript in full, for a server that did not know
// its hash (first use, restart, failover); EVALSHA finds it from then on.
func (s *Store) logQuestionAgain(ctx context.Context, q bot.Question) error {
	k, args := s.logArgs(q)
	return logScript.Eval(ctx, s.client, k, args...).Err()
}

func isNoScript(err error) bool { return err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") }

// Questions implements bot.Store, in one round trip: the counts and
// metadata of every day bucket from since to now, merged here rather than
// by ZUNION, which Cluster refuses across slots. top <= 0 returns every
// question.
func (s *Store) Questions(ctx context.Context, since time.Time, top int, kinds ...string) ([]bot.QuestionCount, error) {
	if s.closed.Load() {
		return nil, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.QuestionsTimeout)
	defer cancel()

	now := s.opts.Now()
	since = qlog.Since(since, now, s.opts.Retention)
	days := qlog.Days(since, now)
	if len(days) == 0 {
		return []bot.QuestionCount{}, nil
	}
	type bucket struct {
		day    string
		counts *redis.ZSliceCmd
		metas  *redis.MapStringStringCmd
	}
	pipe := s.client.Pipeline()
	var buckets []bucket
	for _, day := range days {
		for shard := -1; shard < s.opts.QuestionShards; shard++ { // -1: an earlier release's key
			buckets = append(buckets, bucket{day,
				pipe.ZRangeWithScores(ctx, s.keys.counts(day, shard), 0, -1),
				pipe.HGetAll(ctx, s.keys.meta(day, shard))})
		}
	}
	cmds, err := pipe.Exec(ctx)
	if err := s.failed("questions", cmds, err); err != nil {
		return nil, err
	}

	var entries []qlog.Entry
	for _, b := range buckets {
		start, _ := qlog.DayStart(b.day)
		for _, z := range b.counts.Val() {
			e := decodeScore(z.Score, start)
			e.Text, _ = z.Member.(string)
			var m meta
			if json.Unmarshal([]byte(b.metas.Val()[e.Text]), &m) == nil {
				e.Kind, e.FAQ, e.Lang = m.Kind, m.FAQ, m.Lang
			}
			entries = append(entries, e)
		}
	}
	return qlog.Top(entries, since, top, kinds), nil
}

// decodeScore splits a logScript score into the count and the time last
// seen; float64 holds both exactly while the count stays under 2^26.
func decodeScore(score float64, dayStart time.Time) qlog.Entry {
	count := math.Floor(score)
	ms := math.Round((score - count) * msPerDay)
	return qlog.Entry{Count: int64(count), Last: dayStart.Add(time.Duration(ms) * time.Millisecond)}
}
