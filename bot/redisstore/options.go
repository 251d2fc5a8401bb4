package redisstore

import (
	"time"

	"github.com/kzrh/faqbot/bot"
)

// Options configure a Store. A zero field takes its default.
type Options struct {
	Prefix     string        // of every key; default "faqbot:"
	SessionTTL time.Duration // since the last Commit; default 30m
	DedupTTL   time.Duration // of a message's mark and reply; default 10m
	// Lease is how long a message being answered keeps other deliveries
	// of it away; past it a retry takes over (see lease.go). Give it the
	// engine's bot.Options.Lease (default bot.DefaultLease).
	Lease     time.Duration
	Retention time.Duration // of a day of logged questions; default 7 days
	// MaxQuestionsPerDay bounds one UTC day bucket of the question log
	// (default 2000). A full bucket drops the least asked question, the
	// least recently seen of those first; see the log script.
	MaxQuestionsPerDay int
	// QuestionShards spreads a day of the question log over this many
	// key pairs, in as many Cluster slots (default 16), each bounded to
	// its share of MaxQuestionsPerDay. A shard holds at least 100
	// questions: a small MaxQuestionsPerDay gets fewer shards.
	QuestionShards int
	// Timeout bounds every call but Questions, whatever the caller's
	// context (default 300ms): the engine must answer within WeChat's 5
	// seconds even when Redis does not.
	Timeout time.Duration
	// QuestionsTimeout bounds Questions, an operator's read of up to
	// Retention's worth of day buckets (default 5s).
	QuestionsTimeout time.Duration
	// Now is the clock that dates logged questions and the Questions
	// window, for tests; default time.Now. Redis's own clock expires keys.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = "faqbot:"
	}
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&o.SessionTTL, 30*time.Minute)
	set(&o.DedupTTL, 10*time.Minute)
	set(&o.Lease, bot.DefaultLease)
	set(&o.Retention, 7*24*time.Hour)
	set(&o.Timeout, 300*time.Millisecond)
	set(&o.QuestionsTimeout, 5*time.Second)
	if o.MaxQuestionsPerDay <= 0 {
		o.MaxQuestionsPerDay = 2000
	}
	if o.QuestionShards <= 0 {
		o.QuestionShards = 16
	}
	o.QuestionShards = max(1, min(o.QuestionShards, o.MaxQuestionsPerDay/minShardQuestions))
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// minShardQuestions is the fewest questions a shard of a day's log holds.
const minShardQuestions = 100
