package intents

// Small talk: greetings, thanks, requests for a person or for help.

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// smallTalk recognises a message made only of small-talk examples
// (你好 / 好的谢谢 / 转人工): a greeting in front of a real question is not
// small talk, the question is.
func (m *Matcher) smallTalk(text string) (string, bool) {
	if len(text) > 8*maxSmallTalk {
		return "", false // more bytes than any short message has
	}
	s := compact(stemText(norm(text)))
	if s == "" || size(s) > maxSmallTalk {
		// Longer messages are questions, perhaps with a greeting in front.
		return "", false
	}
	if !m.holdsSmallTalk(s) {
		return "", false // the common case: a question, no small talk in it
	}
	best := ""
	for _, ex := range m.small {
		if rest, ok := cutWhole(s, ex.text); ok {
			if best == "" {
				best = ex.intent
			}
			s = rest
		}
	}
	if best == "" {
		return "", false
	}
	// What is left must be particles and stop words only (可以, 吗, 老师;
	// please). A long rest is a question with a greeting in front: no
	// need to segment it to know (this keeps a second cut off the common
	// path). s is normalised and stemmed already; the rest is cleaned as
	// analyse cleans any text (谢谢 + a phone number is thanks).
	if size(s) > maxSmallTalkRest || len(m.analyseStemmed(m.clean(s, nil), nil).words) > 0 {
		return "", false
	}
	return best, true
}

// holdsSmallTalk reports whether s holds a small-talk example.
func (m *Matcher) holdsSmallTalk(s string) bool {
	for i, r := range s {
		for _, ex := range m.smallFirst[r] {
			if strings.HasPrefix(s[i:], ex) && wholeAt(s, i, i+len(ex)) {
				return true
			}
		}
	}
	return false
}

// wholeAt reports whether s[i:j] is not part of a longer English word or
// number: hi in hi there, not in this or him.
func wholeAt(s string, i, j int) bool {
	return !(isASCIIAlnum(s[i]) && i > 0 && isASCIIAlnum(s[i-1])) &&
		!(isASCIIAlnum(s[j-1]) && j < len(s) && isASCIIAlnum(s[j]))
}

