package intents_test

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// The broken files below are the tests' own (bot/testrules) with one
// edit each, made in memory, so that tuning the shipped rules cannot break
// them. An edit that no longer applies fails with the pattern that was not
// found. TestShippedFilesAreValidAndComplete checks the shipped files.

const (
	faqName     = "faq.yaml"
	intentsName = "intents.yaml"
)

func shippedFiles(t *testing.T) (faq, rules []byte) {
	t.Helper()
	faq, err := os.ReadFile("../faq.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rules, err = os.ReadFile("intents.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return faq, rules
}

// fixtureFiles are the tests' own faq.yaml and intents.yaml.
func fixtureFiles() (faq, rules []byte) { return testrules.FAQ(), testrules.Intents() }

func shippedConfig(t *testing.T) *intents.Config {
	t.Helper()
	faq, rules := shippedFiles(t)
	cfg, err := intents.Parse(faqName, faq, intentsName, rules)
	if err != nil {
		t.Fatalf("the shipped files are invalid:\n%v", err)
	}
	return cfg
}

// edit replaces the one match of pattern (a multi-line regexp) that follows
// the one match of anchor ("" for the start of the file) and returns the
// edited bytes with the lines of the anchor and of the replaced text.
func edit(t *testing.T, data []byte, anchor, pattern, repl string) (out []byte, anchorLine, line int) {
	t.Helper()
	from := 0
	if anchor != "" {
		re := regexp.MustCompile("(?m)" + anchor)
		locs := re.FindAllIndex(data, -1)
		if len(locs) != 1 {
			t.Fatalf("the anchor %q occurs %d times in the shipped file, want once: update the test to the file", anchor, len(locs))
		}
		from = locs[0][0]
		anchorLine = lineAt(data, from)
	}
	re := regexp.MustCompile("(?m)" + pattern)
	loc := re.FindIndex(data[from:])
	if loc == nil {
		t.Fatalf("%q not found after %q in the shipped file: update the test to the file", pattern, anchor)
	}
	start, end := from+loc[0], from+loc[1]
	out = make([]byte, 0, len(data)+len(repl))
	out = append(out, data[:start]...)
	out = append(out, re.ReplaceAll(data[start:end], []byte(repl))...)
	out = append(out, data[end:]...)
	return out, anchorLine, lineAt(data, start)
}

func lineAt(data []byte, offset int) int {
	return 1 + strings.Count(string(data[:offset]), "\n")
}

// item returns the index and the first line of the item of the top-level
// sequence section that holds line, reading the text the way a person does:
// items start with "  - " below "section:".
func item(t *testing.T, data []byte, section string, line int) (index, start int) {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	in := false
	index = -1
	for i, l := range lines[:line] {
		switch {
		case l == section+":":
			in, index, start = true, -1, 0
		case in && strings.HasPrefix(l, "  - "):
			index, start = index+1, i+1
		case in && l != "" && l[0] != ' ' && l[0] != '#':
			in = false
		}
	}
	if !in || index < 0 {
		t.Fatalf("line %d is not inside an item of %s", line, section)
	}
	return index, start
}

// keyLineOf returns the line of a top-level key.
func keyLineOf(t *testing.T, data []byte, key string) int {
	t.Helper()
	loc := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `:`).FindIndex(data)
	if loc == nil {
		t.Fatalf("no top-level key %s", key)
	}
	return lineAt(data, loc[0])
}

// brokenCase is a broken configuration and the problem it must produce.
type brokenCase struct {
	name       string
	faq, rules []byte
	file       string // the file the problem must name
	line       int
	// lineFrom, when not 0, lets the line be anywhere from lineFrom to
	// line: for a syntax error the YAML library names the line where the
	// enclosing block starts (its context mark), not the broken line.
	lineFrom int
	field    string
	msg      string // a part of the message
}

