package intents

// Voice-input and typing errors: 换法 for 换发, 超零 for 超龄. People dictate
// their questions, and the phone writes a word that sounds like the one
// they meant. A stretch of the question that is not a word but sounds like
// a domain word is read as that word.

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:generate go run ./internal/pinyingen -o pinyin.txt
//go:embed pinyin.txt
var pinyinData string

// readings maps each character of the CJK Unified Ideographs block to the
// id of its main toneless reading, plus one (换 → huan; 0 means none).
func readings() map[rune]uint16 { return pinyinTable().ids }

// readingNames lists the readings by id: readingNames()[id-1] is the
// toneless pinyin of the characters readings gives that id.
func readingNames() []string { return pinyinTable().names }

// pinyinTable is pinyin.txt, parsed on first use: about 21,000 characters
// in 400 readings.
var pinyinTable = sync.OnceValue(func() (t struct {
	ids   map[rune]uint16
	names []string
}) {
	t.ids = make(map[rune]uint16, 21000)
	for line := range strings.Lines(pinyinData) {
		if line == "" || line[0] == '#' {
			continue
		}
		name, chars, ok := strings.Cut(strings.TrimRight(line, "\n"), "\t")
		if !ok {
			continue
		}
		t.names = append(t.names, name)
		id := uint16(len(t.names))
		for _, r := range chars {
			if t.ids[r] == 0 {
				t.ids[r] = id
			}
		}
	}
	return t
})

// maxSoundWord is the longest word, in characters, typos are mapped to.
const maxSoundWord = 5

// soundIndex finds the domain words that sound like a stretch of text.
type soundIndex struct {
	words   map[uint64][]string // readings of a word's characters → words
	first   map[uint16]bool     // readings a domain word starts with
	longest int                 // characters of the longest word
}

// soundKey packs the readings of up to maxSoundWord characters into one
// number; ok is false when a character has no reading.
func soundKey(rs []rune, rd map[rune]uint16) (uint64, bool) {
	var k uint64
	for _, r := range rs {
		id := rd[r]
		if id == 0 {
			return 0, false
		}
		k = k<<10 | uint64(id)
	}
	return k, true
}

// readingsKey is soundKey of characters whose readings are ids.
func readingsKey(ids []uint16) (uint64, bool) {
	var k uint64
	for _, id := range ids {
		if id == 0 {
			return 0, false
		}
		k = k<<10 | uint64(id)
	}
	return k, true
}

// usedIn returns the set of the words of candidates that text holds as a
// stretch of 2 to maxSoundWord characters. Each stretch is looked up in
// the candidates, a substring of text that costs no copy.
func usedIn(text string, candidates []string) map[string]bool {
	want := make(map[string]bool, len(candidates))
	for _, c := range candidates {
		if n := utf8.RuneCountInString(c); n >= 2 && n <= maxSoundWord {
			want[c] = true
		}
	}
	found := make(map[string]bool, len(want))
	var at []int // byte offsets of the runes of text, and its end
	for i := range text {
		at = append(at, i)
	}
	at = append(at, len(text))
	for i := 0; i+1 < len(at); i++ {
		for l := 2; l <= maxSoundWord && i+l < len(at); l++ {
			if w := text[at[i]:at[i+l]]; want[w] {
				found[w] = true
			}
		}
	}
	return found
}

// newSoundIndex indexes words (normalised, all Han, 2 to 5 characters)
// by the readings of their characters.
func newSoundIndex(words []string) *soundIndex {
	idx := &soundIndex{words: map[uint64][]string{}, first: map[uint16]bool{}}
	rd := readings()
	for _, w := range words {
		rs := []rune(w)
		if len(rs) < 2 || len(rs) > maxSoundWord {
			continue
		}
		k, ok := soundKey(rs, rd)
		if !ok {
			continue
		}
		if !containsWord(idx.words[k], w) {
			idx.words[k] = append(idx.words[k], w)
		}
		idx.first[rd[rs[0]]] = true
		idx.longest = max(idx.longest, len(rs))
	}
	for _, ws := range idx.words {
		sort.Strings(ws) // the same files give the same repairs
	}
	return idx
}

