package reload_test

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// validPrefix returns the longest prefix of rules, cut at a line, that is
// a valid configuration of its own with another version than the whole
// file: what a reader of a half-written file could load.
func validPrefix(t *testing.T, faq, rules []byte) []byte {
	t.Helper()
	whole, err := intents.Parse("faq.yaml", faq, "intents.yaml", rules)
	if err != nil {
		t.Fatal(err)
	}
	for end := bytes.LastIndexByte(rules[:len(rules)-1], '\n'); end > 0; end = bytes.LastIndexByte(rules[:end], '\n') {
		cfg, err := intents.Parse("faq.yaml", faq, "intents.yaml", rules[:end+1])
		if err == nil && cfg.Version != whole.Version {
			if _, err := intents.New(cfg); err == nil {
				return rules[:end+1]
			}
		}
	}
	t.Fatal("no prefix of the fixture's intents.yaml is a valid configuration: the test cannot show a truncated file being served")
	return nil
}

// TestWatchDoesNotServeAHalfWrittenFile is issue 11's truncated file: a
// slow writer (scp, an editor saving in place) writes intents.yaml in
// pieces and pauses where the part written so far is a valid
// configuration. Only the whole file may be loaded.
func TestWatchDoesNotServeAHalfWrittenFile(t *testing.T) {
	faq, rules := fixture(t)
	edited := withAlternate(t, rules, newFAQ, newQuestion)
	checkAssumptions(t, faq, rules, edited)
	prefix := validPrefix(t, faq, edited)

	faqPath, rulesPath := writeFiles(t, faq, rules)
	var (
		mu       sync.Mutex
		versions []string
		res      results
		rl       *reload.Reloader
	)
	rl, err := reload.New(faqPath, rulesPath, nil, func(result string) {
		res.record(result)
		if result == "ok" {
			mu.Lock()
			versions = append(versions, rl.Status().Version)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	const quiet = 600 * time.Millisecond
	watchQuiet(t, rl, quiet, &res, func() { writeAtomically(t, rulesPath, rules) })

	// In place, in pieces: the first pieces up to the valid prefix, a
	// pause there longer than the old 150 ms debounce but within the quiet
	// period, then the rest.
	f, err := os.OpenFile(rulesPath, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, piece := range [][]byte{prefix[:len(prefix)/2], prefix[len(prefix)/2:], edited[len(prefix):]} {
		if _, err := f.Write(piece); err != nil {
			t.Fatal(err)
		}
		time.Sleep(quiet / 2)
	}
	eventually(t, "the whole file was not loaded", func() bool { return answers(rl, newQuestion, newFAQ) })
	whole, _ := intents.Parse("faq.yaml", faq, "intents.yaml", edited)
	mu.Lock()
	defer mu.Unlock()
	if len(versions) != 1 || versions[0] != whole.Version {
		t.Errorf("loaded versions %v while the file was written; want only the whole file's %s", versions, whole.Version)
	}
}

// watchQuiet runs rl.Watch with quiet for the rest of the test and
// returns once it has seen touch's change (an "unchanged" reload).
func watchQuiet(t *testing.T, rl *reload.Reloader, quiet time.Duration, res *results, touch func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rl.Watch(ctx, quiet) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	deadline := time.Now().Add(waitFor)
	for res.count("unchanged") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("Watch did not react to a rewrite of the configuration")
		}
		touch()
		select {
		case err := <-done:
			t.Fatalf("Watch returned early: %v", err)
		case <-time.After(quiet + 400*time.Millisecond): // a touch restarts the quiet period
		}
	}
}
