package testskip

import (
	"strings"
	"testing"
)

func TestSummaryListsEveryReasonWithItsTests(t *testing.T) {
	mu.Lock()
	saved := skipped
	skipped = map[string][]string{
		"no Redis: install redis-server": {"TestC", "TestA", "TestB", "TestD"},
		"no browser":                     {"TestE"},
	}
	mu.Unlock()
	defer func() { mu.Lock(); skipped = saved; mu.Unlock() }()

	got := summarize()
	for _, want := range []string{
		"SKIPPED 5 test(s) in github.com/kzrh/faqbot/internal/testskip:",
		"  no Redis: install redis-server (TestA, TestB, TestC and 1 more)\n",
		"  no browser (TestE)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary\n%s\nlacks %q", got, want)
		}
	}
}

func TestNoSkipNoSummary(t *testing.T) {
	mu.Lock()
	saved := skipped
	skipped = map[string][]string{}
	mu.Unlock()
	defer func() { mu.Lock(); skipped = saved; mu.Unlock() }()
	if got := summarize(); got != "" {
		t.Errorf("summary without skips = %q, want none", got)
	}
}

func TestSkipfRecordsAndSkips(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		Skipf(t, "reason %d", 7)
		t.Error("Skipf returned")
	})
	mu.Lock()
	tests := skipped["reason 7"]
	delete(skipped, "reason 7")
	mu.Unlock()
	if len(tests) != 1 || tests[0] != "TestSkipfRecordsAndSkips/inner" {
		t.Errorf("recorded %v, want the inner test", tests)
	}
}