// soundWords are the words typos are mapped to: domain words and
// ruleWords (the rules' canonical words, and the lexicon's words, official
// or everyday, that the FAQs use), of two to five Han characters; not
// every Chinese word of the bilingual lexicon's general section, nor the
// everyday words of the Chinese lexicon that no FAQ uses (everyday:
// domain words only so that gse keeps them whole), which would make every
// unknown word sound like some everyday word.
func (m *Matcher) soundWords(ruleWords []string, everyday map[string]bool) []string {
	var out []string
	add := func(w string) {
		if allHan(w) {
			out = append(out, w)
		}
	}
	for w := range m.domain {
		if !everyday[w] {
			add(w)
		}
	}
	for _, c := range ruleWords {
		add(c)
	}
	return out
}

// fixSounds replaces each stretch of Han characters in normalised text n
// that is no word (neither a domain word nor one of the dictionary) but
// sounds like a domain word, differing from it in at most one character
// (two in words of four or more), by that word. It records each
// replacement in syn.
// straddles reports whether the window rs[i:j] begins with the second
// character of a word or ends with the first: 员工能交 holds 工能, which
// sounds like 功能, but 员工 is a word and 工能 is not one that was meant.
func (m *Matcher) straddles(rs []rune, i, j int) bool {
	word := func(a, b int) bool {
		if a < 0 || b > len(rs) {
			return false
		}
		w := string(rs[a:b])
		if m.domain[w] || m.canon[w] != "" {
			return true
		}
		_, _, ok := m.dict.Find([]byte(w))
		return ok
	}
	return word(i-1, i+1) || word(j-1, j+1)
}

func (m *Matcher) fixSounds(n string, syn *[]SynonymUse) string {
	if m.sounds == nil || len(m.sounds.words) == 0 || !hasHan(n) {
		return n
	}
	rd := readings()
	var buf [128]rune
	var idBuf [128]uint16
	rs, ids := buf[:0], idBuf[:0]
	for _, r := range n {
		rs = append(rs, r)
		ids = append(ids, rd[r]) // each character's reading, looked up once
	}
	changed := false
	for i := 0; i < len(rs); i++ {
		if !m.sounds.first[ids[i]] {
			continue
		}
		for l := min(m.sounds.longest, len(rs)-i); l >= 2; l-- {
			win := rs[i : i+l]
			k, ok := readingsKey(ids[i : i+l])
			if !ok {
				continue
			}
			cands := m.sounds.words[k]
			if len(cands) == 0 {
				continue
			}
			w := string(win)
			if m.domain[w] || m.canon[w] != "" || m.stop[w] {
				i += l - 1 // a domain word or a stop word (叫什么 is not 交什么): nothing to fix inside it
				break
			}
			if _, _, isWord := m.dict.Find([]byte(w)); isWord {
				continue
			}
			if m.straddles(rs, i, i+l) {
				continue
			}
			if to := closeEnough(win, cands); to != "" {
				copy(rs[i:i+l], []rune(to))
				if syn != nil {
					*syn = append(*syn, SynonymUse{From: w, To: to})
				}
				changed = true
				i += l - 1
				break
			}
		}
	}
	if !changed {
		return n
	}
	return string(rs)
}

// closeEnough returns the first of words (which sound like win) that
// differs from win in at least one and at most one character (two in
// words of four or more), or "".
func closeEnough(win []rune, words []string) string {
	allowed := 1
	if len(win) >= 4 {
		allowed = 2
	}
	for _, w := range words {
		diff, j := 0, 0
		for _, r := range w {
			if r != win[j] {
				diff++
			}
			j++
		}
		if diff >= 1 && diff <= allowed {
			return w
		}
	}
	return ""
}

func allHan(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
