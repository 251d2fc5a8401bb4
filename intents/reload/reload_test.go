package reload_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// The rules are the tests' own (bot/testrules). The edit the tests
// make: an alternate question that turns a question the fixture answers
// with the fallback into an answer. Each test checks both halves before
// relying on them, so a change of the fixture that moves them fails with a
// message, not a timeout.
const (
	newQuestion = testrules.TeachQuestion
	newFAQ      = testrules.TeachFAQ
	// stableQuestion must keep its answer through every reload.
	stableQuestion = "一次能借几本书"
	stableFAQ      = 3
)

// testQuiet is the quiet period of the tests' watches: shorter than the
// touches of watch, which would otherwise postpone every reload.
const testQuiet = 100 * time.Millisecond

// waitFor bounds every wait; reloading builds a segmenter, which takes a
// second or more under -race on a busy machine.
const waitFor = 20 * time.Second

// fixture returns the fixture's files: the rules the tests start from.
func fixture(t *testing.T) (faq, rules []byte) {
	t.Helper()
	return testrules.FAQ(), testrules.Intents()
}

// writeFiles writes faq and rules into a directory of the test's own, as
// a deploy does (atomically), and returns their paths.
func writeFiles(t *testing.T, faq, rules []byte) (faqPath, rulesPath string) {
	t.Helper()
	dir := t.TempDir()
	faqPath, rulesPath = filepath.Join(dir, "faq.yaml"), filepath.Join(dir, "intents.yaml")
	writeAtomically(t, faqPath, faq)
	writeAtomically(t, rulesPath, rules)
	return faqPath, rulesPath
}

// withAlternate adds question to the alternates of FAQ no.
func withAlternate(t *testing.T, rules []byte, no int, question string) []byte {
	t.Helper()
	return testrules.WithAlternate(t, rules, no, question)
}

// broken sets decision.max_suggestions to 9 and returns the line.
func broken(t *testing.T, rules []byte) ([]byte, int) {
	t.Helper()
	loc := regexp.MustCompile(`(?m)^  max_suggestions: *\d+`).FindIndex(rules)
	if loc == nil {
		t.Fatal("intents.yaml has no decision.max_suggestions")
	}
	line := 1 + strings.Count(string(rules[:loc[0]]), "\n")
	return []byte(string(rules[:loc[0]]) + "  max_suggestions: 9" + string(rules[loc[1]:])), line
}

var (
	assumptionsOnce sync.Once
	assumptionsErr  error
)

// checkAssumptions fails the test unless the fixture's rules answer
// newQuestion with the fallback and the edited ones with newFAQ. It builds
// the two matchers once per run.
func checkAssumptions(t *testing.T, faq, rules, edited []byte) {
	t.Helper()
	assumptionsOnce.Do(func() { assumptionsErr = assumptions(faq, rules, edited) })
	if assumptionsErr != nil {
		t.Fatal(assumptionsErr)
	}
}

func assumptions(faq, rules, edited []byte) error {
	for _, c := range []struct {
		rules []byte
		kind  intents.Kind
		faq   int
	}{{rules, intents.KindFallback, 0}, {edited, intents.KindAnswer, newFAQ}} {
		cfg, err := intents.Parse("faq.yaml", faq, "intents.yaml", c.rules)
		if err != nil {
			return err
		}
		m, err := intents.New(cfg)
		if err != nil {
			return err
		}
		if d := m.Match(newQuestion); d.Kind != c.kind || d.FAQ != c.faq {
			return fmt.Errorf("the test assumes %q gets %s %d, got %s %d (score %.3f): see bot/testrules",
				newQuestion, c.kind, c.faq, d.Kind, d.FAQ, d.Score)
		}
		if d := m.Match(stableQuestion); d.Kind != intents.KindAnswer || d.FAQ != stableFAQ {
			return fmt.Errorf("the test assumes %q is answered with FAQ %d, got %s %d", stableQuestion, stableFAQ, d.Kind, d.FAQ)
		}
	}
	return nil
}

// writeAtomically replaces path the way editors do: write beside, rename.
func writeAtomically(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// results counts the reload results the Reloader reports.
type results struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *results) record(result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[result]++
}

func (r *results) count(result string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[result]
}

