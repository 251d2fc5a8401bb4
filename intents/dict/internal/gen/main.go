// Command gen regenerates zh_lean.txt, the pruned Chinese dictionary that
// package dict embeds.
//
// It reads gse's simplified Chinese dictionary (data/dict/zh/s_1.txt in the
// module directory of github.com/go-ego/gse, at the version required by
// go.mod), keeps the -n most frequent words whose frequency is at least -min,
// and writes them in their original "word freq pos" form and in their original
// file order. Ties at the cut-off are broken by file order, so the output is a
// pure function of the source file and the flags: regenerating gives
// identical bytes.
//
// Usage (from intents/dict, normally through go generate):
//
//	go run ./internal/gen [-n 40000] [-min 2] [-o zh_lean.txt] [-src path/to/s_1.txt]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	gseModule = "github.com/go-ego/gse"
	srcRel    = "data/dict/zh/s_1.txt"
)

func main() {
	n := flag.Int("n", 25000, "number of most frequent words to keep")
	minFreq := flag.Float64("min", 2, "drop words with a frequency below this (gse's MinTokenFreq default is 2)")
	out := flag.String("o", "zh_lean.txt", "output file")
	src := flag.String("src", "", "source dictionary (default: "+srcRel+" in the "+gseModule+" module directory)")
	flag.Parse()

	if err := run(*src, *out, *n, *minFreq); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string, n int, minFreq float64) error {
	if n <= 0 {
		return fmt.Errorf("-n must be positive, got %d", n)
	}
	if src == "" {
		dir, err := moduleDir(gseModule)
		if err != nil {
			return err
		}
		src = filepath.Join(dir, filepath.FromSlash(srcRel))
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()

	var buf bytes.Buffer
	kept, total, err := prune(f, &buf, n, minFreq)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: kept %d of %d entries from %s -> %s (%d bytes)\n",
		kept, total, src, out, buf.Len())
	return nil
}

// entry is one dictionary line of the source.
type entry struct {
	line string  // the line as read, without the newline
	freq float64 // its parsed frequency
	idx  int     // its position among the valid entries, for stable ties
}

// prune reads a gse dictionary ("word freq [pos]" per line) from r and writes
// to w the n most frequent entries with freq >= minFreq, in source order.
// Malformed lines (fewer than two fields, non-numeric frequency) and repeated
// words (gse keeps the first) are skipped. It returns how many entries it
// wrote and how many valid entries it read.
func prune(r io.Reader, w io.Writer, n int, minFreq float64) (kept, total int, err error) {
	var entries []entry
	seen := make(map[string]bool)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		freq, err := strconv.ParseFloat(fields[1], 64)
		if err != nil || seen[fields[0]] {
			continue
		}
		seen[fields[0]] = true
		total++
		if freq < minFreq {
			continue
		}
		entries = append(entries, entry{line: strings.Join(fields, " "), freq: freq, idx: len(entries)})
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if len(entries) == 0 {
		return 0, total, errors.New("no usable entries")
	}

	if len(entries) > n {
		sort.SliceStable(entries, func(i, j int) bool { return entries[i].freq > entries[j].freq })
		entries = entries[:n]
		sort.Slice(entries, func(i, j int) bool { return entries[i].idx < entries[j].idx })
	}

	bw := bufio.NewWriter(w)
	for _, e := range entries {
		bw.WriteString(e.line)
		bw.WriteByte('\n')
	}
	return len(entries), total, bw.Flush()
}

// moduleDir returns the module cache directory of module path at the version
// the main module requires, downloading it first if it is not in the cache.
func moduleDir(path string) (string, error) {
	dir, err := goCmd("list", "-m", "-f", "{{.Dir}}", path)
	if err == nil && dir != "" {
		return dir, nil
	}
	// Not in the module cache yet (go list -m prints an empty Dir), or the
	// listing failed: go mod download fetches it and reports where it went.
	js, derr := goCmd("mod", "download", "-json", path)
	if derr != nil {
		if err != nil {
			return "", fmt.Errorf("locating %s: %v; %v", path, err, derr)
		}
		return "", fmt.Errorf("downloading %s: %v", path, derr)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return "", fmt.Errorf("go mod download -json %s: %v", path, err)
	}
	if m.Error != "" || m.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %s", path, m.Error)
	}
	return m.Dir, nil
}

func goCmd(args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(outb)), nil
}