// cutWhole removes every occurrence of ex from s that wholeAt allows, and
// reports whether there was one.
func cutWhole(s, ex string) (string, bool) {
	var b strings.Builder
	found := false
	for {
		i := strings.Index(s, ex)
		if i < 0 {
			break
		}
		j := i + len(ex)
		if wholeAt(s, i, j) {
			b.WriteString(s[:i])
			found = true
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
	if !found {
		return s, false
	}
	b.WriteString(s)
	return b.String(), true
}

// cueSmallTalk returns the small-talk intent whose cues a short message,
// text analysed as a, holds with the most weight, if that weight reaches
// decision.smalltalk_cues, with the weight and the cues found. A cue
// counts as whole tokens only (人工 in 接个/人工, not in 外国人/工资), and
// a message with a subject's word the examples know besides its cues asks
// about something (感谢，外籍员工最低工资标准是多少): it is not small talk,
// and falls back with the phone number rather than getting a thank-you.
// A request for a person is small talk still (机器人说不清楚，让工作人员联系
// 我): its reply is the phone number and the counter, as a fallback's is.
func (m *Matcher) cueSmallTalk(text string, a analysis) (string, float64, []string) {
	if len(m.cues) == 0 || size(a.normalized) > maxSmallTalk {
		return "", 0, nil
	}
	// Cues are looked for among the text's tokens, whole tokens only: 人工
	// in 接个/人工, not in 外国人/工资 or in 外国人工作许可 (one token, a
	// domain word).
	best, bestW, hits := m.weighCues(tokensOf(m, a.normalized), nil)
	if bestW < m.cfg.Rules.Decision.SmallTalkCues {
		// A cue that is also a filler (谢谢) is dropped with the fillers
		// before analysis (谢谢你的解答 reads as 你的解答): it is looked
		// for in the text as written, when that is short, asks nothing
		// and says at most one other word (谢谢，房子怎么租 and 谢谢，我的
		// 卡丢了 are about something else).
		n := norm(text) // simplified: 嗎 is 吗
		if len(a.words) > 1 || size(compact(stemText(n))) > maxSmallTalk || asksSomething(n) || strings.ContainsAny(text, "?？") {
			return "", 0, nil
		}
		best, bestW, hits = m.weighCues(tokensOf(m, stemText(norm(text))), m.fillerCue)
	}
	if best == "" || bestW < m.cfg.Rules.Decision.SmallTalkCues {
		return "", 0, nil
	}
	if best != handover {
		for _, w := range a.words {
			// A word of a subject's shape (countsAsUnknown: not 跟 or a
			// number) that the examples know and small talk does not use.
			if _, known := m.model.ids[w]; known && countsAsUnknown(w) && !m.smallTalkWord(w) {
				return "", 0, nil
			}
		}
	}
	return best, bestW, hits
}

// weighCues returns the small-talk intent whose cues toks holds with the
// most weight, that weight and the cues found; only the cues take, when
// it is not nil, count.
func (m *Matcher) weighCues(toks []string, take func(cue string) bool) (string, float64, []string) {
	weights, found := map[string]float64{}, map[string][]string{}
	best, bestW := "", 0.0
	for _, c := range m.cues {
		if take != nil && !take(c.text) || !holdsTokens(toks, c.text) {
			continue
		}
		weights[c.intent] += c.weight
		found[c.intent] = append(found[c.intent], c.text)
		if w := weights[c.intent]; w > bestW || w == bestW && c.intent < best {
			best, bestW = c.intent, w
		}
	}
	return best, bestW, found[best]
}

// fillerCue reports whether cue is one of the fillers.
func (m *Matcher) fillerCue(cue string) bool {
	return slices.Contains(m.fillers, cue)
}

// tokensOf returns the tokens of normalised text s, without blanks.
func tokensOf(m *Matcher, s string) []string {
	var out []string
	for _, tok := range m.tokens(s) {
		if tok = strings.TrimSpace(tok); tok != "" {
			out = append(out, tok)
		}
	}
	return out
}

// handover is the small-talk intent of a request for a person, whose reply
// gives the phone number and the counter (Parse requires its {phone}).
const handover = "human"

// holdsTokens reports whether s is one or more consecutive whole tokens
// of toks, joined.
func holdsTokens(toks []string, s string) bool {
	for i := range toks {
		rest := s
		for _, t := range toks[i:] {
			if !strings.HasPrefix(rest, t) {
				break
			}
			rest = rest[len(t):]
			if rest == "" {
				return true
			}
		}
	}
	return false
}

// smallTalkWord reports whether word w is a small-talk word: one of the
// cues, or in one of the examples (谢谢您, 机器人 in 你是机器人吗).
func (m *Matcher) smallTalkWord(w string) bool {
	for _, c := range m.cues {
		if strings.Contains(c.text, w) || strings.Contains(w, c.text) {
			return true
		}
	}
	for _, ex := range m.small {
		if strings.Contains(ex.text, w) {
			return true
		}
	}
	return false
}

// compact removes the spaces of normalised text s except those between two
// ASCII letters or digits: 你 好 → 你好, but can i talk keeps its words
// apart, so that an example (talk to a person) is found only whole.
func compact(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && !(i > 0 && i+1 < len(s) && isASCIIAlnum(s[i-1]) && isASCIIAlnum(s[i+1])) {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// size is a message's length as small talk counts it: a character each,
// but two for an English word, which says about as much as two Chinese
// characters.
func size(s string) int {
	n := 0
	inWord := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && isASCIIAlnum(byte(r)):
			if !inWord {
				n += 2
			}
			inWord = true
		case r == ' ':
			inWord = false
		default:
			n++
			inWord = false
		}
	}
	return n
}

// maxSmallTalkRest is the longest rest (in characters) a message may keep
// after its small-talk examples are removed and still be small talk.
const maxSmallTalkRest = 8

// maxSmallTalk is the longest message (in characters) that can be small
// talk: a few examples and particles (好的，明白了，非常感谢老师).
const maxSmallTalk = 20
