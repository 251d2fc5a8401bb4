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
// the evidence its parts are. A word of three characters or more splits
// into known words of two characters or more (compoundParts); one of two
// characters loses a stop word glued to it (unglue). It reads a message
// only: the examples define what is known.
func (m *Matcher) splitCompounds(a analysis) analysis {
	md := m.model
	var split map[string][]string
	for _, w := range a.words {
		if _, known := md.ids[w]; known || utf8.RuneCountInString(w) < 2 || !allHan(w) {
			continue
		}
		var parts []string
		if utf8.RuneCountInString(w) == 2 {
			parts = m.unglue(w)
		} else {
			parts = md.compoundParts(w)
		}
		if parts != nil {
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
		if parts, ok := split[w]; ok {
			out.seq = append(out.seq, parts...)
		} else {
			out.seq = append(out.seq, w)
		}
	}
	return out
}

// compoundParts returns w read as known words: cut into two or more of
// them (knownParts), or, failing that, as known words with one character
// more at its beginning or end (报工伤, 总公司, 原用人单位), which gse's HMM
// glued on; that character stays a word only when the model knows it.
func (md *model) compoundParts(w string) []string {
	if parts := md.knownParts(w); parts != nil {
		return parts
	}
	_, first := utf8.DecodeRuneInString(w)
	_, last := utf8.DecodeLastRuneInString(w)
	for _, cut := range [][2]string{{w[:first], w[first:]}, {w[len(w)-last:], w[:len(w)-last]}} {
		edge, rest := cut[0], cut[1]
		var parts []string
		if _, ok := md.ids[rest]; ok {
			parts = []string{rest}
		} else if parts = md.knownParts(rest); parts == nil {
			continue
		}
		if _, ok := md.ids[edge]; ok {
			if cut[0] == w[:first] {
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
// that the model knows, or nil when it cannot be cut so.
func (md *model) knownParts(w string) []string {
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
			if _, ok := md.ids[w[bound[j]:bound[i]]]; ok {
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

// unglue reads a word of two characters that no example knows, one of
// whose characters is a stop word, as its other character: gse's HMM
// glued 能休 of 一年能休几天 and 要领 of 要领电子社保卡吗 (a word of its
// dictionary, "the gist") together. trimGlued does the same at analysis
// when the character left is a domain word; here the other character is
// kept whatever it is, as the unknown character it is, which counts
// neither for a FAQ nor for "none of these" (countsAsUnknown), while the
// glued word counted for none. Its characters stay features as they were.
func (m *Matcher) unglue(w string) []string {
	_, n := utf8.DecodeRuneInString(w)
	a, b := w[:n], w[n:]
	glue := func(c string) bool { return m.stop[c] && !strings.Contains(countWords, c) }
	switch {
	case glue(a) && !glue(b):
		return []string{b}
	case glue(b) && !glue(a):
		return []string{a}
	}
	return nil
}
