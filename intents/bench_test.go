package intents_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/dict"
)

func shippedMatcher(b testing.TB) *intents.Matcher {
	b.Helper()
	cfg, err := intents.LoadFiles("../faq.yaml", "intents.yaml")
	if err != nil {
		b.Fatal(err)
	}
	m, err := intents.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchQuestions are typical questions: answers, a follow-up fragment, an
// out-of-scope question.
var benchQuestions = []string{
	"照片有什么要求",
	"换发电子证照需要哪些材料",
	"外国员工必须交社保吗",
	"单位注册提示验证失败，根据统一社会信用代码未查询到信息是什么原因",
	"要交什么",
	"深圳明天天气怎么样",
}

// BenchmarkMatch measures matching one question with the shipped rules.
// Besides wall time it reports cpu-ns/op, the process's CPU time per
// question, which a shared, busy machine does not inflate.
func BenchmarkMatch(b *testing.B) {
	m := shippedMatcher(b)
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; b.Loop(); i++ {
		m.Match(benchQuestions[i%len(benchQuestions)])
	}
	cpu.report()
}

// cpuClock reports a benchmark's process CPU time per operation.
type cpuClock struct {
	b     *testing.B
	start time.Duration
}

func startCPU(b *testing.B) cpuClock { return cpuClock{b: b, start: processCPU()} }

func (c cpuClock) report() {
	c.b.ReportMetric(float64(processCPU()-c.start)/float64(c.b.N), "cpu-ns/op")
}

// processCPU is the user and system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMatchScaling matches the same questions against synthetic FAQ
// sets of growing size: the inverted index keeps the cost from growing
// with the number of FAQs that share no word with the question.
func BenchmarkMatchScaling(b *testing.B) {
	for _, n := range []int{20, 200, 2000} {
		b.Run(fmt.Sprintf("faqs=%d", n), func(b *testing.B) {
			m := syntheticMatcher(b, n)
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; b.Loop(); i++ {
				m.Match(benchQuestions[i%len(benchQuestions)])
			}
			cpu.report()
		})
	}
}

// BenchmarkNew measures building a matcher (what a reload costs).
func BenchmarkNew(b *testing.B) {
	cfg, err := intents.LoadFiles("../faq.yaml", "intents.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU(b)
	for b.Loop() {
		if _, err := intents.New(cfg); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report()
}

// BenchmarkNewFromSnapshot measures building the shipped Matcher with its
// model read from its snapshot (intents.Open), as serve starts when a
// process of the same build has trained on the same files; BenchmarkNew
// trains it.
func BenchmarkNewFromSnapshot(b *testing.B) {
	cfg, err := intents.LoadFiles("../faq.yaml", "intents.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s := &intents.Snapshots{Dir: b.TempDir(), Build: "benchmark"}
	if _, _, err := intents.Open(cfg, s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU(b)
	for b.Loop() {
		if _, loaded, err := intents.Open(cfg, s); !loaded || err != nil {
			b.Fatalf("loaded %v, err %v", loaded, err)
		}
	}
	cpu.report()
}

// BenchmarkNewScaling measures a reload, training included, of 2,000 FAQs
// with 20 example questions each.
func BenchmarkNewScaling(b *testing.B) {
	cfg := syntheticConfig(b, 2000, 20)
	b.Run("faqs=2000,examples=20", func(b *testing.B) {
		cpu := startCPU(b)
		for b.Loop() {
			if _, err := intents.New(cfg); err != nil {
				b.Fatal(err)
			}
		}
		cpu.report()
	})
}

// syntheticMatcher builds a matcher of n FAQs: the shipped 19 plus FAQs
// made of random everyday words, each with five alternates.
func syntheticMatcher(b testing.TB, n int) *intents.Matcher {
	b.Helper()
	m, err := intents.New(syntheticConfig(b, n, 5))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// syntheticConfig is the configuration of the shipped 19 FAQs plus FAQs up
// to number n made of random everyday words, with alts alternates each.
func syntheticConfig(b testing.TB, n, alts int) *intents.Config {
	b.Helper()
	faqData, err := os.ReadFile("../faq.yaml")
	if err != nil {
		b.Fatal(err)
	}
	rulesData, err := os.ReadFile("intents.yaml")
	if err != nil {
		b.Fatal(err)
	}
	words := dictionaryWords(5000)
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	phrase := func() string {
		var s strings.Builder
		for range 4 {
			s.WriteString(words[rng.IntN(len(words))])
		}
		return s.String()
	}
	var faqs, rules strings.Builder
	for no := 20; no <= n; no++ {
		fmt.Fprintf(&faqs, "  - no: %d\n    id: synthetic-%d\n    question: %s吗\n    answer: %s。\n    question_en: Synthetic question %d?\n    answer_en: Synthetic answer %d.\n    links: []\n",
			no, no, phrase(), phrase(), no, no)
		fmt.Fprintf(&rules, "  - no: %d\n    alternates:\n", no)
		for a := range alts {
			fmt.Fprintf(&rules, "      - %s%d\n", phrase(), a)
		}
	}
	f := strings.Replace(string(faqData), "\nfaqs:\n", "\nfaqs:\n"+faqs.String(), 1)
	r := strings.Replace(string(rulesData), "\nfaqs:\n", "\nfaqs:\n"+rules.String(), 1)
	cfg, err := intents.Parse("synthetic-faq.yaml", []byte(f), "synthetic-intents.yaml", []byte(r))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// dictionaryWords returns n two-character words of the lean dictionary.
func dictionaryWords(n int) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(dict.Chinese()))
	for sc.Scan() && len(out) < n {
		w, _, _ := strings.Cut(sc.Text(), " ")
		if len([]rune(w)) == 2 {
			out = append(out, w)
		}
	}
	return out
}

// pathological are messages that once cost quadratic time in gse's HMM
// cut (issue 11): 64 KiB of one repeated short pattern, of digits, of
// phone numbers, of one unbroken token, of Chinese text.
func pathological() map[string]string {
	const size = 64 << 10
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	return map[string]string{
		"one-space":  fill("1 "),
		"digits":     fill("1234567890"),
		"phones":     fill("13812345678 "),
		"one-token":  fill("a"),
		"chinese":    fill("换发电子证照需要哪些材料，"),
		"mixed-junk": fill("照片x1 ¥%"),
	}
}

// BenchmarkMatchPathological measures matching 64 KiB messages: the text
// that reaches the segmenter is bounded, so each costs about what a long
// normal message does.
func BenchmarkMatchPathological(b *testing.B) {
	m := shippedMatcher(b)
	for name, text := range pathological() {
		b.Run(name, func(b *testing.B) {
			cpu := startCPU(b)
			for b.Loop() {
				m.Match(text)
			}
			cpu.report()
		})
	}
}
