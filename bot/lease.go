package bot

import "time"

// A message's de-duplication mark is a lease, not a lock held until the
// mark expires: a replica that crashes, or a store that stalls, between
// Begin and Commit must not leave the message unanswerable. The platform
// retries an unanswered callback after 5 seconds; the lease is over by
// then, so the retry takes it over and answers.

// matchBudget is what a turn may spend between its two store calls:
// matching and composing take microseconds, and the matcher bounds the
// text it looks at (issue 11), so a second is a generous ceiling that
// also covers a loaded machine's scheduling delays.
const matchBudget = time.Second

// leaseMargin is how much longer than the longest possible turn a lease
// lasts, so that a slow but live turn keeps its lease.
const leaseMargin = 2 * time.Second

// Lease is how long a message's pending mark protects its first delivery:
// the longest turn the engine allows (Begin and Commit each bounded by
// StoreTimeout, plus the match) and a margin. With the defaults it is 4 s,
// under the platform's 5-second retry interval. A store must be given this
// value (memstore.Options.Lease, redisstore.Options.Lease) so that the
// engine and the store agree on it.
func (o Options) Lease() time.Duration {
	st := o.StoreTimeout
	if st <= 0 {
		st = defaultStoreTimeout
	}
	return 2*st + matchBudget + leaseMargin
}

// DefaultLease is the lease of the default Options, for stores built
// without an engine's Options.
var DefaultLease = Options{}.Lease()
