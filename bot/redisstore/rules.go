package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
)

// The published rules in Redis, shared by every replica:
//
//	<prefix>{rules}:head      number of the latest version
//	<prefix>{rules}:v:<n>     version n as JSON, with its text; kept for good
//	<prefix>{rules}:draft     hash: edit id → edit JSON
//	<prefix>{rules}:editseq   counter of edit ids
//	<prefix>{rules}:ignored   sorted set: question → time ignored (ms)
//
// The braces make them one Cluster hash slot, which the publish script
// (head and version together) and the history's MGET need. Replicas poll
// the head (one GET a second or so) and fetch a version when it moves.

var _ bot.RulesStore = (*Store)(nil)

func (k keys) rules(part string) string { return k.prefix + "{rules}:" + part }

func (k keys) rulesVersion(no int64) string { return k.rules("v:" + strconv.FormatInt(no, 10)) }

// publishScript stores a version only if the head is still the one the
// operator previewed against. KEYS: head, version key. ARGV: expected
// head, version JSON.
var publishScript = redis.NewScript(`
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
if head ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], head + 1)
return 1
`)

// rulesCall bounds one call of the rules store: operators' reads and
// writes, and the replicas' head polls, get the questions' timeout.
func (s *Store) rulesCall(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if s.closed.Load() {
		return nil, nil, bot.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.QuestionsTimeout)
	return ctx, cancel, nil
}

// PublishRules implements bot.RulesStore.
func (s *Store) PublishRules(ctx context.Context, v bot.RulesVersion, expect int64) (int64, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return 0, err
	}
	defer cancel()
	v.No = expect + 1
	data, err := json.Marshal(v)
	if err != nil {
		return 0, fmt.Errorf("encode rules version: %w", err)
	}
	ok, err := publishScript.Run(ctx, s.client, []string{s.keys.rules("head"), s.keys.rulesVersion(v.No)}, expect, data).Int()
	if err != nil {
		return 0, fmt.Errorf("redis publish rules: %w", err)
	}
	if ok == 0 {
		return 0, bot.ErrRulesMoved
	}
	return v.No, nil
}

// RulesHead implements bot.RulesStore.
func (s *Store) RulesHead(ctx context.Context) (int64, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return 0, err
	}
	defer cancel()
	n, err := s.client.Get(ctx, s.keys.rules("head")).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("redis rules head: %w", err)
	}
	return n, nil
}

// RulesVersion implements bot.RulesStore.
func (s *Store) RulesVersion(ctx context.Context, no int64) (bot.RulesVersion, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return bot.RulesVersion{}, err
	}
	defer cancel()
	data, err := s.client.Get(ctx, s.keys.rulesVersion(no)).Bytes()
	if errors.Is(err, redis.Nil) {
		return bot.RulesVersion{}, bot.ErrNoRulesVersion
	}
	if err != nil {
		return bot.RulesVersion{}, fmt.Errorf("redis rules version %d: %w", no, err)
	}
	var v bot.RulesVersion
	if err := json.Unmarshal(data, &v); err != nil {
		return bot.RulesVersion{}, fmt.Errorf("rules version %d does not decode: %w", no, err)
	}
	return v, nil
}

// RulesHistory implements bot.RulesStore.
func (s *Store) RulesHistory(ctx context.Context, limit int) ([]bot.RulesVersion, error) {
	head, err := s.RulesHead(ctx)
	if err != nil || head == 0 || limit <= 0 {
		return nil, err
	}
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	var ks []string
	for n := head; n >= 1 && len(ks) < limit; n-- {
		ks = append(ks, s.keys.rulesVersion(n))
	}
	vals, err := s.client.MGet(ctx, ks...).Result()
	if err != nil {
		return nil, fmt.Errorf("redis rules history: %w", err)
	}
	out := make([]bot.RulesVersion, 0, len(vals))
	for i, val := range vals {
		str, ok := val.(string)
		if !ok {
			continue // a version deleted by hand
		}
		var v bot.RulesVersion
		if err := json.Unmarshal([]byte(str), &v); err != nil {
			return nil, fmt.Errorf("%s does not decode: %w", ks[i], err)
		}
		v.Rules = nil
		out = append(out, v)
	}
	return out, nil
}

// AddRulesEdit implements bot.RulesStore.
func (s *Store) AddRulesEdit(ctx context.Context, e bot.RulesEdit) (string, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return "", err
	}
	defer cancel()
	n, err := s.client.Incr(ctx, s.keys.rules("editseq")).Result()
	if err != nil {
		return "", fmt.Errorf("redis rules edit id: %w", err)
	}
	e.ID = strconv.FormatInt(n, 10)
	data, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("encode rules edit: %w", err)
	}
	if err := s.client.HSet(ctx, s.keys.rules("draft"), e.ID, data).Err(); err != nil {
		return "", fmt.Errorf("redis add rules edit: %w", err)
	}
	return e.ID, nil
}

// RulesDraft implements bot.RulesStore.
func (s *Store) RulesDraft(ctx context.Context) ([]bot.RulesEdit, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	all, err := s.client.HGetAll(ctx, s.keys.rules("draft")).Result()
	if err != nil {
		return nil, fmt.Errorf("redis rules draft: %w", err)
	}
	out := make([]bot.RulesEdit, 0, len(all))
	for id, data := range all {
		var e bot.RulesEdit
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, fmt.Errorf("draft edit %s does not decode: %w", id, err)
		}
		out = append(out, e)
	}
	sortEdits(out)
	return out, nil
}

// sortEdits orders edits by id, which counts up.
func sortEdits(es []bot.RulesEdit) {
	id := func(e bot.RulesEdit) int64 { n, _ := strconv.ParseInt(e.ID, 10, 64); return n }
	slices.SortFunc(es, func(a, b bot.RulesEdit) int { return cmp.Compare(id(a), id(b)) })
}

// RemoveRulesEdits implements bot.RulesStore.
func (s *Store) RemoveRulesEdits(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	if err := s.client.HDel(ctx, s.keys.rules("draft"), ids...).Err(); err != nil {
		return fmt.Errorf("redis remove rules edits: %w", err)
	}
	return nil
}

// IgnoreQuestion implements bot.RulesStore.
func (s *Store) IgnoreQuestion(ctx context.Context, text string) error {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	key := s.keys.rules("ignored")
	pipe := s.client.TxPipeline()
	pipe.ZAdd(ctx, key, redis.Z{Score: float64(s.opts.Now().UnixMilli()), Member: text})
	pipe.ZRemRangeByRank(ctx, key, 0, -int64(bot.MaxIgnored)-1)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redis ignore question: %w", err)
	}
	return nil
}

// IgnoredQuestions implements bot.RulesStore.
func (s *Store) IgnoredQuestions(ctx context.Context) (map[string]bool, error) {
	ctx, cancel, err := s.rulesCall(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	qs, err := s.client.ZRange(ctx, s.keys.rules("ignored"), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("redis ignored questions: %w", err)
	}
	out := make(map[string]bool, len(qs))
	for _, q := range qs {
		out[q] = true
	}
	return out, nil
}
