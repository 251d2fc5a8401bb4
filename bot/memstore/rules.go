package memstore

import (
	"context"
	"slices"
	"strconv"

	"github.com/kzrh/faqbot/bot"
)

// The published rules in memory: for one replica only, since nothing else
// sees them; the console says so.

var _ bot.RulesStore = (*Store)(nil)

type rulesState struct {
	versions []bot.RulesVersion // versions[i].No == i+1
	draft    []bot.RulesEdit
	nextEdit int
	ignored  []string // oldest first
}

func (s *Store) rulesOp(ctx context.Context, f func(r *rulesState) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return bot.ErrClosed
	}
	return f(&s.rules)
}

// PublishRules implements bot.RulesStore.
func (s *Store) PublishRules(ctx context.Context, v bot.RulesVersion, expect int64) (int64, error) {
	err := s.rulesOp(ctx, func(r *rulesState) error {
		if int64(len(r.versions)) != expect {
			return bot.ErrRulesMoved
		}
		v.No = expect + 1
		v.Rules = slices.Clone(v.Rules)
		r.versions = append(r.versions, v)
		return nil
	})
	return v.No, err
}

// RulesHead implements bot.RulesStore.
func (s *Store) RulesHead(ctx context.Context) (int64, error) {
	var n int64
	err := s.rulesOp(ctx, func(r *rulesState) error { n = int64(len(r.versions)); return nil })
	return n, err
}

// RulesVersion implements bot.RulesStore.
func (s *Store) RulesVersion(ctx context.Context, no int64) (bot.RulesVersion, error) {
	var v bot.RulesVersion
	err := s.rulesOp(ctx, func(r *rulesState) error {
		if no < 1 || no > int64(len(r.versions)) {
			return bot.ErrNoRulesVersion
		}
		v = r.versions[no-1]
		v.Rules = slices.Clone(v.Rules)
		return nil
	})
	return v, err
}

// RulesHistory implements bot.RulesStore.
func (s *Store) RulesHistory(ctx context.Context, limit int) ([]bot.RulesVersion, error) {
	var out []bot.RulesVersion
	err := s.rulesOp(ctx, func(r *rulesState) error {
		for i := len(r.versions) - 1; i >= 0 && len(out) < limit; i-- {
			v := r.versions[i]
			v.Rules = nil
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// AddRulesEdit implements bot.RulesStore.
func (s *Store) AddRulesEdit(ctx context.Context, e bot.RulesEdit) (string, error) {
	err := s.rulesOp(ctx, func(r *rulesState) error {
		r.nextEdit++
		e.ID = strconv.Itoa(r.nextEdit)
		r.draft = append(r.draft, e)
		return nil
	})
	return e.ID, err
}

// RulesDraft implements bot.RulesStore.
func (s *Store) RulesDraft(ctx context.Context) ([]bot.RulesEdit, error) {
	var out []bot.RulesEdit
	err := s.rulesOp(ctx, func(r *rulesState) error { out = slices.Clone(r.draft); return nil })
	return out, err
}

// RemoveRulesEdits implements bot.RulesStore.
func (s *Store) RemoveRulesEdits(ctx context.Context, ids ...string) error {
	return s.rulesOp(ctx, func(r *rulesState) error {
		r.draft = slices.DeleteFunc(r.draft, func(e bot.RulesEdit) bool { return slices.Contains(ids, e.ID) })
		return nil
	})
}

// IgnoreQuestion implements bot.RulesStore.
func (s *Store) IgnoreQuestion(ctx context.Context, text string) error {
	return s.rulesOp(ctx, func(r *rulesState) error {
		r.ignored = append(slices.DeleteFunc(r.ignored, func(q string) bool { return q == text }), text)
		if len(r.ignored) > bot.MaxIgnored {
			r.ignored = slices.Delete(r.ignored, 0, len(r.ignored)-bot.MaxIgnored)
		}
		return nil
	})
}

// IgnoredQuestions implements bot.RulesStore.
func (s *Store) IgnoredQuestions(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.rulesOp(ctx, func(r *rulesState) error {
		for _, q := range r.ignored {
			out[q] = true
		}
		return nil
	})
	return out, err
}
