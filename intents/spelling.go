package intents

// Spelling. People who write in English misspell (parralel, certifcate,
// reciept), and a misspelt word is a word no example has: evidence of
// another subject. Like sounds.go for Chinese, an English word the rules
// and the lexicon do not know is repaired to the one English word of their
// vocabulary it is closest to: one edit away (a letter inserted, dropped,
// replaced, or two swapped), two for a word of eight letters or more, with
// the same first letter, and only when no other word is as close.

import (
	"sort"
	"strings"
)

// minSpelling is the shortest word that is repaired: a shorter one is one
// edit from too many others.
const minSpelling = 5

// spellIndex holds the English words of the rules' vocabulary by first
// letter.
type spellIndex struct {
	byFirst map[byte][]string
}

// newSpellIndex indexes the English words of the vocabulary: canonical
// words and variants, and the words of phrase variants, as stemmed.
func (m *Matcher) newSpellIndex() *spellIndex {
	seen := map[string]bool{}
	add := func(w string) {
		if len(w) >= minSpelling-1 && isASCIIWord(w) {
			seen[w] = true
		}
	}
	for w, c := range m.canon {
		add(w)
		add(c)
	}
	for w := range m.domain {
		add(w)
	}
	for _, p := range m.phrases {
		for _, w := range strings.Fields(p.from) {
			add(w)
		}
	}
	idx := &spellIndex{byFirst: map[byte][]string{}}
	for w := range seen {
		idx.byFirst[w[0]] = append(idx.byFirst[w[0]], w)
	}
	for _, ws := range idx.byFirst {
		sort.Strings(ws)
	}
	return idx
}

// fixSpelling repairs the misspelt English words of normalised, stemmed
// text n.
func (m *Matcher) fixSpelling(n string, syn *[]SynonymUse) string {
	if m.spell == nil || !hasASCIILetter(n) {
		return n
	}
	var b strings.Builder
	changed := false
	last := 0
	for i := 0; i < len(n); {
		if !isASCIIAlnum(n[i]) {
			i++
			continue
		}
		w := leadingWord(n[i:])
		if to := m.spellRepair(w); to != "" {
			b.WriteString(n[last:i])
			b.WriteString(to)
			last = i + len(w)
			changed = true
			if syn != nil {
				*syn = append(*syn, SynonymUse{From: w, To: to})
			}
		}
		i += len(w)
	}
	if !changed {
		return n
	}
	b.WriteString(n[last:])
	return b.String()
}

// spellRepair returns the vocabulary word English word w is a misspelling
// of, or "".
func (m *Matcher) spellRepair(w string) string {
	if len(w) < minSpelling || !isASCIIWord(w) || m.knownEnglish(w) {
		return ""
	}
	maxD := 1
	if len(w) >= 8 {
		maxD = 2
	}
	best, bestD, tie := "", maxD+1, false
	for _, c := range m.spell.byFirst[w[0]] {
		if d := len(c) - len(w); d > maxD || -d > maxD {
			continue
		}
		d := editDistance(w, c, bestD+1) // bestD+1: "farther than the best"
		switch {
		case d > maxD:
		case d < bestD:
			best, bestD, tie = c, d, false
		case d == bestD:
			tie = true
		}
	}
	if best == "" || tie || best == w {
		return "" // nothing close, two as close, or a word of the vocabulary already
	}
	return best
}

// knownEnglish reports whether w is a word the matcher knows: of the
// rules, the lexicon or the examples, or a stop word.
func (m *Matcher) knownEnglish(w string) bool {
	if m.stop[w] || m.domain[w] {
		return true
	}
	if _, ok := m.canon[w]; ok {
		return true
	}
	if _, ok := m.phraseIndex[w]; ok {
		return true
	}
	if m.model != nil {
		if _, ok := m.model.ids[w]; ok {
			return true
		}
	}
	return false
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit when it is limit or more.
func editDistance(a, b string, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit)
}

func isASCIIWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
