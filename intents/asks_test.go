package intents

import (
	"slices"
	"strings"
	"testing"
)

func TestAsksFor(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Aspect
	}{
		{"工作许可办下来大概要多久", AspectDuration},
		{"审批一般要几个工作日", AspectDuration},
		{"提交后多少天能批下来", AspectDuration},
		{"最多能办几年", AspectDuration},
		{"how long does approval take", AspectDuration},
		{"how many working days", AspectDuration},
		{"how much time does it take", AspectDuration},
		{"换发要收费吗", AspectPrice},
		{"换发的费用是多少", AspectPrice},
		{"how much is it", AspectPrice},
		{"is it free", AspectPrice},
		{"is there a charge for the card", AspectPrice},
		{"办居留许可要交多少钱", AspectPrice},
		{"收不收费", AspectPrice},
		{"is there a fee for the e-card", AspectPrice},
		{"how much does the work permit cost", AspectPrice},
		{"要多久，多少钱", AspectDuration | AspectPrice},
		{"照片在哪里拍", AspectPlace},
		{"where do I click to change the card", AspectPlace},
		{"which menu do I use", AspectPlace},
		{"外专局电话多少", AspectPhone},
		{"有没有咨询热线", AspectPhone},
		{"what is the hotline", AspectPhone},
		{"contact number?", AspectPhone},
		{"深圳住房公积金缴存比例是多少", AspectRate},
		{"外籍员工工资个税的税率是多少", AspectRate},
		{"首付要几成", AspectRate},
		{"电子工作许可 有效期", AspectDuration},
		{"换发电子证照 办理时限", AspectDuration},
		{"validity of the e-work permit", AspectDuration},
		{"实体证有效期内能换电子的吗", 0}, // within its validity: a condition, not an ask
		{"人社局在哪里", AspectPlace | AspectAddress},
		{"外专局窗口在哪儿", AspectPlace | AspectAddress},
		{"在哪个窗口办", AspectPlace},
		{"去窗口核验原件需要提前预约吗", AspectBooking},
		{"do we need an appointment", AspectBooking},
		{"可以让同事代交材料吗", AspectProxy},
		{"换发电子证照可以委托中介代办吗", AspectProxy},
		{"can an agency submit it on behalf of the employer", AspectProxy},
		{"超龄的年龄标准是什么", AspectAge},
		{"电子工作许可可以代替实体证吗", 0},                                                             // 代替: instead of
		{"超龄员工公司还要代交社保吗", 0},                                                              // paying for someone
		{"我们员工六十几岁了能领电子工作许可证吗", 0},                                                        // an age told
		{"Which over-age employees can get the e-permit?", 0},                             // over-age
		{"实体证有效期还有一年能换电子的吗", 0},                                                           // validity as background
		{"Can I replace my physical permit during its validity?", 0},                      // during its validity
		{"人社局哪个部门管社保", AspectPlace},                                                       // which department, not where the bureau is
		{"预约窗口的时候需要带原件吗", 0},                                                              // a booking made
		{"I am asking on behalf of my company: can we still use the parallel system?", 0}, // who writes
		{"超龄是按多少岁算的", AspectAge},
		{"孩子几岁可以办读者证", AspectAge},
		{"年龄标准是什么", AspectAge},
		{"at what age is someone considered over-age", AspectAge},
		{"how old must the applicant be", AspectAge},
		{"people over the age limit cannot buy social insurance", 0},
		{"超过60岁的员工可以领取电子工作许可证吗", 0},
		{"what percentage is reimbursed", AspectRate},
		{"what is the tax rate for expats", AspectRate},
		{"what is the phone number of the bureau", AspectPhone},
		{"which documents do I need", 0},
		{"换发去哪个网站", AspectPlace},
		// Where to turn: a department, whom to contact.
		{"要找哪个部门", AspectPlace},
		{"这事该联系谁", AspectPlace},
		{"so who should we contact", AspectPlace},
		{"which department handles this", AspectPlace},
		{"who is responsible for the application", 0},
		// An address: a street and a window, not an e-mail or a web address.
		{"人社局地址在哪", AspectPlace | AspectAddress},
		{"外专局窗口的地址是什么", AspectAddress},
		{"what is the address of the office", AspectAddress},
		{"where is the counter located", AspectPlace | AspectAddress},
		{"我的邮箱地址填错了", 0},
		{"承诺书下载地址", 0},
		{"申报地址有变化吗", 0},
		{"my email address changed", 0},
		{"fwp.safea 那个 website 还是原来的地址吗", 0}, // a web address
		{"合同需要写工作地址吗", 0},                    // an address in a document
		{"电子社保卡上的地址能改吗", 0},
		{"does the chinese contract need the employer's address?", 0},
		{"换发流程怎么走", 0}, // a process's way, not a street's
		{"请问谁可以领取电子工作许可", 0},
		{"who should the employer ask to sign the contract", 0},
		{"online portal address for work permit, changed or same", 0},
		// Not asks: a while, a school year, a person in charge, courtesy.
		{"我们等了好几天", 0},
		{"孩子上几年级", 0},
		{"who is in charge of the e-card", 0},
		{"feel free to tell me what to upload", 0},
		{"少年宫今天开吗", 0},
		{"换发要什么材料", 0},
		{"几号能拿到", 0},
		{"前几天提交的换发申请怎么查进度", 0},
		{"这几天系统很慢", 0},
		{"孩子几周岁可以入学", AspectAge}, // an age, not a duration
		{"几月份开始实施", 0},
		{"几个月大的宝宝", 0},
		{"医疗费用报销要什么材料", 0},
		{"社保交费证明怎么开", 0},
		{"补贴能领多少钱", 0},
		{"有什么地方需要注意", 0},
		{"哪里不对", 0},
		{"有哪里要改", 0},
		{"修改联系电话", 0},
		{"怎么变更联系方式", 0},
		{"what do I need to change my phone number", 0},
		{"what should I do if my phone number changed", 0},
		{"how much information do I need to fill in", 0},
		{"can I charge my phone there", 0},
		{"toll-free", 0},
		{"kindly advise the procedure for cases where the notification was completed", 0},
		{"notification cancel button where", AspectPlace},
		{"where's the menu", AspectPlace},
		{"承诺书是用在哪个业务的", 0},
		{"李娜 联系电话13712345678 想问下网址换了没有", 0}, // a label, not a question
		{"外国人怎么办电话卡", 0},
		{"taking photo with my phone at home", 0},
		{"how can I change the phone number on my card", 0},
	} {
		if got := asksFor(norm(tc.text)); got != tc.want {
			t.Errorf("asksFor(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestAsksOnly: a message asks only for a duration when every clause that
// asks something asks for it; background clauses do not count.
func TestAsksOnly(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Aspect
	}{
		{"读者证丢了，补办要几天？", AspectDuration},
		{"补办要什么材料，要多久？", 0},
		{"我们等了好几天，怎么补办", 0},
		{"办理费用", AspectPrice}, // no clause asks: the message is read whole
		{"要多久？多少钱？", AspectDuration | AspectPrice},
		{"换发电子证照需要哪些材料多少钱", 0}, // the materials too, in one clause
		{"换发电子证照需要哪些材料，多少钱", 0},
		{"what documents do we need and how long does it take", 0},
		{"換發要幾天？", AspectDuration},
		{"辦理收費嗎", AspectPrice},
		{"在什麼地方辦", AspectPlace},
		{"HOW LONG does it take?", AspectDuration},
	} {
		if got := asksOnly(tc.text); got != tc.want {
			t.Errorf("asksOnly(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestAskGate: every Chinese cue has a character of askHan, and every
// English cue word begins with one of askEnglish, or mayAsk would let a
// message that asks pass unread.
func TestAskGate(t *testing.T) {
	for _, list := range [][]string{durationHan, priceHan, feeAsked, placeHan, phoneHan, rateHan, addressHan, {"几", "多少", "在哪"}} {
		for _, c := range list {
			if !strings.ContainsAny(c, askHan) {
				t.Errorf("cue %q has no character of askHan", c)
			}
		}
	}
	for w := range priceWords {
		if !mayAsk(w) {
			t.Errorf("price word %q does not pass mayAsk", w)
		}
	}
	for _, q := range []string{"how soon", "how much time", "processing time", "turnaround", "where", "which menu", "几天", "多少天",
		"is it free", "a charge", "what is the phone number", "hotline", "contact number", "ＨＯＷ ＬＯＮＧ", "what percentage", "tax rate",
		"who should we contact", "what is the address", "where is it located"} {
		if !mayAsk(q) {
			t.Errorf("%q does not pass mayAsk", q)
		}
	}
}

func TestGives(t *testing.T) {
	for _, tc := range []struct {
		answer   string
		examples []string
		want     Aspect
	}{
		{"每个读者证可同时借阅 10 册图书，借期 30 天。", nil, AspectDuration},
		{"需提供申请人 6 个月内正面免冠照片。", nil, AspectDuration},
		{"换发不收取任何费用，当天办结。", nil, AspectDuration | AspectPrice},
		{"工本费 20 元。", nil, AspectPrice},
		{"免收工本费，当场制卡。", nil, AspectDuration | AspectPrice},
		{"按3%至45%的超额累进税率计算。", nil, AspectRate},
		{"登录系统，在【变更】菜单中办理。", nil, AspectPlace},
		{"未满 16 周岁的读者需由监护人陪同。", nil, AspectAge},
		{"外籍人员年满 60 周岁的，按超龄人员办理。", nil, AspectAge},
		{"核验原件无需预约，随到随办。", nil, AspectBooking | AspectDuration}, // 随到随办: at once
		{"须由申请人本人到场办理，不得委托他人。", nil, AspectProxy},
		{"咨询电话：0755-88121678。", nil, AspectPhone},
		{"请拨打 12333 咨询。", nil, AspectPhone},
		// A date is no duration, and social insurance contributions no price.
		{"2024 年 12 月 1 日起，外国人须依法缴纳社会保险费。", nil, 0},
		{"12月1日之后获批的许可通知可在线上注销。", nil, AspectPlace},
		{"请到福田区福中三路市民中心行政服务大厅东厅 50 号窗口办理。", nil, AspectPlace | AspectAddress},
		{"请向人社局咨询。", nil, AspectPlace},
		{"可在【我的】-【我的在办件】中查看办理进度。", nil, AspectPlace},                  // a menu in 【】
		{"申报地址为：https://fwp.safea.gov.cn/lhgzweb/", nil, AspectPlace}, // a web address is no street
		// The operators taught it with a question that asks how long.
		{"请到窗口办理。", []string{"补办要几天"}, AspectDuration | AspectPlace},
	} {
		if got := gives(FAQ{Answer: tc.answer}, tc.examples); got != tc.want {
			t.Errorf("gives(%q, %q) = %q, want %q", tc.answer, tc.examples, got, tc.want)
		}
	}

}

// TestQuestionAskingWhatTheAnswerDoesNotGive: the fixture's FAQ 2 (a lost
// reader card) says how to replace it, not how long it takes or what it
// costs; FAQ 3 gives the loan period; FAQ 5 the opening hours, not where. A question on the lost card that
// asks only how long falls back, with the reason in the Why; one that asks
// for the materials too is answered; once the operators teach FAQ 2 with
// such a question, it is answered.
func TestQuestionAskingWhatTheAnswerDoesNotGive(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	for _, tc := range []struct {
		text string
		kind Kind
		faq  int
	}{
		{"读者证丢了补办要多久", KindFallback, 0},
		{"读者证丢了，补办要几天", KindFallback, 0},
		{"读者证丢了补办要多少钱", KindFallback, 0},
		{"自习室预约要收费吗", KindFallback, 0},
		{"开放时间在哪里查", KindFallback, 0},       // FAQ 5 gives the hours, not where they are posted
		{"补办读者证的总服务台地址在哪", KindFallback, 0}, // FAQ 2 names the desk, not its address
		{"读者证丢了补办要什么材料，要多久？", KindAnswer, 2},
		{"读者证丢了怎么补办", KindAnswer, 2},
		{"一次能借多久", KindAnswer, 3},
	} {
		d := m.Explain(tc.text)
		if d.Kind != tc.kind || d.FAQ != tc.faq {
			t.Errorf("%s: got %v %d (%s), want %v %d", tc.text, d.Kind, d.FAQ, d.Explanation.Rule, tc.kind, tc.faq)
		}
		if tc.kind == KindFallback && !strings.Contains(d.Explanation.Rule, "the question asks") {
			t.Errorf("%s: the Why does not say what the question asks: %s", tc.text, d.Explanation.Rule)
		}
		if (tc.kind == KindFallback) != (d.NotGiven != 0) {
			t.Errorf("%s: NotGiven = %q on a %v", tc.text, d.NotGiven, d.Kind)
		}
	}
	// Without the ask, the same subject is answered: the fallback above
	// is the ask's doing, not the model's.
	if d := m.Match("读者证丢了补办"); d.Kind != KindAnswer || d.FAQ != 2 {
		t.Fatalf("读者证丢了补办: got %v %d, want answer 2", d.Kind, d.FAQ)
	}

	taught := fixtureMatcherWith(t, func(cfg *Config) {
		for i, fr := range cfg.Rules.FAQs {
			if fr.No == 2 {
				cfg.Rules.FAQs[i].Alternates = append(slices.Clone(fr.Alternates), "补办读者证需要几天")
			}
		}
	})
	if d := taught.Match("读者证丢了补办要多久"); d.Kind != KindAnswer || d.FAQ != 2 {
		t.Errorf("taught with a question asking how long, FAQ 2 still does not answer it: %v %d", d.Kind, d.FAQ)
	}

	// A FAQ whose own question asks how long answers it word for word,
	// though its answer states no duration.
	own := fixtureMatcherWith(t, func(cfg *Config) {
		cfg.Content.FAQs = append(cfg.Content.FAQs, FAQ{No: 90, ID: "new-card-wait", Question: "新办读者证要等多久？", Answer: "当场开通，凭身份证即可借书。"})
		cfg.Rules.FAQs = append(cfg.Rules.FAQs, FAQRule{No: 90, Alternates: []string{"新读者证什么时候能用", "办完证能马上借书吗", "读者证开通要等吗", "刚办的证能用吗", "新证当天能借书吗"}})
	})
	if d := own.Match("新办读者证要等多久？"); d.Kind != KindAnswer || d.FAQ != 90 {
		t.Errorf("FAQ 90's own question, which asks how long: got %v %d", d.Kind, d.FAQ)
	}
}

// TestNotGivenIsWhatTheAnswerLacks: 读者证丢了在哪里补办要多久 asks where
// and how long; FAQ 2's answer says where (the online hall, the counter),
// not how long, so the fallback says only that the duration is not given.
func TestNotGivenIsWhatTheAnswerLacks(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	d := m.Match("读者证丢了在哪里补办要多久")
	if d.Kind != KindFallback || d.NotGiven != AspectDuration {
		t.Errorf("got %v, NotGiven %q; want a fallback lacking only the duration", d.Kind, d.NotGiven)
	}
}

// TestFollowUpAskingWhatTheLastAnswerGives: 在哪里办 names no subject; after
// the fixture's answer on renewals (online or at the self-service
// machines) it asks where to renew, which that answer gives. After the
// answer on the loan limit, which names no place, and with no
// conversation, it is not answered.
func TestFollowUpAskingWhatTheLastAnswerGives(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	d := m.ExplainInContext("在哪里办", Context{LastFAQ: 4})
	if d.Kind != KindAnswer || d.FAQ != 4 {
		t.Fatalf("在哪里办 after FAQ 4: got %v %d (%s), want answer 4", d.Kind, d.FAQ, d.Explanation.Rule)
	}
	if !strings.Contains(d.Explanation.Rule, "follow-up that asks where") {
		t.Errorf("the Why does not say why: %s", d.Explanation.Rule)
	}
	if d := m.MatchInContext("在哪里办", Context{LastFAQ: 3}); d.Kind == KindAnswer {
		t.Errorf("在哪里办 after FAQ 3, whose answer names no place: got answer %d", d.FAQ)
	}
	if d := m.Match("在哪里办"); d.Kind == KindAnswer {
		t.Errorf("在哪里办 with no conversation: got answer %d", d.FAQ)
	}
}

// TestContrastingFollowUp: 那已经办结的呢 after the answer on applications
// in progress asks about the completed ones. When the context settles on
// the FAQ answered last but the message's own words rank another FAQ of
// the same topic first, that FAQ answers; one of another topic, or the
// same FAQ, does not.
func TestContrastingFollowUp(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	own := m.judge("那续借的呢", false, "")
	if len(own.rank.top) == 0 || m.model.classes[own.rank.top[0]].no != 4 {
		t.Fatalf("the fixture's own reading of 那续借的呢 does not rank FAQ 4 (renewals) first: %v", own.rank.top)
	}
	three, _ := m.classOf(3)
	four, _ := m.classOf(4)
	if alt, ok := m.contrast("那续借的呢", own, three, m.topicOf[3]); !ok || alt != four {
		t.Errorf("settled on FAQ 3 of topic %q: contrast gave %d %v, want FAQ 4's class %d", m.topicOf[3], alt, ok, four)
	}
	if _, ok := m.contrast("那续借的呢", own, four, m.topicOf[4]); ok {
		t.Error("settled on the FAQ the message ranks first: contrast changed it")
	}
	if _, ok := m.contrast("那续借的呢", own, three, "另一个话题"); ok {
		t.Error("another topic: contrast changed it")
	}
	if _, ok := m.contrast("续借要带什么", m.judge("续借要带什么", false, ""), three, m.topicOf[3]); ok {
		t.Error("a question that is no follow-up (no 呢): contrast changed it")
	}
	// In a conversation: whether the context settles a clarification on
	// FAQ 3 or answers FAQ 3, the FAQ answered last, outright, the
	// contrast wins; not when the context answers another FAQ.
	c := Context{LastFAQ: 3, Topic: m.topicOf[3]}
	for _, withCx := range []verdict{{kind: KindClarify, offered: []int32{three}}, {kind: KindAnswer, class: three}} {
		if got := m.settle("那续借的呢", own, judgement{v: withCx}, c, m.topicOf[3]); got.v.kind != KindAnswer || got.v.class != four || !got.contrast {
			t.Errorf("context reading %+v after FAQ 3: settled on class %d (contrast %v), want FAQ 4's class %d", withCx, got.v.class, got.contrast, four)
		}
	}
	five, _ := m.classOf(5)
	if got := m.settle("那续借的呢", own, judgement{v: verdict{kind: KindAnswer, class: five}}, c, m.topicOf[3]); got.v.class != five || got.contrast {
		t.Errorf("the context answers FAQ 5, not the one answered last: settle changed it to class %d", got.v.class)
	}
}

// TestAspectFollowUpNamingNoSubject: a follow-up made only of aspect
// words (页面在哪里) that its own reading answers with another FAQ, from
// those words alone, is about the FAQ answered last when that FAQ's answer
// gives what it asks; without a conversation it keeps its own reading.
func TestAspectFollowUpNamingNoSubject(t *testing.T) {
	m := fixtureMatcherWith(t, func(cfg *Config) {
		for i := range cfg.Rules.FAQs {
			if cfg.Rules.FAQs[i].No == 5 {
				cfg.Rules.FAQs[i].Alternates = append(cfg.Rules.FAQs[i].Alternates, "开放时间的页面在哪里", "开放时间在哪里看", "页面在哪里能看到开放时间")
			}
		}
	})
	own := m.Match("页面在哪里")
	if own.Kind != KindAnswer || own.FAQ != 5 {
		t.Fatalf("页面在哪里 alone: got %v %d, and this test needs FAQ 5 (its examples name the page)", own.Kind, own.FAQ)
	}
	d := m.ExplainInContext("页面在哪里", Context{LastFAQ: 4})
	if d.Kind != KindAnswer || d.FAQ != 4 {
		t.Fatalf("页面在哪里 after FAQ 4 (renewal, 网上服务大厅): got %v %d (%s), want answer 4", d.Kind, d.FAQ, d.Explanation.Rule)
	}
	// A follow-up that names a subject keeps its own reading, and so does
	// an example question of another FAQ.
	if d := m.MatchInContext("开放时间的页面在哪里", Context{LastFAQ: 4}); d.Kind != KindAnswer || d.FAQ != 5 {
		t.Errorf("开放时间的页面在哪里 after FAQ 4: got %v %d, want answer 5", d.Kind, d.FAQ)
	}
	ex := fixtureMatcherWith(t, func(cfg *Config) {
		for i := range cfg.Rules.FAQs {
			if cfg.Rules.FAQs[i].No == 5 {
				cfg.Rules.FAQs[i].Alternates = append(cfg.Rules.FAQs[i].Alternates, "页面在哪里")
			}
		}
	})
	if d := ex.MatchInContext("页面在哪里", Context{LastFAQ: 4}); d.Kind != KindAnswer || d.FAQ != 5 {
		t.Errorf("页面在哪里, an example of FAQ 5, after FAQ 4: got %v %d, want answer 5", d.Kind, d.FAQ)
	}
	// Whom to turn to is answered only by an answer that names an
	// authority: FAQ 4's names a service hall and a machine.
	if d := m.MatchInContext("部门在哪里", Context{LastFAQ: 4}); d.Kind == KindAnswer && d.FAQ == 4 {
		t.Errorf("部门在哪里 after FAQ 4, whose answer names no authority: got answer 4")
	}
}
