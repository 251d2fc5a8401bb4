package reload_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/intents/reload"
)

// versions is a Source in the test's memory, as a store would be.
type versions struct {
	mu sync.Mutex
	vs []reload.Published
}

func (v *versions) publish(p reload.Published) {
	v.mu.Lock()
	defer v.mu.Unlock()
	p.No = int64(len(v.vs) + 1)
	v.vs = append(v.vs, p)
}

func (v *versions) Head(context.Context) (int64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return int64(len(v.vs)), nil
}

func (v *versions) Fetch(_ context.Context, no int64) (reload.Published, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if no < 1 || no > int64(len(v.vs)) {
		return reload.Published{}, errors.New("no such version")
	}
	return v.vs[no-1], nil
}

func TestPublishedRulesWinOverTheFileAndAChangedFileIsAConflict(t *testing.T) {
	faq, rules := fixture(t)
	edited := withAlternate(t, rules, newFAQ, newQuestion)
	checkAssumptions(t, faq, rules, edited)

	faqPath, rulesPath := writeFiles(t, faq, rules)
	rl, err := reload.New(faqPath, rulesPath, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := rl.Serving(); s.Published != nil || s.Conflict || string(s.Rules) != string(rules) {
		t.Fatalf("before any publish: %+v", s.Published)
	}

	src := &versions{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go rl.Follow(ctx, src, 20*time.Millisecond)

	src.publish(reload.Published{Rules: edited, FileBase: reload.FileVersion(rules), Author: "王芳"})
	eventually(t, "the published version was not loaded", func() bool { return answers(rl, newQuestion, newFAQ) })
	if s := rl.Serving(); s.Published == nil || s.Published.No != 1 || s.Conflict {
		t.Errorf("after publishing: published %+v, conflict %v", s.Published, s.Conflict)
	}

	t.Log("a reload of the unchanged file keeps the published rules")
	if err := rl.Reload(); err != nil {
		t.Fatal(err)
	}
	if !answers(rl, newQuestion, newFAQ) || rl.Serving().Conflict {
		t.Error("a reload of the file dropped the published rules")
	}

	t.Log("a deploy that changes the file: the published rules keep serving, and that is a conflict")
	writeAtomically(t, rulesPath, append(rules, []byte("\n# deployed later\n")...))
	if err := rl.Reload(); err != nil {
		t.Fatal(err)
	}
	if s := rl.Serving(); !answers(rl, newQuestion, newFAQ) || !s.Conflict {
		t.Errorf("after a deploy: answers with the published rules %v, conflict %v; want both", answers(rl, newQuestion, newFAQ), s.Conflict)
	}

	t.Log("deploying the published text itself ends the conflict")
	writeAtomically(t, rulesPath, edited)
	if err := rl.Reload(); err != nil {
		t.Fatal(err)
	}
	if rl.Serving().Conflict {
		t.Error("the deployed file is the published text, yet a conflict is reported")
	}

	t.Log("a version that does not validate is skipped; the serving one stays")
	src.publish(reload.Published{Rules: []byte("faqs: [1"), FileBase: reload.FileVersion(rules)})
	time.Sleep(100 * time.Millisecond)
	if s := rl.Serving(); s.Published.No != 1 || !answers(rl, newQuestion, newFAQ) {
		t.Errorf("after a broken version: serving v%d", s.Published.No)
	}
	if st := rl.Status(); st.LastResult != "rejected" {
		t.Errorf("status after a broken version: %+v", st)
	}

	t.Log("a rollback is a new version with the old text")
	src.publish(reload.Published{Rules: rules, FileBase: reload.FileVersion(rules), Author: "li"})
	eventually(t, "the rollback was not loaded", func() bool { return !answers(rl, newQuestion, newFAQ) })
	if s := rl.Serving(); s.Published.No != 3 {
		t.Errorf("after the rollback: serving v%d, want 3", s.Published.No)
	}
}

// gatedVersions is versions whose Fetch of version 1 waits for open.
type gatedVersions struct {
	versions
	fetching chan struct{} // closed when Fetch(1) starts
	open     chan struct{}
}

func (g *gatedVersions) Fetch(ctx context.Context, no int64) (reload.Published, error) {
	if no == 1 {
		close(g.fetching)
		<-g.open
	}
	return g.versions.Fetch(ctx, no)
}

// TestOverlappingSyncsEndOnTheLatestVersion: a sync that read version 1
// and is slow to fetch it does not load it over version 2, which a sync
// begun later (the console's, after a publish) loaded meanwhile.
func TestOverlappingSyncsEndOnTheLatestVersion(t *testing.T) {
	faq, rules := fixture(t)
	edited := withAlternate(t, rules, newFAQ, newQuestion)
	faqPath, rulesPath := writeFiles(t, faq, rules)
	rl, err := reload.New(faqPath, rulesPath, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	src := &gatedVersions{fetching: make(chan struct{}), open: make(chan struct{})}
	src.publish(reload.Published{Rules: edited, FileBase: reload.FileVersion(rules)})
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); rl.SyncPublished(ctx, src, 0) }()
	<-src.fetching
	src.publish(reload.Published{Rules: rules, FileBase: reload.FileVersion(rules)})
	go func() { defer wg.Done(); rl.SyncPublished(ctx, src, 0) }()
	time.Sleep(100 * time.Millisecond) // the second sync runs, or waits its turn
	close(src.open)
	wg.Wait()
	if p := rl.Serving().Published; p == nil || p.No != 2 {
		no := int64(0)
		if p != nil {
			no = p.No
		}
		t.Errorf("after both syncs: serving version %d, want version 2", no)
	}
}
