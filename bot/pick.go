package bot

import "github.com/kzrh/faqbot/intents"

// picked answers a FAQ picked on a clickable menu (Message.FAQ). It
// reports false when there is none, or when a reload removed that FAQ:
// then the item's title is matched like any question.
func (t *turn) picked() bool {
	if t.msg.FAQ <= 0 || t.m.Config().FAQ(t.msg.FAQ) == nil {
		return false
	}
	t.answer(t.msg.FAQ, 1)
	if t.explain {
		t.why = &intents.Explanation{Normalized: intents.Normalize(t.msg.Text), Rule: "choice: the FAQ was picked on a clickable menu"}
	}
	return true
}
