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
	"slices"
	"strings"
	"unicode/utf8"
)

// opposites maps a state a question may state to its opposite, as
// canonical words.
var opposites = map[string]string{"过期": "未过期", "未过期": "过期"}

// limitedAgainst returns a word of words whose opposite FAQ no is
// limited to (scopeWords) and that neither its scope nor its examples
// use; "" if none.
func (m *Matcher) limitedAgainst(words []string, no int) string {
	for _, w := range words {
		o, ok := opposites[w]
		if !ok {
			continue
		}
		scope := m.scopeWords(no)
		class, found := m.classOf(no)
		if !found || !containsWord(scope, o) || containsWord(scope, w) || m.taught(class, w) {
			continue
		}
		return w
	}
	return ""
}

// scopeWords returns the words that say whom or what FAQ no is for: its
// official question's, and those of its answer's opening clause (对于持有
// 尚未到期实体证卡的外国人，…; For foreigners holding a card that has not
// yet expired, …). A condition further on (需要提供有效期内的《外国人工作
// 许可通知》) says what is needed, not whom the answer is for. Read once,
// on first use.
func (m *Matcher) scopeWords(no int) []string {
	m.officialOnce.Do(m.readOfficial)
	return m.scope[no]
}

// openingClause is the text of s up to its first comma or full stop.
func openingClause(s string) string {
	if i := strings.IndexAny(s, "，,。;；:："); i >= 0 {
		return s[:i]
	}
	return s
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
				fmt.Sprintf("fallback: FAQ %d fits the subject (probability %.3f), but it is for %s, and the question says %s", d.FAQ, d.Score, opposites[w], w)
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
				fmt.Sprintf("fallback: the FAQs %v fit the subject, but they are for %s, and the question says %s", d.Suggestions, opposites[dropped], dropped)
		}
		d.Suggestions = kept
		return d, fmt.Sprintf("clarify: of the FAQs that fit the subject, only %v are not limited to %s", kept, opposites[dropped])
	}
	return d, ""
}

// requirementModals open what a yes-no question asks to be allowed or
// required: 需要公证吗, 可以用电子签名吗, 必须本人去吗.
var requirementModals = []string{"是否需要", "需不需要", "要不要", "用不用", "需要", "必须", "可不可以", "能不能", "可以", "能否", "要"}

// maxObject is the most characters of what a yes-no question asks to be
// required or allowed (在总部所在国公证吗): a longer stretch after its
// modal (能不能做一张…拿在手上的那种) is a request of its own.
const maxObject = 12

// askingModals ask by a verb and its negation, with or without 吗.
var askingModals = []string{"需不需要", "要不要", "用不用", "可不可以", "能不能"}

// askedObject returns what a yes-no question asks to be required or
// allowed: the words after the last modal (需要, 可以…) of normalised
// text n, the message as analyse left it, when the message ends by asking
// (吗) or asks by a modal and its negation (要不要公证); nil otherwise:
// 需要公证，读者证怎么办理 asks how.
func (m *Matcher) askedObject(n string) []string {
	t := strings.TrimSpace(n)
	// The modal that ends last, the longest of those (要不要, not its
	// second 要).
	at, size := -1, 0
	for _, w := range requirementModals {
		if i := strings.LastIndex(t, w); i >= 0 && (i+len(w) > at+size || i+len(w) == at+size && len(w) > size) {
			at, size = i, len(w)
		}
	}
	if at < 0 {
		return nil
	}
	// The modal's clause must be the message's last (norm made its
	// punctuation spaces), and ask: by 吗, or by the modal and its
	// negation (要不要公证).
	object := t[at+size:]
	if strings.Contains(object, " ") || utf8.RuneCountInString(object) > maxObject {
		return nil // not the last clause, or more than a thing asked about
	}
	if !strings.HasSuffix(t, "吗") && !strings.HasSuffix(t, "么") && !slices.Contains(askingModals, t[at:at+size]) {
		return nil
	}
	return m.words(object, nil)
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

// withoutUncoveredObject keeps of d's answer or suggestions the FAQs
// that speak of what a yes-no question asks to be required or allowed
// (uncoveredObject); with none left, d falls back. It returns the rule
// that changed d, or "".
func (m *Matcher) withoutUncoveredObject(a analysis, d Decision) (Decision, string) {
	uncovered := func(no int) string {
		class, ok := m.classOf(no)
		if !ok {
			return ""
		}
		return m.uncoveredObject(a.normalized, a.words, class)
	}
	switch d.Kind {
	case KindAnswer:
		if w := uncovered(d.FAQ); w != "" {
			return Decision{Kind: KindFallback, Intent: "fallback", Score: d.Score, Topic: d.Topic},
				fmt.Sprintf("fallback: FAQ %d fits the subject (probability %.3f), but the question asks whether %s is required or allowed, of which its answer and examples say nothing", d.FAQ, d.Score, w)
		}
	case KindClarify:
		var kept []int
		word := ""
		for _, no := range d.Suggestions {
			if w := uncovered(no); w != "" {
				word = w
				continue
			}
			kept = append(kept, no)
		}
		if word == "" {
			return d, ""
		}
		if len(kept) == 0 {
			return Decision{Kind: KindFallback, Intent: "fallback", Score: d.Score, Topic: d.Topic},
				fmt.Sprintf("fallback: the FAQs %v fit the subject, but the question asks whether %s is required or allowed, of which their answers and examples say nothing", d.Suggestions, word)
		}
		d.Suggestions = kept
		return d, fmt.Sprintf("clarify: the question asks whether %s is required or allowed; of the FAQs that fit the subject, only %v speak of it", word, kept)
	}
	return d, ""
}
