package intents

import (
	"strings"
	"testing"
)

// TestAnswerLimitedToTheOppositeState: the fixture's FAQ 1, rewritten to
// be for readers whose old card has not expired, does not answer for an
// expired one; it does for a card that has not, and for an expired one
// once the operators teach it so.
func TestAnswerLimitedToTheOppositeState(t *testing.T) {
	edit := func(teach bool) func(*Config) {
		return func(cfg *Config) {
			for i := range cfg.Content.FAQs {
				if cfg.Content.FAQs[i].No == 1 {
					cfg.Content.FAQs[i].Answer = "持有尚未到期的旧版读者证的读者，可在网上服务大厅换领新版读者证。"
				}
			}
			for i := range cfg.Rules.FAQs {
				if cfg.Rules.FAQs[i].No == 1 {
					cfg.Rules.FAQs[i].Alternates = append(cfg.Rules.FAQs[i].Alternates, "旧版读者证怎么换领新版", "旧读者证能换新版的吗")
					if teach {
						cfg.Rules.FAQs[i].Alternates = append(cfg.Rules.FAQs[i].Alternates, "旧读者证过期了还能换新版吗")
					}
				}
			}
		}
	}
	m := fixtureMatcherWith(t, edit(false))
	if d := m.Match("旧版读者证还没过期，怎么换领新版读者证"); d.Kind != KindAnswer || d.FAQ != 1 {
		t.Fatalf("a card not expired: got %v %d, want answer 1 (the test needs it)", d.Kind, d.FAQ)
	}
	d := m.Explain("旧版读者证已经过期了，还能换领新版读者证吗")
	if d.Kind == KindAnswer && d.FAQ == 1 {
		t.Errorf("an expired card: got answer 1, whose answer is for cards not yet expired (%s)", d.Explanation.Rule)
	} else if d.Kind == KindFallback && !strings.Contains(d.Explanation.Rule, "未过期") {
		t.Logf("fell back for another reason: %s", d.Explanation.Rule)
	}
	taught := fixtureMatcherWith(t, edit(true))
	if d := taught.Match("旧版读者证已经过期了，还能换领新版读者证吗"); d.Kind != KindAnswer || d.FAQ != 1 {
		t.Errorf("an expired card, once taught: got %v %d, want answer 1", d.Kind, d.FAQ)
	}
}

func TestAskedObject(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	for text, want := range map[string][]string{
		"办读者证需要公证吗":    {"公证"},
		"续借可以在网上办吗？":   {"网上办理"},
		"读者证丢了怎么办":     nil, // asks how, not whether
		"需要公证，读者证怎么办理": nil, // the last clause asks how
	} {
		got := m.askedObject(m.analyse(text, nil).normalized)
		if len(want) == 0 && len(got) != 0 || len(want) != 0 && !containsWord(got, want[0]) {
			t.Errorf("askedObject(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestRequiredThingNoFAQSpeaksOf: a yes-no question whether something is
// required (公证) that only the out_of_scope examples speak of is not
// answered by the FAQ on its subject, whose answer says nothing of it;
// once the operators teach the FAQ with it, it is.
func TestRequiredThingNoFAQSpeaksOf(t *testing.T) {
	edit := func(teach bool) func(*Config) {
		return func(cfg *Config) {
			cfg.Rules.OutOfScope = append(cfg.Rules.OutOfScope, "公证处在哪里", "公证要多少钱", "哪里可以办公证", "合同公证怎么办")
			if teach {
				for i := range cfg.Rules.FAQs {
					if cfg.Rules.FAQs[i].No == 1 {
						cfg.Rules.FAQs[i].Alternates = append(cfg.Rules.FAQs[i].Alternates, "办读者证要不要公证")
					}
				}
			}
		}
	}
	const q = "第一次办读者证需要公证吗"
	m := fixtureMatcherWith(t, edit(false))
	d := m.Explain(q)
	if d.Kind == KindAnswer {
		t.Errorf("%s: got answer %d (%s), want no answer: no FAQ speaks of 公证", q, d.FAQ, d.Explanation.Rule)
	}
	if d := fixtureMatcherWith(t, edit(true)).Match(q); d.Kind != KindAnswer || d.FAQ != 1 {
		t.Errorf("%s once FAQ 1 is taught with 公证: got %v %d, want answer 1", q, d.Kind, d.FAQ)
	}
}

func TestAskedObjectByModalAndNegation(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	if got := m.askedObject(m.analyse("办读者证要不要公证", nil).normalized); !containsWord(got, "公证") {
		t.Errorf("办读者证要不要公证: asked object %v, want 公证", got)
	}
	for _, text := range []string{"办读者证要公证，还能借书吗", "能不能做一张可以拿在手上用来借书的那种卡片"} {
		if got := m.askedObject(m.analyse(text, nil).normalized); got != nil {
			t.Errorf("%s: asked object %v, want none", text, got)
		}
	}
}

// TestScopeIsWhomTheAnswerIsFor: a state named further on in an answer
// (需出示尚未过期的身份证: what is needed) does not limit whom it is for;
// the opening clause does (对于持有尚未过期旧证的读者).
func TestScopeIsWhomTheAnswerIsFor(t *testing.T) {
	m := fixtureMatcherWith(t, func(cfg *Config) {
		for i := range cfg.Content.FAQs {
			switch cfg.Content.FAQs[i].No {
			case 1:
				cfg.Content.FAQs[i].Answer = "读者证当场开通，需出示尚未过期的身份证。"
			case 2:
				cfg.Content.FAQs[i].Answer = "对于持有尚未过期旧证的读者，请先挂失，再补办新证。"
			}
		}
	})
	if m.limitedAgainst(expired, 1) {
		t.Error("FAQ 1 names 尚未过期 only in what is needed: limited against what has expired")
	}
	if !m.limitedAgainst(expired, 2) {
		t.Error("FAQ 2 is for readers whose card has not expired: not limited against what has")
	}
	if m.limitedAgainst(stillValid, 2) {
		t.Error("a card not expired is what FAQ 2 is for: limited against it")
	}
}

func TestValidityOf(t *testing.T) {
	said := map[validity][]string{
		expired:        {"实体证已经过期了还能换吗", "实体证过期了怎么办", "my card has already expired", "an expired permit", "实体证 expired 了还能换电子的吗"},
		stillValid:     {"实体证还没有过期怎么换", "实体证不过期能换吗", "尚未到期的实体证卡", "not yet expired"},
		validityUnsaid: {"实体证快要过期了怎么换", "下个月就要到期了", "工作许可即将到期如何办理延期", "换发电子证照要多久"}, // about to: a time
	}
	for want, texts := range said {
		for _, text := range texts {
			if got := validityOf(norm(text)); got != want {
				t.Errorf("validityOf(%q) = %v, want %v", text, got, want)
			}
		}
	}
}
