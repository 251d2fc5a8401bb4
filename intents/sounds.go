package intents

// Voice-input and typing errors: 换法 for 换发, 超零 for 超龄. People dictate
// their questions, and the phone writes a word that sounds like the one
// they meant. A stretch of the question that is not a word but sounds like
// a domain word is read as that word.

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:generate go run ./internal/pinyingen -o pinyin.txt
//go:embed pinyin.txt
var pinyinData string

// readings maps each character of the CJK Unified Ideographs block to the
// ids of its toneless readings (换 → huan; 行 → xing, hang, heng). It is
// parsed on first use: about 21,000 characters in 430 readings.
var readings = sync.OnceValue(func() map[rune][]uint16 {
	out := make(map[rune][]uint16, 21000)
	var id uint16
	for line := range strings.Lines(pinyinData) {
		if line == "" || line[0] == '#' {
			continue
		}
		_, chars, ok := strings.Cut(strings.TrimRight(line, "\n"), "\t")
		if !ok {
			continue
		}
		for _, r := range chars {
			out[r] = append(out[r], id)
		}
		id++
	}
	return out
})

// maxCombos bounds the reading combinations tried for one stretch of text:
// a few characters with several readings each would multiply.
const maxCombos = 16

// soundIndex finds the domain words that sound like a stretch of text.
type soundIndex struct {
	words   map[string][]string // reading ids of a word's characters → words
	first   map[uint16]bool     // readings a domain word starts with
	longest int                 // characters of the longest word
}

// newSoundIndex indexes words (normalised, all Han, 2 to 5 characters)
// under every combination of their characters' readings.
func newSoundIndex(words []string) *soundIndex {
	idx := &soundIndex{words: map[string][]string{}, first: map[uint16]bool{}}
	rd := readings()
	for _, w := range words {
		rs := []rune(w)
		if len(rs) < 2 || len(rs) > 5 {
			continue
		}
		keys, ok := soundKeys(rs, rd)
		if !ok {
			continue
		}
		for _, k := range keys {
			if !containsWord(idx.words[k], w) {
				idx.words[k] = append(idx.words[k], w)
			}
		}
		for _, r := range rd[rs[0]] {
			idx.first[r] = true
		}
		idx.longest = max(idx.longest, len(rs))
	}
	return idx
}

// soundKeys returns the keys of every combination of the readings of rs,
// at most maxCombos; ok is false when a character has no reading.
func soundKeys(rs []rune, rd map[rune][]uint16) ([]string, bool) {
	keys := []string{""}
	for _, r := range rs {
		ids := rd[r]
		if len(ids) == 0 {
			return nil, false
		}
		next := make([]string, 0, len(keys)*len(ids))
		for _, k := range keys {
			for _, id := range ids {
				if len(next) == maxCombos {
					break
				}
				next = append(next, k+string(rune(0x100+id)))
			}
		}
		keys = next
	}
	return keys, true
}

// soundWords are the words typos are mapped to: domain words and
// canonical words of two to five Han characters.
func (m *Matcher) soundWords() []string {
	var out []string
	add := func(w string) {
		if allHan(w) {
			out = append(out, w)
		}
	}
	for w := range m.domain {
		add(w)
	}
	for _, c := range m.canon {
		add(c)
	}
	return out
}

// fixSounds replaces each stretch of Han characters in normalised text n
// that is no word (neither a domain word nor one of the dictionary) but
// sounds like a domain word, differing from it in at most one character
// (two in words of four or more), by that word. It records each
// replacement in syn.
func (m *Matcher) fixSounds(n string, syn *[]SynonymUse) string {
	if m.sounds == nil || len(m.sounds.words) == 0 {
		return n
	}
	rs := []rune(n)
	rd := readings()
	changed := false
	for i := 0; i < len(rs); i++ {
		if !unicode.Is(unicode.Han, rs[i]) || !m.sounds.startsWord(rd[rs[i]]) {
			continue
		}
		for l := min(m.sounds.longest, len(rs)-i); l >= 2; l-- {
			win := rs[i : i+l]
			if !allHanRunes(win) {
				continue
			}
			w := string(win)
			if m.domain[w] || m.canon[w] != "" {
				i += l - 1 // a domain word: nothing to fix inside it
				break
			}
			if _, _, isWord := m.dict.Find([]byte(w)); isWord {
				continue
			}
			if to := m.sounds.match(win, rd); to != "" {
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

func (s *soundIndex) startsWord(ids []uint16) bool {
	for _, id := range ids {
		if s.first[id] {
			return true
		}
	}
	return false
}

// match returns the domain word that sounds like win and shares enough
// characters with it, or "".
func (s *soundIndex) match(win []rune, rd map[rune][]uint16) string {
	keys, ok := soundKeys(win, rd)
	if !ok {
		return ""
	}
	allowed := 1
	if len(win) >= 4 {
		allowed = 2
	}
	for _, k := range keys {
		for _, w := range s.words[k] {
			diff := 0
			for j, r := range []rune(w) {
				if r != win[j] {
					diff++
				}
			}
			if diff >= 1 && diff <= allowed {
				return w
			}
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

func allHanRunes(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