// watch runs rl.Watch until the test ends and returns once it sees
// changes: it touches a file in dir until a reload (unchanged) happens.
// watch runs rl.Watch for the rest of the test and returns once it has seen
// touch's change (an "unchanged" reload), so that later edits are not
// missed while the watch is still starting.
func watch(t *testing.T, rl *reload.Reloader, res *results, touch func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rl.Watch(ctx, testQuiet) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	before := res.count("unchanged")
	deadline := time.Now().Add(waitFor)
	for res.count("unchanged") == before {
		if time.Now().After(deadline) {
			t.Fatal("Watch did not react to a rewrite of the configuration")
		}
		// Slower than the debounce, or every touch would postpone the reload.
		touch()
		select {
		case err := <-done:
			t.Fatalf("Watch returned early: %v", err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// load asks the Reloader's current matcher from several goroutines until
// the test ends, and fails the test if a matcher is missing or answers the
// stable question otherwise.
func load(t *testing.T, rl *reload.Reloader) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var calls, failures atomic.Int64
	var firstFailure atomic.Value
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				m := rl.Current()
				if m == nil {
					firstFailure.CompareAndSwap(nil, "Current() returned nil")
					failures.Add(1)
					continue
				}
				if d := m.Match(stableQuestion); d.Kind != intents.KindAnswer || d.FAQ != stableFAQ {
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("%q got %s %d during a reload", stableQuestion, d.Kind, d.FAQ))
					failures.Add(1)
				}
				m.Match(newQuestion)
				calls.Add(1)
				// A pause leaves the reload a core on a small machine
				// while keeping hundreds of matches around each swap.
				time.Sleep(time.Millisecond)
			}
		})
	}
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		if n := failures.Load(); n > 0 {
			t.Errorf("%d of %d concurrent matches failed; first: %v", n, calls.Load(), firstFailure.Load())
		}
		if calls.Load() == 0 {
			t.Error("the load goroutines made no call")
		}
	})
}

// eventually polls cond until it holds or the wait is over.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", waitFor, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func answers(rl *reload.Reloader, question string, no int) bool {
	d := rl.Current().Match(question)
	return d.Kind == intents.KindAnswer && d.FAQ == no
}

func TestWatchPicksUpAnEditUnderLoadAndKeepsServingThroughABrokenOne(t *testing.T) {
	faq, rules := fixture(t)
	edited := withAlternate(t, rules, newFAQ, newQuestion)
	checkAssumptions(t, faq, rules, edited)
	bad, badLine := broken(t, edited)

	faqPath, rulesPath := writeFiles(t, faq, rules)
	var res results
	rl, err := reload.New(faqPath, rulesPath, nil, res.record)
	if err != nil {
		t.Fatal(err)
	}
	first := rl.Status()
	if first.LastResult != "ok" || first.Version == "" {
		t.Fatalf("status after New: %+v", first)
	}
	load(t, rl)
	watch(t, rl, &res, func() { writeAtomically(t, rulesPath, rules) })

	writeAtomically(t, rulesPath, edited)
	eventually(t, "the edit of intents.yaml was not picked up", func() bool { return answers(rl, newQuestion, newFAQ) })
	st := rl.Status()
	if st.Version == first.Version || st.LastResult != "ok" || res.count("ok") != 1 {
		t.Errorf("status after the edit: %+v (ok reported %d times), want a new version and ok once", st, res.count("ok"))
	}

	good := rl.Current()
	writeAtomically(t, rulesPath, bad)
	eventually(t, "the broken edit was not rejected", func() bool { return rl.Status().LastResult == "rejected" })
	st = rl.Status()
	wantErr := fmt.Sprintf("%s:%d: decision.max_suggestions", rulesPath, badLine)
	if !strings.Contains(st.LastError, wantErr) {
		t.Errorf("status error %q, want it to name %s", st.LastError, wantErr)
	}
	if rl.Current() != good || !answers(rl, newQuestion, newFAQ) {
		t.Error("a rejected edit replaced the matcher")
	}
	if st.Version != good.Config().Version {
		t.Errorf("status version %s after a rejected edit, want the serving %s", st.Version, good.Config().Version)
	}
	if res.count("rejected") == 0 {
		t.Error("the rejection was not reported to onResult")
	}

	writeAtomically(t, rulesPath, rules)
	eventually(t, "the repaired file was not loaded", func() bool { return rl.Status().LastResult == "ok" })
	if rl.Current().Match(newQuestion).Kind != intents.KindFallback || rl.Status().Version != first.Version {
		t.Errorf("after restoring the original file: version %s, want %s", rl.Status().Version, first.Version)
	}
}

func TestReloadReportsUnchangedRejectedAndOK(t *testing.T) {
	faq, rules := fixture(t)
	faqPath, rulesPath := writeFiles(t, faq, rules)
	var res results
	rl, err := reload.New(faqPath, rulesPath, nil, res.record)
	if err != nil {
		t.Fatal(err)
	}
	m := rl.Current()

	if err := rl.Reload(); err != nil || rl.Status().LastResult != "unchanged" || rl.Current() != m {
		t.Errorf("reload of the same files: err %v, status %+v; want unchanged and the same matcher", err, rl.Status())
	}

	bad, line := broken(t, rules)
	writeAtomically(t, rulesPath, bad)
	err = rl.Reload()
	want := fmt.Sprintf("%s:%d: decision.max_suggestions", rulesPath, line)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("reload of a broken file: err %v, want one naming %s", err, want)
	}
	if st := rl.Status(); st.LastResult != "rejected" || !strings.Contains(st.LastError, want) || rl.Current() != m {
		t.Errorf("status after a broken file: %+v; want rejected naming %s, and the old matcher", st, want)
	}

	if err := os.Remove(faqPath); err != nil {
		t.Fatal(err)
	}
	if err := rl.Reload(); err == nil || rl.Status().LastResult != "rejected" || rl.Current() != m {
		t.Errorf("reload with faq.yaml missing: err %v, status %+v; want rejected and the old matcher", err, rl.Status())
	}

	writeAtomically(t, faqPath, faq)
	writeAtomically(t, rulesPath, withAlternate(t, rules, newFAQ, newQuestion))
	if err := rl.Reload(); err != nil || rl.Status().LastResult != "ok" || rl.Current() == m {
		t.Errorf("reload of an edit: err %v, status %+v; want ok and a new matcher", err, rl.Status())
	}
	for result, n := range map[string]int{"unchanged": 1, "rejected": 2, "ok": 1} {
		if got := res.count(result); got != n {
			t.Errorf("onResult(%q) called %d times, want %d", result, got, n)
		}
	}
}