func brokenCases(t *testing.T) []brokenCase {
	faq, rules := fixtureFiles()
	cfg := testrules.Config(t)
	var cases []brokenCase
	inFAQ := func(name string, data []byte, line int, field, msg string) {
		cases = append(cases, brokenCase{name: name, faq: data, rules: rules, file: faqName, line: line, field: field, msg: msg})
	}
	inRules := func(name string, data []byte, line int, field, msg string) {
		cases = append(cases, brokenCase{name: name, faq: faq, rules: data, file: intentsName, line: line, field: field, msg: msg})
	}

	// faq.yaml
	{
		b, _, line := edit(t, faq, "", `^  - no: 2$`, "  - no: 1")
		i, _ := item(t, b, "faqs", line)
		inFAQ("duplicate no", b, line, fmt.Sprintf("faqs[%d].no", i), "duplicate no 1 (also on line ")
	}
	{
		b, anchor, _ := edit(t, faq, `^  - no: 5$`, `^    answer: (\|-?\n(      .*\n)+|.*\n)`, "    answer: \"\"\n")
		i, _ := item(t, b, "faqs", anchor)
		inFAQ("empty answer", b, anchor, fmt.Sprintf("faqs[%d].answer", i), "answer is empty")
	}
	{
		b, _, line := edit(t, faq, "", `^counter:`, "contact:")
		inFAQ("unknown top-level key in faq.yaml", b, line, "", "field contact not found")
	}
	{
		b, _, line := edit(t, faq, `^  - no: 3$`, `^    links:`, "    link:")
		inFAQ("unknown key in a FAQ of faq.yaml", b, line, "", "field link not found")
	}
	{
		b, anchor, line := edit(t, faq, `^  - no: 2$`, `^    id: `, "\tid: ")
		inFAQ("a tab in faq.yaml", b, line, "", "malformed YAML")
		cases[len(cases)-1].lineFrom = anchor
	}
	// 照片 in GBK, on the third line: yaml alone says no line.
	inFAQ("faq.yaml in GBK", []byte("# faq\nfaqs:\n  - question: \xd5\xd5\xc6\xac\n"), 3, "", "not UTF-8 text")
	inFAQ("empty faq.yaml", nil, 0, "", "the file is empty")
	inFAQ("faq.yaml of blank lines", []byte("\n  \n\t\n"), 0, "", "the file is empty")
	inFAQ("faq.yaml of comments only", []byte("# portals:\n#   - id: fwp\n"), 0, "", "the file is empty")

	// intents.yaml: structure
	{
		b, anchor, line := edit(t, rules, `^decision:$`, `^  wrong_answer_cost: `, "   wrong_answer_cost: ")
		inRules("bad indentation", b, line, "", "malformed YAML")
		cases[len(cases)-1].lineFrom = anchor - 1 // the YAML library reports the line before
	}
	{
		b, anchor, line := edit(t, rules, `^decision:$`, `^  max_suggestions: `, "\tmax_suggestions: ")
		inRules("a tab in intents.yaml", b, line, "", "malformed YAML")
		cases[len(cases)-1].lineFrom = anchor
	}
	{
		b, _, line := edit(t, rules, "", `^fillers:`, "filler:")
		inRules("unknown top-level key in intents.yaml", b, line, "", "field filler not found")
	}
	{
		b, _, line := edit(t, rules, "", `^  max_suggestions:`, "  max_suggestion:")
		inRules("unknown key in decision", b, line, "", "field max_suggestion not found")
	}
	{
		b, _, line := edit(t, rules, `^  - no: 5$`, `^    alternates:`, "    alternate:")
		inRules("unknown key in a FAQ's rules", b, line, "", "field alternate not found")
	}
	{
		b, _, line := edit(t, rules, `^  - name: human$`, `^    reply:`, "    replies:")
		inRules("unknown key in a small-talk intent", b, line, "", "field replies not found")
	}
	inRules("empty intents.yaml", []byte{}, 0, "", "the file is empty")

	// intents.yaml: meaning
	{
		b, _, line := edit(t, rules, "", `^  - no: 4$`, "  - no: 99")
		i, _ := item(t, b, "faqs", line)
		inRules("unknown FAQ number", b, line, fmt.Sprintf("faqs[%d].no", i), "unknown FAQ number 99: "+faqName+" has no such entry")
	}
	{
		alt := cfg.Rules.FAQs[0].Alternates[0]
		no := cfg.Rules.FAQs[0].No
		b, anchor, _ := edit(t, rules, `^  - no: 4$`, `^    alternates:\n`, "    alternates:\n      - "+alt+"\n")
		i, _ := item(t, b, "faqs", anchor)
		inRules("an alternate under two FAQs", b, anchor, fmt.Sprintf("faqs[%d].alternates", i),
			fmt.Sprintf("alternate question %q is listed under FAQ %d and FAQ 4", alt, no))
	}
	{
		// Rules for FAQ 1 twice, and so none for FAQ 2.
		b, anchor, line := edit(t, rules, `^faqs:$`, `^  - no: 2$`, "  - no: 1")
		i, _ := item(t, b, "faqs", line)
		inRules("rules for a FAQ twice", b, line, fmt.Sprintf("faqs[%d].no", i), "FAQ 1 has rules twice (also on line ")
		inRules("a FAQ without rules", b, anchor, "faqs", "FAQ 2 (")
	}
	numbers := []struct {
		name, section, key, value, msg string
	}{
		{"wrong-answer cost below 1", "decision", "wrong_answer_cost", "0.5", "must be in [1, 50] (how many fallbacks one wrong answer is worth), got 0.5"},
		{"nine suggestions", "decision", "max_suggestions", "9", "must be between 2 and 5, got 9"},
		{"a right clarification worse than a fallback", "decision", "clarify_right_cost", "1.5", "must be at most 1: a clarification that offers the right FAQ is no worse than a fallback, got 1.5"},
		{"context weight above 1", "context", "weight", "1.5", "must be in (0, 1], got 1.5"},
	}
	for _, n := range numbers {
		b, _, line := edit(t, rules, `^`+n.section+`:$`, `^  `+n.key+`: *[-0-9.]+`, "  "+n.key+": "+n.value)
		inRules(n.name, b, line, n.section+"."+n.key, n.msg)
	}
	{
		b, anchor, _ := edit(t, rules, `^  - no: 4$`, `^    alternates:\n(      - .*\n)+`, "    alternates:\n      - 只有一个例句\n")
		i, _ := item(t, b, "faqs", anchor)
		inRules("a FAQ with one example question", b, anchor, fmt.Sprintf("faqs[%d].alternates", i), "1 example questions; at least 5 are needed")
	}
	{
		first := cfg.Rules.Synonyms[0]
		last := cfg.Rules.Synonyms[len(cfg.Rules.Synonyms)-1]
		v := first.Variants[0]
		b, anchor, _ := edit(t, rules, `^  - canonical: `+regexp.QuoteMeta(last.Canonical)+`$`, `variants: \[`, "variants: ["+v+", ")
		i, _ := item(t, b, "synonyms", anchor)
		inRules("a synonym variant in two groups", b, anchor, fmt.Sprintf("synonyms[%d].variants", i),
			fmt.Sprintf("variant %q is also in the group of %q", v, first.Canonical))
	}
	{
		b, anchor, _ := edit(t, rules, `^fallback: `, `\{phone\}`, "0000")
		inRules("a fallback without the phone", b, anchor, "fallback", "must contain {phone}")
	}
	{
		b, anchor, _ := edit(t, rules, `^  - name: human$`, `\{phone\}`, "0000")
		i, _ := item(t, b, "smalltalk", anchor)
		inRules("a request for a person answered without the phone", b, anchor, fmt.Sprintf("smalltalk[%d].reply", i), "must contain {phone}")
	}
	{
		b, _, _ := edit(t, rules, "", `^  - name: help\n(?:(?:    .*)?\n)*`, "")
		inRules("a missing small-talk intent", b, keyLineOf(t, b, "smalltalk"), "smalltalk", `small-talk intent "help" is missing`)
	}
	{
		b, _, line := edit(t, rules, `^menu:$`, `^    faqs: \[`, "    faqs: [99, ")
		i, start := item(t, b, "menu", line)
		inRules("a menu naming an unknown FAQ", b, start, fmt.Sprintf("menu[%d].faqs", i), "unknown FAQ number 99")
	}
	return cases
}

