package intents_test

import (
	"slices"
	"testing"

	"github.com/kzrh/faqbot/intents"
)

// TestEveryOfficialQuestionAnswersItself: the official question of every
// FAQ, as printed in the source, gets its own answer.
func TestEveryOfficialQuestionAnswersItself(t *testing.T) {
	m := shippedMatcher(t)
	for _, f := range m.Config().Content.FAQs {
		if d := m.Match(f.Question); d.Kind != intents.KindAnswer || d.FAQ != f.No {
			t.Errorf("FAQ %d %q: got %s %d %v (score %.3f)", f.No, f.Question, d.Kind, d.FAQ, d.Suggestions, d.Score)
		}
	}
}

// TestOutOfScopeFallsBack: questions the FAQ does not answer, some of them
// in its own vocabulary, must never get a FAQ's answer.
func TestOutOfScopeFallsBack(t *testing.T) {
	m := shippedMatcher(t)
	for _, q := range []string{
		"深圳到北京的高铁票怎么买",
		"今天美元兑人民币汇率多少",
		"帮我订一间福田的酒店",
		"外国员工看病医保怎么报销",
		"工作许可证到期了怎么延期",
		"外籍员工个税怎么申报",
		"讲个笑话",
	} {
		if d := m.Match(q); d.Kind == intents.KindAnswer {
			t.Errorf("%q: answered FAQ %d (score %.3f); want fallback", q, d.FAQ, d.Score)
		}
	}
}

// TestNormalisationMakesVariantsAlike: full-width, traditional and
// colloquial spellings of one question reach the same FAQ.
func TestNormalisationMakesVariantsAlike(t *testing.T) {
	m := shippedMatcher(t)
	for _, q := range []string{
		"照片有什么要求",
		"照片有什麼要求？",
		"ＪＰＧ照片有什么要求",
		"请问一下，照片有啥要求啊",
	} {
		if d := m.Match(q); d.Kind != intents.KindAnswer || d.FAQ != 11 {
			t.Errorf("%q: got %s %d, want answer 11", q, d.Kind, d.FAQ)
		}
	}
}

// TestGluedStopCharactersAreTrimmed: the HMM glues a stop word to the next
// character (能换); the matcher still sees 换 as 换发.
func TestGluedStopCharactersAreTrimmed(t *testing.T) {
	m := shippedMatcher(t)
	if w := m.Words("老卡还没过期，能换电子版吗"); !slices.Contains(w, "换发") {
		t.Errorf("words %v: want 换发 among them", w)
	}
	if w := m.Words("外籍员工个税怎么申报"); slices.Contains(w, "税") {
		t.Errorf("words %v: 个税 must not lose its 个", w)
	}
}

// TestContextBoostsOnlyMatchedFAQs: context lifts the topic's FAQs the
// question matched, never a FAQ the question has nothing in common with.
func TestContextBoostsOnlyMatchedFAQs(t *testing.T) {
	m := shippedMatcher(t)
	if d := m.MatchInContext("明天天气怎么样", intents.Context{Topic: "换发电子证照", LastFAQ: 13}); d.Kind == intents.KindAnswer {
		t.Errorf("an unrelated question was answered from context: FAQ %d", d.FAQ)
	}
	alone := m.Match("要交什么")
	in := m.MatchInContext("要交什么", intents.Context{Topic: "换发电子证照", LastFAQ: 13})
	if in.Kind != intents.KindAnswer || in.FAQ != 15 {
		t.Errorf("in context: got %s %d, want answer 15 (alone: %s %d)", in.Kind, in.FAQ, alone.Kind, alone.FAQ)
	}
}

// TestExplanationSaysWhy: the explanation lists tokens, candidates with
// their matched words, and the deciding rule.
func TestExplanationSaysWhy(t *testing.T) {
	m := shippedMatcher(t)
	d := m.Explain("换发电子证照需要哪些材料")
	e := d.Explanation
	if e == nil || len(e.Tokens) == 0 || len(e.Candidates) == 0 || e.Rule == "" {
		t.Fatalf("explanation incomplete: %+v", e)
	}
	if c := e.Candidates[0]; c.FAQ != 15 || len(c.Matched) == 0 || c.BestAlternate == "" {
		t.Errorf("top candidate %+v: want FAQ 15 with matched words and its best alternate", c)
	}
	if len(e.Candidates) > 5 {
		t.Errorf("%d candidates listed, want at most 5", len(e.Candidates))
	}
}
