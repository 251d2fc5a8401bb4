package intents

import (
	"os"
	"strings"
	"testing"
)

// moreAlternates teach the fixture's six FAQs richly (twelve questions
// each), so that a FAQ added with five alternates is the only one taught
// by few examples, as when an operator adds one to the shipped files.
var moreAlternates = map[int][]string{
	1: {"读者证在哪个窗口办", "办证需要身份证吗", "外地人能办读者证吗", "读者证可以网上申请吗", "办读者证收押金吗", "学生怎么办借书证"},
	2: {"借书证掉了怎么办", "读者证被偷了能补吗", "补证要多少钱", "丢了证里面的借阅记录还在吗", "读者证坏了能换新的吗", "挂失后多久能补好"},
	3: {"借书能借几本", "借阅期限是几天", "一张证最多借几本", "借书时间最长多久", "借多少本有上限吗", "新书能借多久"},
	4: {"续借怎么操作", "借的书能不能续期", "续借可以续几次", "在手机上怎么续借", "书要逾期了能延期吗", "续借要去前台吗"},
	5: {"图书馆开放时间", "周末图书馆开门吗", "早上几点可以进馆", "图书馆晚上开到几点", "春节期间闭馆吗", "图书馆哪天休息"},
	6: {"自习室怎么预约", "自习位要抢吗", "预约的座位能保留多久", "自习室可以带电脑吗", "取消自习预约怎么弄", "自习室一次能订几个小时"},
}

// printingFAQ and printingRule add a seventh FAQ to the fixture, on
// printing fees, by the operator contract: a question, an answer and five
// alternates, nothing else.
const (
	printingFAQ = `  - no: 7
    id: printing-fees
    question: 打印和复印怎么收费？
    answer: 黑白打印和复印每页0.5元，彩色每页2元，在一楼服务台用读者证付费。
    links: [lib]
`
	printingRule = `  - no: 7
    alternates:
      - 打印多少钱一张
      - 复印的收费标准
      - 打印怎么付钱
      - 彩色打印价格
      - 复印一页几块钱
`
)

// fixtureFiles returns the texts of the fixture's faq.yaml and
// intents.yaml, shaped so that FAQs can be added to them.
func fixtureFiles(t *testing.T) (faq, rules string) {
	t.Helper()
	f, err := os.ReadFile(fixtureFAQ)
	if err != nil {
		t.Fatal(err)
	}
	r, err := os.ReadFile(fixtureIntents)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(f), "\n") || !strings.Contains(string(r), "\nfaqs:\n") {
		t.Fatal("the fixture's files are not shaped as this test expects")
	}
	return string(f), string(r)
}

// withPrintingFAQ returns the files with the printing-fees FAQ added.
func withPrintingFAQ(faq, rules string) (string, string) {
	return faq + printingFAQ, strings.Replace(rules, "\nfaqs:\n", "\nfaqs:\n"+printingRule, 1)
}

