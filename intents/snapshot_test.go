package intents

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// sameModel fails the test unless a and b are the same model: every
// field, the example index's arrays included.
func sameModel(t *testing.T, a, b *model) {
	t.Helper()
	ai, bi := a.index, b.index
	if !reflect.DeepEqual(ai.rarity, bi.rarity) || !reflect.DeepEqual(ai.postings, bi.postings) || !reflect.DeepEqual(ai.norms, bi.norms) {
		t.Error("the example index differs")
	}
	fields := map[string][2]any{
		"ids": {a.ids, b.ids}, "names": {a.names, b.names}, "postings": {a.postings, b.postings},
		"total": {a.total, b.total}, "classes": {a.classes, b.classes}, "all": {a.all, b.all},
		"vocab": {a.vocab, b.vocab}, "alpha": {a.alpha, b.alpha}, "examples": {a.examples, b.examples},
		"bases": {a.bases, b.bases}, "cal": {a.cal, b.cal}, "shadowed": {a.shadowed, b.shadowed},
		"exact": {a.exact, b.exact}, "sparseClass": {a.sparseClass, b.sparseClass},
		"sparseList": {a.sparseList, b.sparseList}, "unigram": {a.unigram, b.unigram},
	}
	// A field added to model must be added here, and to the snapshot.
	if n := reflect.TypeFor[model]().NumField(); n != len(fields)+1 { // +1: index
		t.Fatalf("model has %d fields; the snapshot test knows %d", n, len(fields)+1)
	}
	for name, ab := range fields {
		if !reflect.DeepEqual(ab[0], ab[1]) {
			t.Errorf("model.%s differs", name)
		}
	}
}

