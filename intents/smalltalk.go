package intents

// Small talk: greetings, thanks, requests for a person or for help.

import (
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
		if strings.Contains(s, ex.text) {
			if best == "" {
				best = ex.intent
			}
			s = strings.ReplaceAll(s, ex.text, "")
		}
	}
	if best == "" {
		return "", false
	}
	// What is left must be particles and stop words only (可以, 吗, 老师).
	// A long rest is a question with a greeting in front: no need to
	// segment it to know (this keeps a second cut off the common path).
	if size(s) > maxSmallTalkRest || len(m.analyse(s, nil).words) > 0 {
		return "", false
	}
	return best, true
}

// holdsSmallTalk reports whether s holds a small-talk example.
func (m *Matcher) holdsSmallTalk(s string) bool {
	for i, r := range s {
		for _, ex := range m.smallFirst[r] {
			if strings.HasPrefix(s[i:], ex) {
				return true
			}
		}
	}
	return false
}

// cueSmallTalk returns the small-talk intent whose cues a short message
// holds with the most weight, if that weight reaches
// decision.smalltalk_cues, with the weight and the cues found.
func (m *Matcher) cueSmallTalk(a analysis) (string, float64, []string) {
	if len(m.cues) == 0 || size(a.normalized) > maxSmallTalk {
		return "", 0, nil
	}
	var weights map[string]float64
	best, bestW := "", 0.0
	for _, c := range m.cues {
		if !strings.Contains(a.plain, c.text) {
			continue
		}
		if weights == nil {
			weights = map[string]float64{}
		}
		weights[c.intent] += c.weight
		if w := weights[c.intent]; w > bestW || w == bestW && c.intent < best {
			best, bestW = c.intent, w
		}
	}
	if best == "" || bestW < m.cfg.Rules.Decision.SmallTalkCues {
		return "", 0, nil
	}
	var hits []string
	for _, c := range m.cues {
		if c.intent == best && strings.Contains(a.plain, c.text) {
			hits = append(hits, c.text)
		}
	}
	return best, bestW, hits
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
