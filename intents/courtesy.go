package intents

import (
	"sort"
	"strings"
)

// courtesy is an English formula of courtesy (thanks in advance) and what
// is left of it in a message: its small-talk cues (thanks) between spaces,
// or a space.
type courtesy struct {
	phrase, to string
}

// newCourtesies prepares the English formulas of courtesy: normalised and
// stemmed as a message is before its phrases are read, each with the
// small-talk cues among its words, longest first so that "thanks a lot in
// advance" goes before "thanks in advance" could take part of it. A
// formula that is a word or phrase the rules name is left to the rules.
func (m *Matcher) newCourtesies() []courtesy {
	cue := map[string]bool{}
	for _, c := range m.cues {
		cue[c.text] = true
	}
	var out []courtesy
	seen := map[string]bool{}
	for _, f := range englishCourtesies {
		from := stemText(norm(f))
		if from == "" || seen[from] || m.knownEnglish(from) {
			continue // looking forward… and look forward… stem alike
		}
		seen[from] = true
		var keep []string
		for _, w := range strings.Fields(from) {
			if cue[w] {
				keep = append(keep, w)
			}
		}
		out = append(out, courtesy{phrase: from, to: " " + strings.Join(keep, " ") + " "})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].phrase) > len(out[j].phrase) })
	return out
}

// dropCourtesies replaces each formula of courtesy in normalised, stemmed
// text n, as whole words, by the small-talk cues it holds. A formula may
// end a sentence: norm keeps the full stop (english.), as it keeps the
// dots of 1.5m.
func (m *Matcher) dropCourtesies(n string) string {
	if len(m.courtesies) == 0 || !hasASCIILetter(n) {
		return n
	}
	for _, c := range m.courtesies {
		n = replaceWords(n, c.phrase, c.to)
	}
	return n
}

// replaceWords replaces each occurrence of phrase in text that begins and
// ends at a word's edge, with the full stop that may end it, by to.
func replaceWords(text, phrase, to string) string {
	for start := 0; start < len(text); {
		i := strings.Index(text[start:], phrase)
		if i < 0 {
			break
		}
		i += start
		end := i + len(phrase)
		left := i == 0 || text[i-1] == ' '
		right := end == len(text) || text[end] == ' ' || text[end] == '.' && (end+1 == len(text) || text[end+1] == ' ')
		if !left || !right {
			start = i + 1
			continue
		}
		if end < len(text) && text[end] == '.' {
			end++ // the full stop goes with the formula
		}
		text = text[:i] + to + text[end:]
		start = i + len(to)
	}
	return text
}
