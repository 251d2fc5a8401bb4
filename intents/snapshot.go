package intents

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"
)

// Snapshots keep trained models on disk. Training, reading every example
// and calibrating the thresholds on them, is most of what building a
// Matcher costs (BENCHMARKS.md): a process that starts with files that a
// process of the same build has trained on loads the model instead, the
// same model to the last bit, in a fraction of the time. A snapshot is found
// by the files' bytes and the program's build: the analysis, the
// lexicons and the dictionary it was trained with are all in the program.
type Snapshots struct {
	// Dir is where snapshots are kept; it is made when missing.
	Dir string
	// Build identifies the program, as its Go build ID does: a snapshot
	// is read only by the build that wrote it. Empty keeps no snapshot.
	Build string
	// Keep is how many snapshots Dir keeps, those used last (0: 8).
	Keep int
}

// snapshotMagic begins every snapshot file.
const snapshotMagic = "faqbot trained model\n"

// Open returns the Matcher of cfg as New does. With snapshots, it loads
// the model from the snapshot of cfg's files if there is one, and
// otherwise trains it and saves its snapshot. cfg must be as Parse or
// LoadFiles returned it: its snapshot is found by the files' bytes.
// loaded reports whether the model came from a snapshot; err is about the
// snapshot, a file that could not be read (it is trained instead and
// saved again) or saved: the Matcher is good either way.
func Open(cfg *Config, s *Snapshots) (m *Matcher, loaded bool, err error) {
	m = untrained(cfg)
	if s == nil || s.Dir == "" || s.Build == "" || cfg.sum == ([sha256.Size]byte{}) {
		// No snapshots, or a Config not made by Parse: nothing to find
		// it by.
		m.model = m.train()
		return m, false, nil
	}
	if err := trustedDir(s.Dir); err != nil {
		m.model = m.train()
		return m, false, err
	}
	path := s.path(cfg)
	md, readErr := readSnapshot(path, cfg)
	if readErr == nil {
		m.model = md
		// Used now: pruning removes the snapshots used longest ago, not
		// the shipped files' while they serve.
		now := time.Now()
		_ = os.Chtimes(path, now, now)
		return m, true, nil
	}
	m.model = m.train()
	if errors.Is(readErr, fs.ErrNotExist) {
		readErr = nil
	}
	return m, false, errors.Join(readErr, s.save(path, m.model))
}

// path is the file of cfg's snapshot.
func (s *Snapshots) path(cfg *Config) string {
	h := sha256.New()
	h.Write([]byte(s.Build))
	h.Write([]byte{0})
	h.Write(cfg.sum[:])
	return filepath.Join(s.Dir, "model-"+hex.EncodeToString(h.Sum(nil))[:32]+".gob")
}

// save writes md's snapshot to path, whole or not at all (a temporary
// file renamed), then removes the oldest beyond Keep.
func (s *Snapshots) save(path string, md *model) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(md.file()); err != nil {
		return fmt.Errorf("trained model not saved as a snapshot: %w", err)
	}
	sum := sha256.Sum256(payload.Bytes())
	var buf bytes.Buffer
	buf.WriteString(snapshotMagic)
	buf.Write(sum[:])
	buf.Write(payload.Bytes())
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return fmt.Errorf("trained model not saved as a snapshot: %w", err)
	}
	tmp, err := os.CreateTemp(s.Dir, "model-*.tmp")
	if err != nil {
		return fmt.Errorf("trained model not saved as a snapshot: %w", err)
	}
	// Readable by all (CreateTemp makes it the owner's): an image's build
	// trains as one user and serves as another.
	err = tmp.Chmod(0o644)
	if err == nil {
		_, err = tmp.Write(buf.Bytes())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("trained model not saved as a snapshot: %w", err)
	}
	return s.prune(path)
}

// ErrUntrustedDir is Open's error for a snapshot directory that others
// may write: a configuration to fix, unlike a read-only directory.
var ErrUntrustedDir = errors.New("snapshot directory not used, since whoever writes it decides the answers")

// trustedDir refuses a snapshot directory that others may write, or that
// another user owns: whoever writes it decides the answers. A directory not there yet is made, the
// owner's alone to write.
func trustedDir(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("snapshots: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("snapshots: %s is not a directory", dir)
	}
	if st.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%w: %s is writable by its group or others (%v)", ErrUntrustedDir, dir, st.Mode().Perm())
	}
	if !ownedBySelf(st) {
		return fmt.Errorf("%w: %s belongs to another user", ErrUntrustedDir, dir)
	}
	return nil
}

