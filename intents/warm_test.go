package intents

import (
	"slices"
	"sync"
	"testing"
)

// TestWarmMakesTheSameMatcher: a Matcher built on the dictionary Warm
// prepared cuts and decides as one built from scratch; Matchers built at
// the same time as it share nothing.
func TestWarmMakesTheSameMatcher(t *testing.T) {
	cfg := fixtureConfig(t)
	Warm()
	warmed.mu.Lock()
	prepared := warmed.ready != nil
	warmed.mu.Unlock()
	if !prepared {
		t.Fatal("Warm prepared nothing for the next New: the test would compare two cold builds")
	}
	var warm, cold, other *Matcher
	var wg sync.WaitGroup
	for _, p := range []**Matcher{&warm, &other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := New(cfg)
			if err != nil {
				t.Error(err)
			}
			*p = m
		}()
	}
	wg.Wait()
	var err error
	cold, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if warm == nil || other == nil {
		t.FailNow()
	}
	var texts []string
	for _, fr := range cfg.Rules.FAQs {
		texts = append(texts, fr.Alternates...)
	}
	texts = append(texts, cfg.Rules.OutOfScope...)
	for _, q := range texts {
		want := cold.Match(q)
		for _, m := range []*Matcher{warm, other} {
			if got := m.Match(q); got.Kind != want.Kind || got.FAQ != want.FAQ || got.Score != want.Score || !slices.Equal(got.Suggestions, want.Suggestions) {
				t.Errorf("%q: %s %d %v %.6f, built from scratch %s %d %v %.6f", q, got.Kind, got.FAQ, got.Suggestions, got.Score, want.Kind, want.FAQ, want.Suggestions, want.Score)
			}
			if got, want := m.Cut(q), cold.Cut(q); !slices.Equal(got, want) {
				t.Errorf("%q cut %v, from scratch %v", q, got, want)
			}
		}
	}
	if warm.dict == other.dict {
		t.Error("two Matchers share one dictionary")
	}
}
