package intents

// What an answer is for. An official answer may say whom or what it is
// for: FAQ 9 answers for foreigners 持有尚未到期实体证卡, holding a card
// that has not expired. A question about an expired card shares every
// other word with it, and the model, which reads words, answers it; but
// the answer is not for it, and an employer who follows it is misled. A
// question that states a state whose opposite the official question or
// answer is limited to is not answered by that FAQ, unless the operators
// taught the FAQ with a question that states it too. The opposites are
// facts of the language (the synonym table maps 已经过期 and expired to
// 过期, 还没到期 and not yet expired to 未过期), not rules per FAQ.

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// opposites maps a state a question may state to its opposite, as
// canonical words.
var opposites = map[string]string{"过期": "未过期"}

// limitedAgainst returns a word of words whose opposite FAQ no's official
// text (question and answer) is limited to and that neither that text nor
// the FAQ's examples use; "" if none.
func (m *Matcher) limitedAgainst(words []string, no int) string {
	for _, w := range words {
		o, ok := opposites[w]
		if !ok {
			continue
		}
		f := m.cfg.FAQ(no)
		class, found := m.classOf(no)
		if f == nil || !found {
			continue
		}
		official := m.words(f.Question+"\n"+f.Answer+"\n"+f.QuestionEn+"\n"+f.AnswerEn, nil)
		if !containsWord(official, o) || containsWord(official, w) || m.taught(class, w) {
			continue
		}
		return w
	}
	return ""
}

// taught reports whether an example of class c has word w.
func (m *Matcher) taught(c int32, w string) bool {
	for i := range m.model.examples {
		if ex := &m.model.examples[i]; ex.class == c && containsWord(ex.words, w) {
			return true
		}
	}
	return false
}

// withinScope keeps of d's answer or suggestions the FAQs whose official
// text is not limited against a state the question states; with none
// left, d falls back. It returns the rule that changed d, or "".
func (m *Matcher) withinScope(words []string, d Decision) (Decision, string) {
	switch d.Kind {
	case KindAnswer:
		if w := m.limitedAgainst(words, d.FAQ); w != "" {
			return Decision{Kind: KindFallback, Intent: "fallback", Score: d.Score, Topic: d.Topic},
				fmt.Sprintf("fallback: FAQ %d fits the subject (probability %.3f), but its official answer is for %s, and the question says %s", d.FAQ, d.Score, opposites[w], w)
		}
	case KindClarify:
		var kept []int
		var dropped string
		for _, no := range d.Suggestions {
			if w := m.limitedAgainst(words, no); w != "" {
				dropped = w
				continue
			}
			kept = append(kept, no)
		}
		if dropped == "" {
			return d, ""
		}
		if len(kept) == 0 {
			return Decision{Kind: KindFallback, Intent: "fallback", Score: d.Score, Topic: d.Topic},
				fmt.Sprintf("fallback: the FAQs %v fit the subject, but their official answers are for %s, and the question says %s", d.Suggestions, opposites[dropped], dropped)
		}
		d.Suggestions = kept
		return d, fmt.Sprintf("clarify: of the FAQs that fit the subject, only %v are not limited to %s", kept, opposites[dropped])
	}
	return d, ""
}

// requirementModals open what a yes-no question asks to be allowed or
// required: 需要公证吗, 可以用电子签名吗, 必须本人去吗.
var requirementModals = []string{"是否需要", "需不需要", "要不要", "用不用", "需要", "必须", "可不可以", "能不能", "可以", "能否"}

// askedObject returns what a yes-no question asks to be required or
// allowed: the words after the last modal (需要, 可以…) of normalised
// text n, the message as analyse left it, when the message ends by asking
// (吗); nil otherwise: 需要公证，读者证怎么办理 asks how.
func (m *Matcher) askedObject(n string) []string {
	t := strings.TrimSpace(n)
	if !strings.HasSuffix(t, "吗") && !strings.HasSuffix(t, "么") {
		return nil
	}
	at, size := -1, 0
	for _, w := range requirementModals {
		if i := strings.LastIndex(t, w); i > at {
			at, size = i, len(w)
		}
	}
	if at < 0 {
		return nil
	}
	return m.words(t[at+size:], nil)
}

// uncoveredObject returns a word of what a yes-no question asks to be
// required or allowed that only the out_of_scope examples use: no FAQ's
// examples (questions, alternates, answers) weigh it, so FAQ class c's
// answer does not say (派遣函需要公证吗: FAQ 10 says what a contract must
// hold, nothing of notarisation). A word some FAQ uses (材料, 现场) is no
// such evidence, nor a word the model does not know (a typo, 承若书), nor
// a character alone (填, 拍), which says too little. words are the
// message's, n its normalised text: the message's words are looked at
// first, so that a message with no such word costs no further reading.
func (m *Matcher) uncoveredObject(n string, words []string, c int32) string {
	var only []string
	for _, w := range words {
		if m.onlyOutOfScope(w) && !m.within([]string{w}, c) {
			only = append(only, w)
		}
	}
	if len(only) == 0 {
		return ""
	}
	for _, w := range m.askedObject(n) {
		if containsWord(only, w) {
			return w
		}
	}
	return ""
}

// onlyOutOfScope reports whether w, of two characters or more, is a word
// the model knows that no FAQ's examples weigh.
func (m *Matcher) onlyOutOfScope(w string) bool {
	md := m.model
	id, known := md.ids[w]
	if !known || utf8.RuneCountInString(w) < 2 || aspectWords[w] {
		return false
	}
	for k := int32(0); k < md.noneClass(); k++ {
		if md.weight(id, k) > 0 {
			return false
		}
	}
	return true
}