// prune removes the snapshots used longest ago beyond Keep, never the one
// at saved, and temporary files a process that died while saving left
// behind.
func (s *Snapshots) prune(saved string) error {
	if tmps, err := filepath.Glob(filepath.Join(s.Dir, "model-*.tmp")); err == nil {
		for _, p := range tmps {
			if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > time.Hour {
				os.Remove(p)
			}
		}
	}
	keep := s.Keep
	if keep <= 0 {
		keep = 8
	}
	paths, err := filepath.Glob(filepath.Join(s.Dir, "model-*.gob"))
	if err != nil || len(paths) <= keep {
		return err
	}
	type snap struct {
		path string
		mod  int64
	}
	var snaps []snap
	for _, p := range paths {
		if p == saved {
			continue // kept first, whatever the clock's resolution says
		}
		if st, err := os.Stat(p); err == nil {
			snaps = append(snaps, snap{p, st.ModTime().UnixNano()})
		}
	}
	sort.Slice(snaps, func(i, j int) bool {
		if snaps[i].mod != snaps[j].mod {
			return snaps[i].mod > snaps[j].mod
		}
		return snaps[i].path < snaps[j].path
	})
	var errs []error
	for _, sn := range snaps[min(keep-1, len(snaps)):] {
		if err := os.Remove(sn.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// readSnapshot reads the model of cfg from the snapshot at path.
func readSnapshot(path string, cfg *Config) (*model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rest, ok := bytes.CutPrefix(data, []byte(snapshotMagic))
	if !ok || len(rest) < sha256.Size {
		return nil, fmt.Errorf("%s is not a snapshot of a trained model", path)
	}
	sum, rest := rest[:sha256.Size], rest[sha256.Size:]
	if got := sha256.Sum256(rest); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("%s: damaged (its checksum does not match)", path)
	}
	var f modelFile
	if err := gob.NewDecoder(bytes.NewReader(rest)).Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	md, err := f.model(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return md, nil
}

// modelFile is a model as a snapshot holds it: what training learned
// that cannot be derived (the examples as fit balanced them, the feature
// names, the calibration, the exact questions, the claimed out_of_scope
// examples), its slices flattened, so that gob reads them as a few long
// arrays rather than as a hundred thousand small structs. The rest is
// derived again as fit derives it (tally).
type modelFile struct {
	Names                []string
	ClassNo              []int
	ClassName            []string
	Alpha                float64
	ExClass              []int32
	ExWeight             []float64
	ExText               []string
	ExQuestion           []bool
	ExWordOff, ExFeatOff []int32 // example → its words' and features' start; one more at the end
	ExWords              []string
	ExFeatID             []int32
	ExFeatValue          []float64
	Cal                  calibration
	Shadowed             []Shadowed
	ExactKey             []string // sorted
	ExactClass           []int32
}

func (md *model) file() *modelFile {
	f := &modelFile{Names: md.names, Alpha: md.alpha, Cal: md.cal, Shadowed: md.shadowed}
	for _, c := range md.classes {
		f.ClassNo = append(f.ClassNo, c.no)
		f.ClassName = append(f.ClassName, c.name)
	}
	for _, ex := range md.examples {
		f.ExClass = append(f.ExClass, ex.class)
		f.ExWeight = append(f.ExWeight, ex.weight)
		f.ExText = append(f.ExText, ex.text)
		f.ExQuestion = append(f.ExQuestion, ex.question)
		f.ExWordOff = append(f.ExWordOff, int32(len(f.ExWords)))
		f.ExWords = append(f.ExWords, ex.words...)
		f.ExFeatOff = append(f.ExFeatOff, int32(len(f.ExFeatID)))
		for _, ft := range ex.feats {
			f.ExFeatID = append(f.ExFeatID, ft.id)
			f.ExFeatValue = append(f.ExFeatValue, ft.value)
		}
	}
	f.ExWordOff = append(f.ExWordOff, int32(len(f.ExWords)))
	f.ExFeatOff = append(f.ExFeatOff, int32(len(f.ExFeatID)))
	f.ExactKey = sortedKeys(md.exact)
	for _, k := range f.ExactKey {
		f.ExactClass = append(f.ExactClass, md.exact[k])
	}
	return f
}

// model rebuilds the model, checking that the file is whole and that it
// was trained on cfg's FAQs: a snapshot that is not would otherwise fail
// at the first message.
func (f *modelFile) model(cfg *Config) (*model, error) {
	nf, nc, ne := len(f.Names), len(f.ClassNo), len(f.ExClass)
	bad := func(what string) (*model, error) { return nil, errors.New("damaged snapshot: " + what) }
	if nc != len(cfg.Content.FAQs)+1 || len(f.ClassName) != nc {
		return bad("classes")
	}
	for i, faq := range cfg.Content.FAQs {
		if f.ClassNo[i] != faq.No || f.ClassName[i] != faq.ID {
			return nil, errors.New("the snapshot was trained on other FAQs")
		}
	}
	if nf == 0 {
		return bad("features")
	}
	if len(f.ExWeight) != ne || len(f.ExText) != ne || len(f.ExQuestion) != ne ||
		!offsets(f.ExWordOff, ne, len(f.ExWords)) || !offsets(f.ExFeatOff, ne, len(f.ExFeatID)) || len(f.ExFeatValue) != len(f.ExFeatID) {
		return bad("examples")
	}
	if len(f.ExactClass) != len(f.ExactKey) || !inRange(f.ExClass, 0, nc) || !inRange(f.ExFeatID, 0, nf) || !inRange(f.ExactClass, -1, nc) {
		return bad("ids")
	}
	if !finite(f.Alpha) || f.Alpha <= 0 || !finite(f.ExWeight...) || !finite(f.ExFeatValue...) {
		return bad("counts")
	}
	c := f.Cal
	if !finite(c.Temperature, c.NoneBias, c.NoneUnknown, c.Similarity, c.Answer, c.SparseAnswer, c.SparseBias, c.Suggest, c.Clarify, c.Cost) ||
		c.Temperature <= 0 || !probability(c.Answer, c.SparseAnswer, c.Suggest, c.Clarify) {
		return bad("calibration")
	}
	md := &model{names: f.Names, alpha: f.Alpha, cal: f.Cal, shadowed: f.Shadowed}
	md.ids = make(map[string]int32, nf)
	for id, name := range f.Names {
		md.ids[name] = int32(id)
	}
	if len(md.ids) != nf {
		return bad("feature names")
	}
	for _, w := range f.ExWords {
		if _, ok := md.ids[w]; !ok {
			return bad("example words")
		}
	}
	md.classes = make([]class, nc)
	for i := range md.classes {
		md.classes[i] = class{no: f.ClassNo[i], name: f.ClassName[i]}
	}
	md.examples = make([]example, ne)
	for i := range md.examples {
		ex := example{class: f.ExClass[i], weight: f.ExWeight[i], text: f.ExText[i], question: f.ExQuestion[i]}
		if lo, hi := f.ExWordOff[i], f.ExWordOff[i+1]; lo < hi {
			ex.words = slices.Clip(f.ExWords[lo:hi])
		}
		if lo, hi := f.ExFeatOff[i], f.ExFeatOff[i+1]; lo < hi {
			ex.feats = make([]feature, hi-lo)
			for j := range ex.feats {
				ex.feats[j] = feature{id: f.ExFeatID[lo+int32(j)], value: f.ExFeatValue[lo+int32(j)]}
			}
		}
		md.examples[i] = ex
	}
	md.exact = make(map[string]int32, len(f.ExactKey))
	for i, k := range f.ExactKey {
		md.exact[k] = f.ExactClass[i]
	}
	md.tally()
	return md, nil
}

// offsets reports whether off holds n+1 starts, from 0 to total, none
// before the one before it.
func offsets(off []int32, n, total int) bool {
	if len(off) != n+1 || off[0] != 0 || int(off[n]) != total {
		return false
	}
	for i := 1; i <= n; i++ {
		if off[i] < off[i-1] {
			return false
		}
	}
	return true
}

// finite reports whether every v is a number, not NaN or infinite.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// probability reports whether every v is in [0, 1].
func probability(vs ...float64) bool {
	for _, v := range vs {
		if v < 0 || v > 1 {
			return false
		}
	}
	return true
}

// inRange reports whether every v is in [lo, hi).
func inRange(vs []int32, lo, hi int) bool {
	for _, v := range vs {
		if int(v) < lo || int(v) >= hi {
			return false
		}
	}
	return true
}
