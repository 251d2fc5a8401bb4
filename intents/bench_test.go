package intents_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

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
func BenchmarkMatch(b *testing.B) {
	m := shippedMatcher(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Match(benchQuestions[i%len(benchQuestions)])
	}
}

// BenchmarkMatchScaling matches the same questions against synthetic FAQ
// sets of growing size: the inverted index keeps the cost from growing
// with the number of FAQs that share no word with the question.
func BenchmarkMatchScaling(b *testing.B) {
	for _, n := range []int{20, 200, 2000} {
		b.Run(fmt.Sprintf("faqs=%d", n), func(b *testing.B) {
			m := syntheticMatcher(b, n)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				m.Match(benchQuestions[i%len(benchQuestions)])
			}
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
	for b.Loop() {
		if _, err := intents.New(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewScaling measures a reload, training included, of 2,000 FAQs
// with 20 example questions each.
func BenchmarkNewScaling(b *testing.B) {
	cfg := syntheticConfig(b, 2000, 20)
	b.Run("faqs=2000,examples=20", func(b *testing.B) {
		for b.Loop() {
			if _, err := intents.New(cfg); err != nil {
				b.Fatal(err)
			}
		}
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
