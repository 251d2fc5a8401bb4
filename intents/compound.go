package intents

import (
	"strings"
	"unicode/utf8"
)

// splitCompounds returns a with each word the model does not know read as
// the words it is made of, when the examples know them: the lexicon's 报税
// is 纳税申报, a word no example uses whole, while a FAQ added on tax
// filing writes 纳税 and 申报 apart. Read whole, the word would count for
// "none of these" as a word of another subject; read as its parts, it is
// the evidence its parts are. How a word is cut is wordParts's. The words
// of an example question are matched whole (judge), so that a message is
// never taken for an example it is not. It reads a message only: the
// examples define what is known. Calibration does not read its left-out
// questions so (unknownLeftOut counts a word only the left-out question
// has as unknown, whole): doing so, for the count of unknown words, was
// measured in the thirteenth session and lost tuning questions (in scope
// 2,285 → 2,278 and one out-of-scope question, for two fewer wrong
// answers; fixtures −2 to +1).
func (m *Matcher) splitCompounds(a analysis) analysis {
	md := m.model
	var split map[string][]string
	for _, w := range a.words {
		if md.knownWord(w) {
			continue
		}
		if parts := m.wordParts(w, md.knownWord); parts != nil {
			if split == nil {
				split = map[string][]string{}
			}
			split[w] = parts
		}
	}
	if split == nil {
		return a
	}
	out := a
	out.words = make([]string, 0, len(a.words)+len(split))
	seen := make(map[string]bool, len(a.words)+len(split))
	for _, w := range a.words {
		parts, ok := split[w]
		if !ok {
			parts = []string{w}
		}
		for _, p := range parts {
			if !seen[p] {
				seen[p] = true
				out.words = append(out.words, p)
			}
		}
	}
	out.seq = make([]string, 0, len(a.seq)+len(split))
	for _, w := range a.seq {
		parts, ok := split[w]
		if !ok {
			parts = []string{w}
		}
		for _, p := range parts {
			// As analysis does: no word twice in a row (纳税 纳税申报).
			if n := len(out.seq); n == 0 || out.seq[n-1] != p {
				out.seq = append(out.seq, p)
			}
		}
	}
	return out
}

// knownWord reports whether w is a word some example has: a feature that
// is neither a character nor a pair of words (model.go's feature names).
func (md *model) knownWord(w string) bool {
	if strings.HasPrefix(w, charPrefix) || strings.Contains(w, pairSep) {
		return false
	}
	_, ok := md.ids[w]
	return ok
}

// wordParts returns how a Chinese word that the examples do not know is
// read, known telling the words they do know, or nil to keep it whole:
//
//   - a word of three characters or more, as the fewest known words of two
//     characters or more it is made of (纳税申报: 纳税 申报);
//   - one gse's HMM made, not a word of its dictionary nor of the rules,
//     as a known word with one character more at its beginning or end
//     (报工伤: 报 工伤; 原用人单位: 用人单位), the character kept only when
//     it is a known word itself, and never a negation (不规则 is no 规则);
//   - such a word of two characters, one of which is a stop word, as its
//     other character (能休 of 一年能休几天: 休; unglue).
func (m *Matcher) wordParts(w string, known func(string) bool) []string {
	if !allHan(w) {
		return nil
	}
	n := utf8.RuneCountInString(w)
	if n >= 3 {
		if parts := knownParts(w, known); parts != nil {
			return parts
		}
	}
	if m.domain[w] || m.dictWord(w) {
		return nil
	}
	if _, ok := m.canon[w]; ok {
		return nil
	}
	if n == 2 {
		return m.unglue(w)
	}
	return gluedParts(w, known)
}

// dictWord reports whether w is a whole word of the segmenter's
// dictionary: its Find reports the beginning of a word too, with
// frequency 0 (see trimGlued).
func (m *Matcher) dictWord(w string) bool {
	freq, _, ok := m.dict.Find([]byte(w))
	return ok && freq > 0
}

// negations are the characters that turn a word into its opposite: never
// dropped as glue.
const negations = "不没无非未"

// gluedParts returns w as known words with one character more at its
// beginning or end, or nil.
func gluedParts(w string, known func(string) bool) []string {
	_, first := utf8.DecodeRuneInString(w)
	_, last := utf8.DecodeLastRuneInString(w)
	for i, cut := range [][2]string{{w[:first], w[first:]}, {w[len(w)-last:], w[:len(w)-last]}} {
		edge, rest := cut[0], cut[1]
		if strings.Contains(negations, edge) {
			continue
		}
		var parts []string
		if known(rest) {
			parts = []string{rest}
		} else if parts = knownParts(rest, known); parts == nil {
			continue
		}
		if known(edge) {
			if i == 0 {
				parts = append([]string{edge}, parts...)
			} else {
				parts = append(parts, edge)
			}
		}
		return parts
	}
	return nil
}

// knownParts returns w cut into the fewest words of two characters or more
// that known knows, two at least, or nil when it cannot be cut so.
func knownParts(w string, known func(string) bool) []string {
	// Rune boundaries of w; best[i] is the fewest parts covering w[:bound[i]].
	var bound []int
	for i := range w {
		bound = append(bound, i)
	}
	bound = append(bound, len(w))
	n := len(bound) - 1
	best := make([]int, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for j := 0; j <= i-2; j++ {
			if best[j] < 0 || (best[i] >= 0 && best[j]+1 >= best[i]) {
				continue
			}
			if known(w[bound[j]:bound[i]]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	parts := make([]string, best[n])
	for i, k := n, best[n]-1; i > 0; i, k = from[i], k-1 {
		parts[k] = w[bound[from[i]]:bound[i]]
	}
	return parts
}

// unglue reads a word of two characters, one of whose characters is a stop
// word, as its other character: gse's HMM glued 能休 of 一年能休几天
// together. wordParts has made sure it is no word of the segmenter's
// dictionary nor of the rules (老板 and 邀请 are words, whose 老 and 请 are
// stop words elsewhere), as trimGlued does; but where trimGlued keeps the
// other character only when it is a domain word, here it is kept whatever
// it is, as the unknown character it is, which counts neither for a FAQ
// nor for "none of these" (countsAsUnknown), while the glued word counted
// for none. Its characters stay features as they were. A word whose other
// character is a stop word too is left whole.
func (m *Matcher) unglue(w string) []string {
	_, n := utf8.DecodeRuneInString(w)
	a, b := w[:n], w[n:]
	glue := func(c string) bool { return m.stop[c] && !strings.Contains(countWords, c) }
	switch {
	case glue(a) && !m.stop[b]:
		return []string{b}
	case glue(b) && !m.stop[a]:
		return []string{a}
	}
	return nil
}