func TestParseRejectsBrokenFilesNamingFileLineAndField(t *testing.T) {
	for _, tc := range brokenCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := intents.Parse(faqName, tc.faq, intentsName, tc.rules)
			if err == nil {
				t.Fatalf("accepted (version %s)", cfg.Version)
			}
			var ve *intents.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T %q, want *intents.ValidationError", err, err)
			}
			from := tc.line
			if tc.lineFrom != 0 {
				from = tc.lineFrom
			}
			for _, p := range *ve {
				if p.File == tc.file && from <= p.Line && p.Line <= tc.line && p.Field == tc.field && strings.Contains(p.Msg, tc.msg) {
					return
				}
			}
			t.Errorf("no problem %s:%d (from line %d): %s: …%s…; got:\n%v", tc.file, tc.line, from, tc.field, tc.msg, err)
		})
	}
}

func TestParseReportsEveryProblemAtOnce(t *testing.T) {
	faq, rules := fixtureFiles()
	rules, _, answerLine := edit(t, rules, `^decision:$`, `^  wrong_answer_cost: *[0-9.]+`, "  wrong_answer_cost: 0.5")
	rules, _, suggLine := edit(t, rules, `^decision:$`, `^  max_suggestions: *[0-9]+`, "  max_suggestions: 1")
	_, err := intents.Parse(faqName, faq, intentsName, rules)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		fmt.Sprintf("%s:%d: decision.wrong_answer_cost: ", intentsName, answerLine),
		fmt.Sprintf("%s:%d: decision.max_suggestions: ", intentsName, suggLine),
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
}

