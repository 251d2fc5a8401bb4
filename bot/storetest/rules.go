package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// RunRules is the conformance suite of a bot.RulesStore. newStore returns
// an empty store and releases it with t.Cleanup.
func RunRules(t *testing.T, newStore func(t *testing.T) bot.RulesStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, s bot.RulesStore)
	}{
		{"NothingPublishedAtFirst", testRulesEmpty},
		{"PublishNumbersVersionsAndKeepsThem", testRulesPublish},
		{"PublishAgainstAnOldHeadIsRefused", testRulesMoved},
		{"ConcurrentPublishesGetOneNumberEach", testRulesConcurrent},
		{"HistoryIsNewestFirstWithoutText", testRulesHistory},
		{"DraftKeepsEditsInOrder", testRulesDraft},
		{"IgnoredQuestions", testRulesIgnored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newStore(t))
		})
	}
}

var at = time.Date(2026, 12, 1, 2, 3, 4, 0, time.UTC)

func version(text, author string) bot.RulesVersion {
	return bot.RulesVersion{Rules: []byte(text), Author: author, Note: "note of " + author, At: at, FileBase: "abc123",
		Edits: []bot.RulesEdit{{ID: "1", Kind: bot.EditExample, Question: "问题", FAQ: 3, Author: author, At: at}}}
}

func testRulesEmpty(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	if n, err := s.RulesHead(ctx); err != nil || n != 0 {
		t.Errorf("RulesHead = %d, %v; want 0", n, err)
	}
	if _, err := s.RulesVersion(ctx, 1); !errors.Is(err, bot.ErrNoRulesVersion) {
		t.Errorf("RulesVersion(1) error %v, want ErrNoRulesVersion", err)
	}
	if h, err := s.RulesHistory(ctx, 10); err != nil || len(h) != 0 {
		t.Errorf("RulesHistory = %v, %v; want none", h, err)
	}
}

func testRulesPublish(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	for i, author := range []string{"王芳", "li"} {
		n, err := s.PublishRules(ctx, version(fmt.Sprintf("faqs: [] # %d\n", i), author), int64(i))
		if err != nil || n != int64(i+1) {
			t.Fatalf("publish %d: %d, %v", i, n, err)
		}
	}
	if n, err := s.RulesHead(ctx); err != nil || n != 2 {
		t.Fatalf("RulesHead = %d, %v; want 2", n, err)
	}
	v, err := s.RulesVersion(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v.No != 1 || string(v.Rules) != "faqs: [] # 0\n" || v.Author != "王芳" || v.Note != "note of 王芳" ||
		!v.At.Equal(at) || v.FileBase != "abc123" || len(v.Edits) != 1 || v.Edits[0].Question != "问题" {
		t.Errorf("version 1 reads back as %+v", v)
	}
}

func testRulesMoved(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	if _, err := s.PublishRules(ctx, version("a: 1\n", "a"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishRules(ctx, version("b: 1\n", "b"), 0); !errors.Is(err, bot.ErrRulesMoved) {
		t.Errorf("publishing against head 0 after version 1: error %v, want ErrRulesMoved", err)
	}
	if v, _ := s.RulesVersion(ctx, 1); string(v.Rules) != "a: 1\n" {
		t.Errorf("version 1 was overwritten: %q", v.Rules)
	}
}

func testRulesConcurrent(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 8 {
		wg.Go(func() {
			_, err := s.PublishRules(ctx, version(fmt.Sprintf("n: %d\n", i), "x"), 0)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case !errors.Is(err, bot.ErrRulesMoved):
				t.Errorf("publish: %v", err)
			}
		})
	}
	wg.Wait()
	if won != 1 {
		t.Errorf("%d publishes against the same head succeeded, want 1", won)
	}
}

func testRulesHistory(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	for i := range 5 {
		if _, err := s.PublishRules(ctx, version("x: 1\n", fmt.Sprint("op", i)), int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.RulesHistory(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0].No != 5 || h[2].No != 3 || h[0].Author != "op4" {
		t.Fatalf("history = %+v, want versions 5, 4, 3", h)
	}
	for _, v := range h {
		if v.Rules != nil {
			t.Errorf("history carries version %d's text", v.No)
		}
	}
}

func testRulesDraft(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	var ids []string
	for i := range 12 {
		id, err := s.AddRulesEdit(ctx, bot.RulesEdit{Kind: bot.EditOutOfScope, Question: fmt.Sprint("问题", i), Author: "a", At: at})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := s.RemoveRulesEdits(ctx, ids[0], ids[5], "no-such-id"); err != nil {
		t.Fatal(err)
	}
	d, err := s.RulesDraft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 10 || d[0].Question != "问题1" || d[4].Question != "问题6" || d[9].Question != "问题11" || d[0].ID != ids[1] {
		t.Errorf("draft = %+v, want 问题1…问题11 without 问题5, oldest first", d)
	}
}

func testRulesIgnored(t *testing.T, s bot.RulesStore) {
	ctx := context.Background()
	for _, q := range []string{"甲", "乙", "甲"} {
		if err := s.IgnoreQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.IgnoredQuestions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got["甲"] || !got["乙"] {
		t.Errorf("ignored = %v, want 甲 and 乙", got)
	}
}

// RunStats is the conformance suite of a bot.StatsStore.
func RunStats(t *testing.T, newStore func(t *testing.T) bot.StatsStore) {
	t.Run("CountsAddUpPerDayAndEmptyDaysAreEmpty", func(t *testing.T) {
		s := newStore(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := range 4 { // replicas adding at once
			wg.Go(func() {
				if err := s.AddStats(ctx, "20261201", fmt.Sprintf("replica%d-1", i), map[string]int64{"o:answer": 3, "f:7": 2}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		// A batch added again (a retry after a lost reply) counts once;
		// another batch counts, and so does every unnamed one.
		for _, name := range []string{"r1-1", "r1-1", "r2-1", "", ""} {
			if err := s.AddStats(ctx, "20261202", name, map[string]int64{"o:fallback": 1}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Stats(ctx, []string{"20261130", "20261201", "20261202"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || len(got[0]) != 0 || got[1]["o:answer"] != 12 || got[1]["f:7"] != 8 || got[2]["o:fallback"] != 4 {
			t.Errorf("stats = %v", got)
		}
	})
}
