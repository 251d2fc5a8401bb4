// Package testskip makes skipped tests visible. A test that cannot run for
// want of a service (Redis, a browser) skips through Skipf, and the
// package's TestMain calls Run, which lists those skips when the tests end.
//
// "go test ./..." (package list mode, without -v) prints only the "ok" line
// of a passing package and drops everything the test binary wrote, so a
// skip's reason would otherwise be seen by no one. Run therefore prints the
// list both to the test output (shown with -v, in local directory mode and
// when the package fails) and, outside -v, to the terminal the tests run
// in (/dev/tty), which the go command does not capture. Without a terminal
// (CI) the list reaches the output only; CI runs with -json and fails on
// any skip.
package testskip

import (
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	mu      sync.Mutex
	skipped = map[string][]string{} // reason -> test names
)

// Skipf records why t is skipped and skips it.
func Skipf(t testing.TB, format string, args ...any) {
	t.Helper()
	reason := fmt.Sprintf(format, args...)
	mu.Lock()
	skipped[reason] = append(skipped[reason], t.Name())
	mu.Unlock()
	t.Skip(reason)
}

// Report prints the skips recorded so far, if any. A TestMain calls it
// after m.Run.
func Report() {
	summary := summarize()
	if summary == "" {
		return
	}
	fmt.Fprint(os.Stdout, summary)
	if !testing.Verbose() {
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			fmt.Fprint(tty, summary)
			tty.Close()
		}
	}
}

// summarize is the report: a line per reason, with the tests it skipped.
func summarize() string {
	mu.Lock()
	defer mu.Unlock()
	if len(skipped) == 0 {
		return ""
	}
	reasons := make([]string, 0, len(skipped))
	n := 0
	for r, tests := range skipped {
		reasons = append(reasons, r)
		n += len(tests)
	}
	sort.Strings(reasons)
	var b strings.Builder
	fmt.Fprintf(&b, "SKIPPED %d test(s) in %s:\n", n, packageName())
	for _, r := range reasons {
		tests := skipped[r]
		sort.Strings(tests)
		shown := tests
		if len(shown) > 3 {
			shown = shown[:3]
		}
		more := ""
		if len(tests) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(tests)-len(shown))
		}
		fmt.Fprintf(&b, "  %s (%s%s)\n", r, strings.Join(shown, ", "), more)
	}
	return b.String()
}

// packageName names the package under test: its import path when the
// binary records it, else the test binary's name.
func packageName() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Path != "" {
		return strings.TrimSuffix(bi.Path, ".test")
	}
	name := os.Args[0]
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSuffix(strings.TrimSuffix(name, ".exe"), ".test")
}