func TestShippedFilesAreValidAndComplete(t *testing.T) {
	cfg := shippedConfig(t)
	if got := len(cfg.Content.FAQs); got != 19 {
		t.Errorf("%d FAQs, want the 19 of the official document", got)
	}
	for no := 1; no <= 19; no++ {
		f := cfg.FAQ(no)
		if f == nil {
			t.Errorf("FAQ %d is missing", no)
			continue
		}
		if strings.TrimSpace(f.Question) == "" || strings.TrimSpace(f.Answer) == "" {
			t.Errorf("FAQ %d has an empty question or answer", no)
		}
	}
	facts := []struct {
		no   int
		fact string
	}{
		{1, "https://fwp.safea.gov.cn/lhgzweb/"},
		{1, "https://wgfww.ga.sz.gov.cn/user/wgrfwpt"},
		{4, "0755-88121678"},
		{9, "【换发电子证照】"},
		{11, "354x472"},
		{13, "【换发电子证照】"},
	}
	for _, f := range facts {
		if faq := cfg.FAQ(f.no); faq != nil && !strings.Contains(faq.Answer, f.fact) {
			t.Errorf("the answer of FAQ %d lacks %s:\n%s", f.no, f.fact, faq.Answer)
		}
	}
	if cfg.Content.Counter.Phone != "0755-88121678" {
		t.Errorf("counter phone %q, want 0755-88121678", cfg.Content.Counter.Phone)
	}
	for _, id := range []string{"fwp", "sz"} {
		if cfg.Portal(id) == nil {
			t.Errorf("portal %q is missing", id)
		}
	}
	if len(cfg.Rules.FAQs) != len(cfg.Content.FAQs) {
		t.Errorf("%d FAQ rules for %d FAQs", len(cfg.Rules.FAQs), len(cfg.Content.FAQs))
	}
	for _, r := range cfg.Rules.FAQs {
		if len(r.Alternates) < 5 {
			t.Errorf("FAQ %d has %d alternate questions, want at least 5", r.No, len(r.Alternates))
		}
	}
	if len(cfg.Version) != 12 {
		t.Errorf("version %q, want 12 hex digits", cfg.Version)
	}
}

func TestProblemReadsAsFileLineFieldMessage(t *testing.T) {
	tests := []struct {
		p    intents.Problem
		want string
	}{
		{intents.Problem{File: "intents.yaml", Line: 33, Field: "decision.max_suggestions", Msg: "must be between 2 and 5, got 9"},
			"intents.yaml:33: decision.max_suggestions: must be between 2 and 5, got 9"},
		{intents.Problem{File: "faq.yaml", Msg: "the file is empty"}, "faq.yaml: the file is empty"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
