// Package testrules is a small rule set of the tests' own: the FAQ of an
// invented city library (faq.yaml, intents.yaml), so that the tests of the
// engine, the channels, the CLI, the console and reload do not depend on
// the shipped faq.yaml and intents/intents.yaml, which operators tune. Only
// evaluation tests read the shipped rules.
//
// What the tests may rely on (the test of this package checks each):
//
//	FAQ 1 读者证怎么办理？   answers 读者证怎么办理, 怎么办借书证; topic 办证
//	FAQ 2 读者证丢了怎么办？ answers 借书证丢了怎么补办; "挂失" in the answer
//	FAQ 3 一次可以借几本书…  answers 一次能借几本书; "10 册" in the answer
//	FAQ 4 图书到期了怎么续借？ answers 书到期了怎么续借
//	FAQ 5 开放时间           answers 图书馆几点开门; no links
//	FAQ 6 自习室需要预约吗？ answers 自习室要预约吗; "迟到 30 分钟" in the answer
//	要带什么: a clarification between FAQs 1 and 2 alone; FAQ 1 after a
//	FAQ 1 answer and FAQ 2 after a FAQ 2 answer (the topic's context)
//	停车场在哪, 明天天气怎么样: fallback
//	你好 / 谢谢 / 转人工 / 帮助: the four small-talk intents
//	menu: 1 读者证 (FAQs 1, 2), 2 借书与续借 (3, 4), 3 开放时间与自习室 (5, 6)
//	counter: 总服务台, phone 0000-12345678
//	TeachQuestion (外地户口能办证吗): fallback; FAQ 1 once WithAlternate
//	adds it to FAQ 1 (the edit that reload, CLI and console tests make)
//	dev.jsonl: 19 questions, all right but TeachQuestion (18/19, 0.947);
//	its out-of-scope 馆里能吃东西吗 and 图书馆有没有无线网 become answers
//	once added as alternates (FAQ 6, FAQ 5): an edit that lowers accuracy
package testrules

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/kzrh/faqbot/intents"
)

var (
	//go:embed faq.yaml
	faqData []byte
	//go:embed intents.yaml
	intentsData []byte
	//go:embed dev.jsonl
	devData []byte
	//go:embed lang/faq.yaml
	langFAQData []byte
	//go:embed lang/intents.yaml
	langIntentsData []byte
)

// The edit the tests make as an operator would: TeachQuestion falls back
// under the fixture and gets TeachFAQ once added to its alternates.
const (
	TeachQuestion = "外地户口能办证吗"
	TeachFAQ      = 1
)

// FAQ returns a copy of the fixture's faq.yaml.
func FAQ() []byte { return append([]byte(nil), faqData...) }

// Intents returns a copy of the fixture's intents.yaml.
func Intents() []byte { return append([]byte(nil), intentsData...) }

// Dev returns a copy of the fixture's evaluation set, dev.jsonl.
func Dev() []byte { return append([]byte(nil), devData...) }

// Config parses the fixture.
func Config(tb testing.TB) *intents.Config {
	tb.Helper()
	return parse(tb, "", faqData, intentsData)
}

// Matcher is a matcher of the fixture.
func Matcher(tb testing.TB) *intents.Matcher {
	tb.Helper()
	return build(tb, Config(tb))
}

// LangFAQ and LangIntents return copies of the English fixture: four FAQs
// with their English renderings and the English fixed replies.
func LangFAQ() []byte { return append([]byte(nil), langFAQData...) }

// LangIntents: see LangFAQ.
func LangIntents() []byte { return append([]byte(nil), langIntentsData...) }

// LangMatcher is a matcher of the English fixture.
func LangMatcher(tb testing.TB) *intents.Matcher {
	tb.Helper()
	return build(tb, parse(tb, "English fixture: ", langFAQData, langIntentsData))
}

func parse(tb testing.TB, what string, faq, rules []byte) *intents.Config {
	tb.Helper()
	cfg, err := intents.Parse("faq.yaml", faq, "intents.yaml", rules)
	if err != nil {
		tb.Fatalf("testrules: %s%v", what, err)
	}
	return cfg
}

func build(tb testing.TB, cfg *intents.Config) *intents.Matcher {
	tb.Helper()
	m, err := intents.New(cfg)
	if err != nil {
		tb.Fatalf("testrules: %v", err)
	}
	return m
}

// Files are the paths of the fixture written to a directory.
type Files struct {
	Dir, FAQ, Intents, Dev string
}

// Write writes the fixture (faq.yaml, intents.yaml, dev.jsonl) into a new
// temporary directory of tb's.
func Write(tb testing.TB) Files {
	tb.Helper()
	return WriteTo(tb, tb.TempDir())
}

// WriteTo writes the fixture (faq.yaml, intents.yaml, dev.jsonl) into dir.
func WriteTo(tb testing.TB, dir string) Files {
	tb.Helper()
	f := Files{Dir: dir, FAQ: filepath.Join(dir, "faq.yaml"), Intents: filepath.Join(dir, "intents.yaml"), Dev: filepath.Join(dir, "dev.jsonl")}
	for path, data := range map[string][]byte{f.FAQ: faqData, f.Intents: intentsData, f.Dev: devData} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return f
}

// WithAlternate returns rules (an intents.yaml) with question added to the
// alternates of FAQ no, the way an operator edits the file by hand.
func WithAlternate(tb testing.TB, rules []byte, no int, question string) []byte {
	tb.Helper()
	anchor := regexp.MustCompile(fmt.Sprintf(`(?m)^  - no: %d\n`, no)).FindIndex(rules)
	if anchor == nil {
		tb.Fatalf("testrules: intents.yaml has no rules for FAQ %d", no)
	}
	alts := regexp.MustCompile(`(?m)^    alternates:\n`).FindIndex(rules[anchor[1]:])
	if alts == nil {
		tb.Fatalf("testrules: the rules of FAQ %d have no alternates list", no)
	}
	at := anchor[1] + alts[1]
	return []byte(string(rules[:at]) + "      - " + question + "\n" + string(rules[at:]))
}
