package reload_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// A Reloader with snapshots trains once: the next process with the same
// files loads the trained model, and a reload to new files saves theirs.
func TestReloaderUsesSnapshots(t *testing.T) {
	faq, rules := fixture(t)
	faqPath, rulesPath := writeFiles(t, faq, rules)
	snaps := &intents.Snapshots{Dir: t.TempDir(), Build: "test-build"}
	start := func() string {
		var logs syncLog
		if _, err := reload.NewWithSnapshots(faqPath, rulesPath, slog.New(slog.NewTextHandler(&logs, nil)), nil, snaps); err != nil {
			t.Fatal(err)
		}
		return logs.String()
	}
	if log := start(); strings.Contains(log, "snapshot") {
		t.Errorf("first start: want it to train quietly; log:\n%s", log)
	}
	if log := start(); !strings.Contains(log, "trained model loaded from its snapshot") {
		t.Errorf("second start: want the snapshot loaded; log:\n%s", log)
	}
	rl, err := reload.NewWithSnapshots(faqPath, rulesPath, nil, nil, snaps)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rulesPath, append(rules, []byte("\n# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := rl.Reload(); err != nil {
		t.Fatal(err)
	}
	if got, _ := filepath.Glob(filepath.Join(snaps.Dir, "model-*.gob")); len(got) != 2 {
		t.Errorf("%d snapshots after a reload to new files, want 2", len(got))
	}
}
