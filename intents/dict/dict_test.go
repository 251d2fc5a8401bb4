package dict_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"
	"github.com/go-ego/gse/hmm"

	"github.com/kzrh/faqbot/intents/dict"
)

// maxSize keeps the embedded dictionary small; see the package comment.
const maxSize = 1 << 20

var hmmOnce sync.Once

// newSegmenter builds a Segmenter on the lean dictionary the way the bot
// does: the HMM model is package state of gse/hmm, loaded once per process.
func newSegmenter(tb testing.TB) *gse.Segmenter {
	tb.Helper()
	hmmOnce.Do(func() { hmm.LoadModel() })
	seg := &gse.Segmenter{NotLoadHMM: true, SkipLog: true}
	if err := seg.LoadDictStr(dict.Chinese()); err != nil {
		tb.Fatal(err)
	}
	return seg
}

func TestChineseWellFormed(t *testing.T) {
	text := dict.Chinese()
	if text == "" {
		t.Fatal("embedded dictionary is empty")
	}
	if len(text) > maxSize {
		t.Errorf("embedded dictionary is %d bytes, want <= %d", len(text), maxSize)
	}
	if !strings.HasSuffix(text, "\n") {
		t.Error("embedded dictionary does not end with a newline")
	}
	if strings.Contains(text, "\r") {
		t.Error("embedded dictionary contains CR characters")
	}

	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	seen := make(map[string]int, len(lines))
	for i, line := range lines {
		n := i + 1
		fields := strings.Split(line, " ")
		if len(fields) < 2 || len(fields) > 3 {
			t.Errorf("line %d %q: want \"word freq [pos]\"", n, line)
			continue
		}
		for _, f := range fields {
			if f == "" || strings.TrimSpace(f) != f {
				t.Errorf("line %d %q: empty field or stray whitespace", n, line)
			}
		}
		freq, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			t.Errorf("line %d %q: frequency is not a number", n, line)
		} else if freq < 2 {
			t.Errorf("line %d %q: frequency %v < 2 (gse would drop it)", n, line, freq)
		}
		if prev, dup := seen[fields[0]]; dup {
			t.Errorf("line %d: %q already on line %d", n, fields[0], prev)
		}
		seen[fields[0]] = n
	}
	if t.Failed() {
		return
	}
	t.Logf("%d entries, %d bytes", len(lines), len(text))

	// Every entry must survive LoadDictStr: none is filtered out or folded
	// into another one (gse lower-cases Latin letters, for instance).
	if got := newSegmenter(t).Dict.NumTokens(); got != len(lines) {
		t.Errorf("gse loaded %d tokens from %d lines", got, len(lines))
	}
}

func TestSegmentQuestions(t *testing.T) {
	seg := newSegmenter(t)
	tests := []struct {
		text string
		want []string // tokens that must appear in the segmentation
	}{
		{"外国人工作许可照片有什么要求", []string{"外国人", "照片", "要求"}},
		{"换发电子证照需要哪些材料", []string{"电子", "需要", "哪些", "材料"}},
		{"外国员工必须交社保吗", []string{"员工", "必须"}}, // 交社保 comes out whole at 25,000 words; the bot maps it to 社保 (intents.yaml)
		{"超龄人员可以领取电子工作许可证吗", []string{"人员", "领取", "许可证"}},
		{"境外工作许可90日以上合同有什么要求", []string{"境外", "90", "合同", "要求"}},
		{"单位注册提示验证失败统一社会信用代码未查询到信息", []string{"单位", "注册", "验证", "失败", "信用", "代码", "查询", "信息"}},
		{"许可通知注销业务如何操作", []string{"通知", "业务", "如何", "操作"}},
		{"照片像素尺寸有什么要求JPG", []string{"照片", "尺寸", "要求", "JPG"}},
	}
	for _, tt := range tests {
		tokens := seg.Cut(tt.text, true)
		// Segmentation only splits: the tokens spell the input again
		// (gse lower-cases Latin letters).
		if joined := strings.Join(tokens, ""); !strings.EqualFold(joined, tt.text) {
			t.Errorf("Cut(%q) = %q, which joins to %q", tt.text, tokens, joined)
		}
		for _, w := range tt.want {
			found := false
			for _, tok := range tokens {
				if strings.EqualFold(tok, w) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("Cut(%q) = %q, want token %q", tt.text, tokens, w)
			}
		}
	}
}

// TestGeneratedUpToDate regenerates the dictionary with the go:generate
// command of dict.go and compares it with the embedded one, so that a gse
// upgrade or a changed word count without go generate is noticed.
func TestGeneratedUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator (go run, reads gse's module directory)")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	args := generateArgs(t)
	out := filepath.Join(t.TempDir(), "zh_lean.txt")
	for i := range args {
		if args[i] == "-o" && i+1 < len(args) {
			args[i+1] = out
		}
	}
	cmd := exec.Command(goBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != dict.Chinese() {
		t.Errorf("zh_lean.txt is stale (regenerated %d bytes, embedded %d): run go generate ./intents/dict",
			len(got), len(dict.Chinese()))
	}
}

// generateArgs returns the arguments of dict.go's go:generate go command.
func generateArgs(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("dict.go")
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "//go:generate go "
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			args := strings.Fields(rest)
			if !strings.Contains(strings.Join(args, " "), " -o ") {
				t.Fatalf("go:generate line has no -o flag: %q", line)
			}
			return args
		}
	}
	t.Fatal("no go:generate line in dict.go")
	return nil
}

func BenchmarkLoadLean(b *testing.B) {
	hmmOnce.Do(func() { hmm.LoadModel() })
	b.ReportAllocs()
	for b.Loop() {
		seg := gse.Segmenter{NotLoadHMM: true, SkipLog: true}
		if err := seg.LoadDictStr(dict.Chinese()); err != nil {
			b.Fatal(err)
		}
	}
}