// mixedFixture returns the fixture's rules with its six FAQs richly
// taught, and, with withNew, the printing-fees FAQ added.
func mixedFixture(t *testing.T, withNew bool) *Config {
	t.Helper()
	faq, text := fixtureFiles(t)
	for no, alts := range moreAlternates {
		head := "\n  - no: " + itoa(no) + "\n"
		i := strings.Index(text, head)
		if i < 0 {
			t.Fatalf("the fixture has no FAQ %d", no)
		}
		end := strings.Index(text[i+len(head):], "\n\n")
		if end < 0 {
			t.Fatalf("the fixture's FAQ %d is not followed by a blank line", no)
		}
		at := i + len(head) + end
		var add strings.Builder
		for _, a := range alts {
			add.WriteString("\n      - " + a)
		}
		text = text[:at] + add.String() + text[at:]
	}
	if withNew {
		faq, text = withPrintingFAQ(faq, text)
	}
	cfg, err := Parse("faq.yaml", []byte(faq), "intents.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestSparseBias: beside richly taught FAQs, the FAQ just added is the
// only one taught by few examples; its score gets the bias (the
// temperature), when a message is matched, when out_of_scope examples are
// claimed and in the explanation, and no other FAQ's does.
func TestSparseBias(t *testing.T) {
	m, err := New(mixedFixture(t, true))
	if err != nil {
		t.Fatal(err)
	}
	md := m.model
	seven := int32(-1)
	for c, cl := range md.classes {
		if cl.no == 7 {
			seven = int32(c)
		}
	}
	if len(md.sparseList) != 1 || md.sparseList[0] != seven {
		t.Fatalf("FAQs taught by few examples: classes %v, want only FAQ 7's (%d)", md.sparseList, seven)
	}
	cal := md.cal
	if cal.SparseBias != cal.Temperature {
		t.Errorf("SparseBias = %v, want the temperature %v", cal.SparseBias, cal.Temperature)
	}

	// The thresholds of the richly taught FAQs are learned on their
	// questions and the out_of_scope examples only (richReadings).
	rich := 0
	for _, ex := range md.examples {
		if ex.question && ex.class != seven {
			rich++
		}
	}
	if cal.Examples != rich {
		t.Errorf("the thresholds were learned on %d questions, want the %d that are not FAQ 7's", cal.Examples, rich)
	}

	q := "打印一页要多少钱"
	e := m.Explain(q).Explanation
	for _, c := range e.Candidates {
		want := 0.0
		if c.FAQ == 7 {
			want = round3(cal.SparseBias)
		}
		if c.FewExamplesBias != want {
			t.Errorf("explanation: candidate %d %s shows a bias of %v, want %v", c.FAQ, c.Intent, c.FewExamplesBias, want)
		}
	}

	with := m.Match(q)
	md.cal.SparseBias = 0
	without := m.Match(q)
	if with.Kind != KindAnswer || with.FAQ != 7 {
		t.Fatalf("%s: got %s %d %v, want FAQ 7", q, with.Kind, with.FAQ, with.Suggestions)
	}
	if !(with.Score > without.Score) {
		t.Errorf("%s: FAQ 7's probability is %v with the bias and %v without; the bias is not applied when matching", q, with.Score, without.Score)
	}
	claimedWithout := len(md.claimedBySparse())
	md.cal.SparseBias = 50
	if claimedWith := len(md.claimedBySparse()); claimedWith <= claimedWithout {
		t.Errorf("a bias of 50 claims %d out_of_scope examples, no bias %d: the bias is not applied when claiming", claimedWith, claimedWithout)
	}
	md.cal = cal
}

// TestCalibrationSkipsCutReadingsWhenNoFAQIsSparse: when every FAQ is
// richly taught, calibration reads no question with its FAQ cut down
// (those readings would teach only thresholds no FAQ uses, at a fifth of
// the start-up); with a FAQ taught by few examples it does.
func TestCalibrationSkipsCutReadingsWhenNoFAQIsSparse(t *testing.T) {
	m, err := New(mixedFixture(t, false))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.model.sparseList); n != 0 {
		t.Fatalf("the richly taught fixture has %d FAQs taught by few examples", n)
	}
	if cal := m.model.cal; cal.SparseAnswer != cal.Answer || cal.SparseBias != 0 {
		t.Errorf("no FAQ is sparse, yet SparseAnswer %v (Answer %v) and SparseBias %v were learned", cal.SparseAnswer, cal.Answer, cal.SparseBias)
	}
	m, err = New(mixedFixture(t, true))
	if err != nil {
		t.Fatal(err)
	}
	if cal := m.model.cal; cal.SparseAnswer == cal.Answer {
		t.Errorf("with a FAQ taught by five alternates, SparseAnswer is still Answer (%v)", cal.Answer)
	}
}

// TestCharactersReachANewFAQ: a word that no example of the FAQ just
// added uses, but that shares a character with its words (彩印 with 彩色
// and 打印; no character bigram in common), is evidence for it: the
// characters are features of their own.
func TestCharactersReachANewFAQ(t *testing.T) {
	m, err := New(mixedFixture(t, true))
	if err != nil {
		t.Fatal(err)
	}
	// Alone, one word is little to go on (none may well rank first); the
	// best FAQ is the printing FAQ, by its characters.
	var best *Candidate
	for _, c := range m.Explain("彩印").Explanation.Candidates {
		if c.FAQ != 0 {
			best = &c
			break
		}
	}
	if best == nil || best.FAQ != 7 {
		t.Fatalf("彩印: best FAQ %+v, want the printing FAQ (7)", best)
	}
	weights := map[string]float64{}
	for _, w := range best.Words {
		weights[w.Word] = w.Weight
	}
	for _, ch := range []string{"字彩", "字印"} {
		if weights[ch] <= 0 {
			t.Errorf("彩印: the character %s weighs %g for FAQ 7 (words %+v), want evidence for it", ch, weights[ch], best.Words)
		}
	}
	// A character alone is evidence for a class, not a follow-up's own
	// say about it (speaksOf), nor a likeness to one example.
	seven := int32(-1)
	for c, cl := range m.model.classes {
		if cl.no == 7 {
			seven = int32(c)
		}
	}
	if m.speaksOf(m.vectorOf(m.analyse("彩印", nil)), seven) {
		t.Error("彩印 speaks of FAQ 7 by its characters alone")
	}
	if !m.speaksOf(m.vectorOf(m.analyse("彩色打印", nil)), seven) {
		t.Error("彩色打印 does not speak of FAQ 7")
	}
	if sims := m.model.similarities(m.vectorOf(m.analyse("彩印", nil)), nil); sims[seven] != 0 {
		t.Errorf("彩印 is %g like an example of FAQ 7 by its characters alone, want 0", sims[seven])
	}
	// With words: 彩印一张多少钱 is the printing FAQ's question.
	if d := m.Match("彩印一张多少钱"); d.Kind != KindAnswer || d.FAQ != 7 {
		t.Errorf("彩印一张多少钱: got %s %d, want FAQ 7", d.Kind, d.FAQ)
	}
}
