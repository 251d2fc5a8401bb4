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
	// batch names these counts: a batch added already (within
	// StatsBatchMemory) is not added again, so that retrying a call whose
	// error hid its success (a reply lost to a timeout) does not count
	// twice. An empty batch is always added, as the message's ID is
	// always answered when empty.
	AddStats(ctx context.Context, day, batch string, counts map[string]int64) error
	// Stats returns the counters of each day, in the order given; a day
	// without counts has an empty map.
	Stats(ctx context.Context, days []string) ([]map[string]int64, error)
}

// StatsBatchMemory is how long a StatsStore remembers the batches it has
// added. bot/report retries a batch every few seconds while the store
// fails; only a batch whose first try landed unseen and whose retries
// failed for longer than this would be counted twice.
const StatsBatchMemory = time.Hour

// StatsDays is how long a day's counters are kept.
const StatsDays = 40

// Beijing is China Standard Time (UTC+8, no summer time): the desk's days.
var Beijing = time.FixedZone("CST", 8*60*60)

// StatsDay is the Beijing-time day of t as the counters name it.
func StatsDay(t time.Time) string { return t.In(Beijing).Format("20060102") }
