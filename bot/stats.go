package bot

import (
	"context"
	"time"
)

// Daily statistics for the console's report: messages by outcome and
// answers by FAQ, per Beijing-time day, summed over every replica.

// StatsStore keeps the daily counters. Implementations must be safe for
// concurrent use and honour the context's deadline.
type StatsStore interface {
	// AddStats adds counts to day's counters. Keys are "o:<outcome>"
	// (answer, clarify, fallback, smalltalk, handover, …) and "f:<FAQ>".
	AddStats(ctx context.Context, day string, counts map[string]int64) error
	// Stats returns the counters of each day, in the order given; a day
	// without counts has an empty map.
	Stats(ctx context.Context, days []string) ([]map[string]int64, error)
}

// StatsDays is how long a day's counters are kept.
const StatsDays = 40

// Beijing is China Standard Time (UTC+8, no summer time): the desk's days.
var Beijing = time.FixedZone("CST", 8*60*60)

// StatsDay is the Beijing-time day of t as the counters name it.
func StatsDay(t time.Time) string { return t.In(Beijing).Format("20060102") }