func TestNewRefusesABrokenConfiguration(t *testing.T) {
	faq, rules := fixture(t)
	dir := t.TempDir()
	faqPath, rulesPath := filepath.Join(dir, "faq.yaml"), filepath.Join(dir, "intents.yaml")
	bad, line := broken(t, rules)
	writeAtomically(t, faqPath, faq)
	writeAtomically(t, rulesPath, bad)
	_, err := reload.New(faqPath, rulesPath, nil, nil)
	if want := fmt.Sprintf("%s:%d:", rulesPath, line); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("New on a broken file: err %v, want one naming %s", err, want)
	}
}

// configMap lays files out as a Kubernetes ConfigMap volume does: a
// timestamped directory per version, a ..data symlink to the current one,
// and each file a symlink through ..data.
type configMap struct {
	t   *testing.T
	dir string
	n   int
}

func newConfigMap(t *testing.T, files map[string][]byte) *configMap {
	c := &configMap{t: t, dir: t.TempDir()}
	c.update(files)
	for name := range files {
		if err := os.Symlink(filepath.Join("..data", name), filepath.Join(c.dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// update writes a new version and swaps ..data to it atomically, as the
// kubelet does: a new symlink ..data_tmp renamed over ..data, then the old
// version removed.
func (c *configMap) update(files map[string][]byte) {
	t := c.t
	t.Helper()
	c.n++
	version := fmt.Sprintf("..2025_01_01_00_00_%02d.%09d", c.n, c.n)
	if err := os.Mkdir(filepath.Join(c.dir, version), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(c.dir, version, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, _ := os.Readlink(filepath.Join(c.dir, "..data"))
	tmp := filepath.Join(c.dir, "..data_tmp")
	if err := os.Symlink(version, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(c.dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if old != "" {
		if err := os.RemoveAll(filepath.Join(c.dir, old)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWatchFollowsAConfigMapSwap(t *testing.T) {
	faq, rules := fixture(t)
	edited := withAlternate(t, rules, newFAQ, newQuestion)
	checkAssumptions(t, faq, rules, edited)

	cm := newConfigMap(t, map[string][]byte{"faq.yaml": faq, "intents.yaml": rules})
	var res results
	rl, err := reload.New(filepath.Join(cm.dir, "faq.yaml"), filepath.Join(cm.dir, "intents.yaml"), nil, res.record)
	if err != nil {
		t.Fatal(err)
	}
	first := rl.Status().Version
	load(t, rl)
	watch(t, rl, &res, func() { cm.update(map[string][]byte{"faq.yaml": faq, "intents.yaml": rules}) })

	cm.update(map[string][]byte{"faq.yaml": faq, "intents.yaml": edited})
	eventually(t, "the ..data swap was not picked up", func() bool { return answers(rl, newQuestion, newFAQ) })
	if st := rl.Status(); st.LastResult != "ok" || st.Version == first {
		t.Errorf("status after the swap: %+v, want ok and a version other than %s", st, first)
	}
	if res.count("rejected") != 0 {
		t.Errorf("the swap was rejected %d times on the way: %s", res.count("rejected"), rl.Status().LastError)
	}
}

// TestWatchIgnoresOtherFiles: files beside the configuration (an editor's
// swap file, a binary built in the directory) do not rebuild the matcher.
func TestWatchIgnoresOtherFiles(t *testing.T) {
	faq, rules := fixture(t)
	faqPath, rulesPath := writeFiles(t, faq, rules)
	dir := filepath.Dir(faqPath)
	var res results
	rl, err := reload.New(faqPath, rulesPath, nil, res.record)
	if err != nil {
		t.Fatal(err)
	}
	watch(t, rl, &res, func() { writeAtomically(t, rulesPath, rules) })
	before := res.count("unchanged") + res.count("ok") + res.count("rejected")
	for i := range 5 {
		if err := os.WriteFile(filepath.Join(dir, ".intents.yaml.swp"), []byte{byte(i)}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(time.Second) // several debounce periods: a reload would have happened by now
	if after := res.count("unchanged") + res.count("ok") + res.count("rejected"); after != before {
		t.Errorf("writing another file caused %d reloads", after-before)
	}
}
