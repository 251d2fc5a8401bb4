package intents

import (
	"strings"
	"testing"
)

func TestAsksNextStep(t *testing.T) {
	for text, want := range map[string]bool{
		"审批通过后呢":                                true,
		"然后呢":                                   true,
		"交上去以后还要干嘛":                             true,
		"下一步做什么":                                true,
		"审批下来后怎么拿电子的":                           false, // asks how to get it: a question of its own
		"那12月1号以后呢":                             false, // a date
		"换完以后旧卡要交回吗":                            false, // 以后 inside a question of its own
		"办完以后多久能拿到":                             false,
		"What do we need to do after approval?": true,
		"Can I still use it after that date has passed and the card is gone?": false,
		"What happens after that?":   true,
		"and then?":                  true,
		"what's next":                true,
		"需要什么材料":                     false,
		"后台怎么登录":                     false,
		"照片有什么要求":                    false,
		"What documents do we need?": false,
		"我们公司去年招了一位外籍员工，工作许可通知已经办下来了，之后因为疫情一直没入境，现在该怎么办": false, // long: says what it is about
	} {
		if got := asksNextStep(text); got != want {
			t.Errorf("asksNextStep(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestTellsSteps(t *testing.T) {
	for _, tc := range []struct {
		faq  FAQ
		want bool
	}{
		{FAQ{Answer: "审批通过后，需下载新版的《工作许可通知》。"}, true},
		{FAQ{Answer: "请先在网上服务大厅挂失，再持身份证原件到总服务台补办新证。"}, true},
		{FAQ{Answer: "周二至周日 9:00—21:00 开放，周一闭馆。"}, false},
		{FAQ{Answer: "可正常办理。不受影响。"}, false},
		{FAQ{Answer: "境外许可通知和境内申请许可证流程合并。"}, false},  // a process changed, no steps told
		{FAQ{Answer: "境外工作许可申请后合同信息无法修改。"}, false},   // a rule after applying
		{FAQ{Answer: "卡证融合后，外国人有必要领取电子社保卡。"}, false}, // after the reform: a time, not a step
		{FAQ{Answer: "12月1号之后获批许可通知直接点击注销按钮。"}, false},
		{FAQ{Answer: "登录后有单独操作按钮。"}, true},
		{FAQ{AnswerEn: "After approval, register to obtain the electronic social security card."}, true},
		{FAQ{AnswerEn: "After the card-permit integration, it is necessary to obtain the card."}, false},
	} {
		if got := tellsSteps(tc.faq); got != tc.want {
			t.Errorf("tellsSteps(%q%q) = %v, want %v", tc.faq.Answer, tc.faq.AnswerEn, got, tc.want)
		}
	}
}

// TestNextStepFollowsTheAnswerGiven: what comes next, asked after an
// answer that tells steps, is about that answer; not after one that tells
// none, nor with no conversation, nor when it names another subject.
func TestNextStepFollowsTheAnswerGiven(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	if !m.steps[2] || m.steps[5] {
		t.Fatalf("the fixture's FAQ 2 (先挂失，再补办) should tell steps and FAQ 5 (opening hours) none: %v", m.steps)
	}
	if d := m.Match("然后呢"); d.Kind == KindAnswer {
		t.Fatalf("然后呢 with no conversation: got answer %d", d.FAQ)
	}
	d := m.ExplainInContext("然后呢", Context{LastFAQ: 2, Topic: m.topicOf[2]})
	if d.Kind != KindAnswer || d.FAQ != 2 {
		t.Errorf("然后呢 after FAQ 2: got %v %d (%s), want answer 2", d.Kind, d.FAQ, d.Explanation.Rule)
	}
	if d := m.MatchInContext("然后呢", Context{LastFAQ: 5, Topic: m.topicOf[5]}); d.Kind == KindAnswer && d.FAQ == 5 {
		t.Errorf("然后呢 after FAQ 5, whose answer tells no steps: got answer 5")
	}
	if d := m.MatchInContext("之后自习室呢", Context{LastFAQ: 2, Topic: m.topicOf[2]}); d.Kind == KindAnswer && d.FAQ == 2 {
		t.Errorf("之后自习室呢 after FAQ 2 names the study room: got answer 2")
	}
}

// TestShortFollowUpInTheLastAnswersWords: a short follow-up whose every
// word is in the official answer given last (一次 of the renewal answer:
// 可…续借一次) gets that answer, where on its own it would ask which FAQ;
// not after an answer that lacks its words (the opening hours).
func TestShortFollowUpInTheLastAnswersWords(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	const q = "就一次吗"
	if d := m.Match(q); d.Kind == KindAnswer {
		t.Fatalf("%s alone: got answer %d, and this test needs no answer", q, d.FAQ)
	}
	d := m.ExplainInContext(q, Context{LastFAQ: 4, Topic: m.topicOf[4]})
	if d.Kind != KindAnswer || d.FAQ != 4 || !strings.Contains(d.Explanation.Rule, "official question or answer of FAQ 4") {
		t.Errorf("%s after FAQ 4: got %v %d (%s), want answer 4 by the last answer's words", q, d.Kind, d.FAQ, d.Explanation.Rule)
	}
	if d := m.MatchInContext(q, Context{LastFAQ: 5, Topic: m.topicOf[5]}); d.Kind == KindAnswer && d.FAQ == 5 {
		t.Errorf("%s after FAQ 5, whose answer lacks 一次: got answer 5", q)
	}
	if !asksHow("那怎么注册领取") || asksHow("原件是身份证吗") {
		t.Error("asksHow: 怎么 asks how, 原件是身份证吗 does not")
	}
}
