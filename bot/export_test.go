package bot

import (
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/lang"
)

// AnswerText is the reply that answers FAQ no in language l, as the
// engine composes it, for tests of the shipped content.
func AnswerText(m *intents.Matcher, no int, l lang.Language) string {
	return newTexts(m).in(l).answer(m.Config().FAQ(no))
}

// FixedTexts are the replies of language l that answer no FAQ: fallback,
// please-type, small talk, and the clarification of every menu group.
func FixedTexts(m *intents.Matcher, l lang.Language) map[string]string {
	r := newTexts(m).in(l)
	out := map[string]string{"fallback": r.fallback, "please-type": r.pleaseType}
	for name, text := range r.smallTalk {
		out["small talk "+name] = text
	}
	for i, item := range m.Config().Rules.Menu {
		out["menu line "+item.Title] = r.clarify(m.Config().Rules.Menu[i].FAQs)
	}
	return out
}

// NotGivenText is the line a fallback begins with when the official
// answers do not give what was asked, in Chinese and in English.
func NotGivenText(m *intents.Matcher, a intents.Aspect) (zh, en string) {
	t := newTexts(m)
	return t.zh.notGiven(a), t.en.notGiven(a)
}
