package memstore

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// The daily counters in memory: this replica's only.

var _ bot.StatsStore = (*Store)(nil)

// AddStats implements bot.StatsStore.
func (s *Store) AddStats(ctx context.Context, day, batch string, counts map[string]int64) error {
	return s.rulesOp(ctx, func(*rulesState) error {
		if s.stats == nil {
			s.stats = map[string]map[string]int64{}
		}
		if batch != "" {
			now := time.Now()
			if s.batches == nil {
				s.batches = map[string]time.Time{}
			}
			for b, at := range s.batches {
				if now.Sub(at) > bot.StatsBatchMemory {
					delete(s.batches, b)
				}
			}
			if _, done := s.batches[batch]; done {
				return nil
			}
			s.batches[batch] = now
		}
		d := s.stats[day]
		if d == nil {
			d = map[string]int64{}
			s.stats[day] = d
		}
		for k, n := range counts {
			d[k] += n
		}
		// Forget the oldest days past bot.StatsDays (days sort as text).
		if len(s.stats) > bot.StatsDays {
			days := slices.Sorted(maps.Keys(s.stats))
			for _, old := range days[:len(days)-bot.StatsDays] {
				delete(s.stats, old)
			}
		}
		return nil
	})
}

// Stats implements bot.StatsStore.
func (s *Store) Stats(ctx context.Context, days []string) ([]map[string]int64, error) {
	out := make([]map[string]int64, len(days))
	err := s.rulesOp(ctx, func(*rulesState) error {
		for i, day := range days {
			out[i] = maps.Clone(s.stats[day])
			if out[i] == nil {
				out[i] = map[string]int64{}
			}
		}
		return nil
	})
	return out, err
}
