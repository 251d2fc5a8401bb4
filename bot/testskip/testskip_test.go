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
		"SKIPPED 5 test(s) in github.com/kzrh/faqbot/bot/testskip:",
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

// skipRecorder is a test whose Skip is recorded instead of done, so that
// this package's own tests skip nothing (CI fails on any skip).
type skipRecorder struct {
	testing.TB
	skipped []any
}

func (r *skipRecorder) Name() string     { return "TestSomething/inner" }
func (r *skipRecorder) Skip(args ...any) { r.skipped = args }

func TestSkipfRecordsAndSkips(t *testing.T) {
	r := &skipRecorder{TB: t}
	Skipf(r, "reason %d", 7)
	mu.Lock()
	tests := skipped["reason 7"]
	delete(skipped, "reason 7")
	mu.Unlock()
	if len(tests) != 1 || tests[0] != "TestSomething/inner" {
		t.Errorf("recorded %v, want the inner test", tests)
	}
	if len(r.skipped) != 1 || r.skipped[0] != "reason 7" {
		t.Errorf("Skip got %v, want the reason", r.skipped)
	}
}