// A model loaded from its snapshot is the model trained: every field of
// it, and so every decision.
func TestSnapshotIsTheTrainedModel(t *testing.T) {
	s := &Snapshots{Dir: t.TempDir(), Build: "build-1"}
	trained, loaded, err := Open(fixtureConfig(t), s)
	if err != nil || loaded {
		t.Fatalf("first Open: loaded %v, err %v; want trained and saved", loaded, err)
	}
	again, loaded, err := Open(fixtureConfig(t), s)
	if err != nil || !loaded {
		t.Fatalf("second Open: loaded %v, err %v; want the snapshot", loaded, err)
	}
	sameModel(t, trained.model, again.model)
	fresh, err := New(fixtureConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	sameModel(t, fresh.model, again.model)
	for _, q := range []string{"一次能借几本书", "how many books can I borrow", "今天天气怎么样"} {
		if a, b := fresh.Explain(q), again.Explain(q); !reflect.DeepEqual(a, b) {
			t.Errorf("%q: trained %+v, loaded %+v", q, a, b)
		}
	}
}

// A snapshot is used only by its build and for its files; a damaged one
// is trained over and saved again.
func TestSnapshotIsFoundByBuildAndFiles(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Open(fixtureConfig(t), &Snapshots{Dir: dir, Build: "build-1"}); err != nil {
		t.Fatal(err)
	}
	if _, loaded, err := Open(fixtureConfig(t), &Snapshots{Dir: dir, Build: "build-2"}); loaded || err != nil {
		t.Errorf("another build: loaded %v, err %v; want trained", loaded, err)
	}
	faq, rules := fixtureFiles(t)
	edited, err := Parse("faq.yaml", []byte(faq), "intents.yaml", []byte(rules+"\n# an operator's comment\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, loaded, _ := Open(edited, &Snapshots{Dir: dir, Build: "build-1"}); loaded {
		t.Error("edited files got the snapshot of the old ones")
	}
	snaps, _ := filepath.Glob(filepath.Join(dir, "model-*.gob"))
	if len(snaps) != 3 {
		t.Fatalf("%d snapshots, want 3 (two builds, two versions of the files)", len(snaps))
	}
	s := &Snapshots{Dir: dir, Build: "build-1"}
	path := s.path(fixtureConfig(t))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, damaged := range [][]byte{data[:len(data)/2], []byte("not a snapshot"), append([]byte(snapshotMagic), 0xff, 0x00)} {
		if err := os.WriteFile(path, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		m, loaded, err := Open(fixtureConfig(t), s)
		if loaded || err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("damaged snapshot: loaded %v, err %v; want trained, and an error naming the file", loaded, err)
		}
		if m == nil || m.Match("一次能借几本书").Kind != KindAnswer {
			t.Error("damaged snapshot: no working matcher")
		}
		if _, loaded, err := Open(fixtureConfig(t), s); !loaded || err != nil {
			t.Errorf("after a damaged snapshot: loaded %v, err %v; want it saved again", loaded, err)
		}
	}
}

// Dir keeps the newest Keep snapshots.
func TestSnapshotsArePruned(t *testing.T) {
	dir := t.TempDir()
	for _, b := range []string{"b1", "b2", "b3"} {
		if _, _, err := Open(fixtureConfig(t), &Snapshots{Dir: dir, Build: b, Keep: 2}); err != nil {
			t.Fatal(err)
		}
	}
	snaps, _ := filepath.Glob(filepath.Join(dir, "model-*"))
	if len(snaps) != 2 {
		t.Errorf("%d files, want the 2 newest snapshots: %v", len(snaps), snaps)
	}
	if _, loaded, _ := Open(fixtureConfig(t), &Snapshots{Dir: dir, Build: "b3", Keep: 2}); !loaded {
		t.Error("the newest snapshot was pruned")
	}
}

// A snapshot that decodes but does not hold a whole model of cfg's FAQs
// (a bug, another program's file) is refused before any message reads
// it: every id in range, every offset in order, the FAQs the same.
func TestSnapshotIsCheckedBeforeUse(t *testing.T) {
	cfg := fixtureConfig(t)
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for name, damage := range map[string]func(f *modelFile){
		"other FAQs":         func(f *modelFile) { f.ClassNo[0]++ },
		"a class too few":    func(f *modelFile) { f.ClassNo = f.ClassNo[1:] },
		"no features":        func(f *modelFile) { f.Names = nil },
		"a feature twice":    func(f *modelFile) { f.Names[1] = f.Names[0] },
		"an example's class": func(f *modelFile) { f.ExClass[0] = -1 },
		"a feature id":       func(f *modelFile) { f.ExFeatID[0] = int32(len(f.Names)) },
		"an offset":          func(f *modelFile) { f.ExFeatOff[1], f.ExFeatOff[2] = f.ExFeatOff[2], f.ExFeatOff[1] },
		"a last offset":      func(f *modelFile) { f.ExWordOff[len(f.ExWordOff)-1]-- },
		"an unknown word":    func(f *modelFile) { f.ExWords[0] = "不是特征" },
		"an exact class":     func(f *modelFile) { f.ExactClass[0] = -2 },
		"a NaN":              func(f *modelFile) { f.ExWeight[0] = math.NaN() },
		"a temperature of 0": func(f *modelFile) { f.Cal.Temperature = 0 },
		"a threshold over 1": func(f *modelFile) { f.Cal.Answer = 1.5 },
	} {
		g := *m.model.file()
		// file builds its slices afresh but shares the model's names.
		g.Names = slices.Clone(g.Names)
		damage(&g)
		if _, err := g.model(cfg); err == nil {
			t.Errorf("%s: the snapshot was taken", name)
		}
	}
	if _, err := m.model.file().model(cfg); err != nil {
		t.Errorf("the model's own snapshot was refused: %v", err)
	}
}

// A directory others may write is not used: whoever writes it decides
// the answers.
func TestSnapshotDirectoryOthersMayWriteIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	m, loaded, err := Open(fixtureConfig(t), &Snapshots{Dir: dir, Build: "b"})
	if loaded || err == nil || !strings.Contains(err.Error(), "writable by its group or others") || m == nil {
		t.Errorf("loaded %v, err %v; want a trained matcher and the directory refused", loaded, err)
	}
	if snaps, _ := filepath.Glob(filepath.Join(dir, "*")); len(snaps) != 0 {
		t.Errorf("saved into a directory others may write: %v", snaps)
	}
}

// A directory another user owns is not used either.
func TestSnapshotDirectoryOfAnotherUserIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() != 0 {
		t.Skip("skipped: giving a directory to another user needs root on Unix")
	}
	dir := t.TempDir()
	if err := os.Chown(dir, 12345, 12345); err != nil {
		t.Fatal(err)
	}
	if _, loaded, err := Open(fixtureConfig(t), &Snapshots{Dir: dir, Build: "b"}); loaded || err == nil || !strings.Contains(err.Error(), "another user") {
		t.Errorf("loaded %v, err %v; want the directory refused", loaded, err)
	}
}
