package intents

// What an answer is for. An official answer may say whom or what it is
// for: FAQ 9 answers for foreigners 持有尚未到期实体证卡, holding a card
// that has not expired. A question about an expired card shares every
// other word with it, and the model, which reads words, answers it; but
// the answer is not for it, and an employer who follows it is misled. A
// question that says something has expired is not answered by a FAQ
// whose official question, or the opening clause of whose answer, says it
// is for what has not (and the other way round), unless the operators
// taught the FAQ with a question that says so too. The states are read by
// cues of the language (已经过期, 过期了, has expired; 尚未到期, 还没过期,
// not yet expired), not by the synonym table, which keeps 到期, 过期 and
// 未过期 one word for the model: a FAQ on renewing a permit 即将到期 is
// asked about as 快过期了 and 到期了 alike.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// validity is what a question or a scope says of whether something has
// expired.
type validity uint8

const (
	validityUnsaid validity = iota
	stillValid              // 尚未到期, 还没过期, not yet expired
	expired                 // 已经过期, 过期了, has expired
)

var (
	// stillValidCue and expiredCue read normalised text. Not about to
	// expire (快到期, 即将到期), which is neither: a time, not a state.
	stillValidCue = regexp.MustCompile(`(?:尚未|未|没有|没|还没有|还没|还未|不)\s*(?:过期|到期|失效)|有效期内|\b(?:not|n't|never)\s+(?:yet\s+)?expired\b|\bunexpired\b|\bstill valid\b`)
	expiredCue    = regexp.MustCompile(`(?:已经|已)\s*(?:过期|到期|失效)|(?:过期|到期|失效)了|\b(?:has|have|had|already|is|was|are|were|an|the)\s+(?:already\s+)?expired\b|\bexpired\s+(?:card|permit|licen[cs]e|one)\b|\bexpired\s*了`)
	// notYet: 快过期了 and 下个月就要到期了 are still valid, with a 了.
	notYet = regexp.MustCompile(`(?:快|快要|即将|就要|马上|将要|要)\s*(?:过期|到期|失效)了`)
)

// validityOf returns what normalised text n says of whether something
// has expired: still valid, expired, or nothing (or both).
func validityOf(n string) validity {
	valid := stillValidCue.MatchString(n)
	exp := expiredCue.MatchString(n) && !notYet.MatchString(n) && !valid
	switch {
	case exp:
		return expired
	case valid:
		return stillValid
	}
	return validityUnsaid
}

// opposite is the other state.
func (v validity) opposite() validity {
	switch v {
	case stillValid:
		return expired
	case expired:
		return stillValid
	}
	return validityUnsaid
}

func (v validity) String() string {
	switch v {
	case stillValid:
		return "what has not expired (未过期)"
	case expired:
		return "what has expired (已过期)"
	}
	return "anything"
}

// limitedAgainst reports whether FAQ no is for the opposite of what a
// message says (stated), and none of its examples says so too.
func (m *Matcher) limitedAgainst(stated validity, no int) bool {
	if stated == validityUnsaid {
		return false
	}
	m.officialOnce.Do(m.readOfficial)
	if m.scope[no] != stated.opposite() {
		return false
	}
	return !slices.Contains(m.taughtValidity[no], stated)
}

// openingClause is the text of s up to its first comma or full stop.
func openingClause(s string) string {
	if i := strings.IndexAny(s, "，,。;；:："); i >= 0 {
		return s[:i]
	}
	return s
}

// withinScope keeps of d's answer or suggestions the FAQs that are not
// for the opposite of what the message text says (validityOf); with none
// left, d falls back. It returns the rule that changed d, or "".
func (m *Matcher) withinScope(text string, d Decision) (Decision, string) {
	if !strings.ContainsAny(text, "期效") && !strings.Contains(strings.ToLower(text), "expir") && !strings.Contains(strings.ToLower(text), "valid") {
		return d, "" // says nothing of it: known by a scan
	}
	stated := validityOf(norm(text))
	if stated == validityUnsaid {
		return d, ""
	}
	kept, changed := keepFAQs(d, func(no int) bool { return !m.limitedAgainst(stated, no) })
	switch {
	case !changed:
		return d, ""
	case kept.Kind == KindClarify:
		return kept, fmt.Sprintf("clarify: of the FAQs that fit the subject, only %v are not for %s", kept.Suggestions, stated.opposite())
	case d.Kind == KindAnswer:
		return kept, fmt.Sprintf("fallback: FAQ %d fits the subject (probability %.3f), but it is for %s, and the question is about %s", d.FAQ, d.Score, stated.opposite(), stated)
	}
	return kept, fmt.Sprintf("fallback: the FAQs %v fit the subject, but they are for %s, and the question is about %s", d.Suggestions, stated.opposite(), stated)
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

// onlyOutOfScope reports whether w, of two characters or more, is a word
// the model knows that no FAQ's examples weigh.
func (m *Matcher) onlyOutOfScope(w string) bool {
	md := m.model
	id, known := md.ids[w]
	if !known || utf8.RuneCountInString(w) < 2 || aspectWords[w] {
		return false
	}
	n := md.noneClass()
	for _, p := range md.postings[id] {
		if p.class != n && p.delta > 0 {
			return false
		}
	}
	return true
}

// withoutUncoveredObject keeps of d's answer or suggestions the FAQs
// that speak of what a yes-no question asks to be required or allowed,
// when that is a word only the out_of_scope examples use: no FAQ's
// examples (questions, alternates, answers) weigh it, so a FAQ that does
// not use it either does not say (派遣函需要公证吗: FAQ 10 says what a
// contract must hold, nothing of notarisation). A word some FAQ uses (材料,
// 现场) is no such evidence, nor a word the model does not know (a typo,
// 承若书), nor a character alone (填, 拍), which says too little. With
// none left, d falls back. It returns the rule that changed d, or "". The
// message's words are looked at first, so that a message with no such
// word costs no further reading, and its asked object is read once.
func (m *Matcher) withoutUncoveredObject(a analysis, d Decision) (Decision, string) {
	if !slices.ContainsFunc(a.words, m.onlyOutOfScope) {
		return d, "" // most messages: no word only out_of_scope examples use
	}
	var asked []string // the asked object's words of that kind
	for _, w := range m.askedObject(a.normalized) {
		if containsWord(a.words, w) && m.onlyOutOfScope(w) {
			asked = append(asked, w)
		}
	}
	if len(asked) == 0 {
		return d, ""
	}
	word := ""
	kept, changed := keepFAQs(d, func(no int) bool {
		class, ok := m.classOf(no)
		if !ok {
			return true
		}
		for _, w := range asked {
			if !m.within([]string{w}, class) {
				word = w
				return false
			}
		}
		return true
	})
	switch {
	case !changed:
		return d, ""
	case kept.Kind == KindClarify:
		return kept, fmt.Sprintf("clarify: the question asks whether %s is required or allowed; of the FAQs that fit the subject, only %v speak of it", word, kept.Suggestions)
	case d.Kind == KindAnswer:
		return kept, fmt.Sprintf("fallback: FAQ %d fits the subject (probability %.3f), but the question asks whether %s is required or allowed, of which its answer and examples say nothing", d.FAQ, d.Score, word)
	}
	return kept, fmt.Sprintf("fallback: the FAQs %v fit the subject, but the question asks whether %s is required or allowed, of which their answers and examples say nothing", d.Suggestions, word)
}
