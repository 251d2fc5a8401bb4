package intents

// Chinese written in Latin letters. People who write in English name the
// desk's things by their Chinese names, as they hear them, in pinyin
// without tones: binglian or bing lian for 并联, shebao for 社保,
// waizhuanju for 外专局. Such a word is no English word and no example's:
// it is read as the domain word it spells.

import (
	"strings"
	"sync"
)

// minRomanised is the fewest letters a romanised word is read from: a
// shorter one (geshi, xuke) is too near to an English word or a name.
const minRomanised = 6

// maxRomanisedWords is how many words, at most, spell one domain word
// (wai zhuan ju).
const maxRomanisedWords = 5

// readingNames lists each reading of pinyin.txt by the id readings gives
// it: readingNames()[id-1] is its toneless pinyin.
var readingNames = sync.OnceValue(func() []string {
	var out []string
	for line := range strings.Lines(pinyinData) {
		if line == "" || line[0] == '#' {
			continue
		}
		name, _, ok := strings.Cut(strings.TrimRight(line, "\n"), "\t")
		if ok {
			out = append(out, name)
		}
	}
	return out
})

// romanIndex maps the romanised spellings of the domain words, stemmed as
// a message's words are, to the words: whole (binglian) and syllable by
// syllable (bing lian, as the concatenation of each syllable stemmed).
type romanIndex struct {
	whole, spaced map[string]string
}

// newRomanIndex romanises words (the sound repair's targets: domain words
// and the rules' canonical words), leaving out any spelling two words
// share, those shorter than minRomanised letters and those that are
// English words the matcher knows.
func (m *Matcher) newRomanIndex(words []string) *romanIndex {
	rd, names := readings(), readingNames()
	idx := &romanIndex{whole: map[string]string{}, spaced: map[string]string{}}
	shared := map[string]bool{}
	add := func(into map[string]string, key, word string) {
		if key == "" || shared[key] {
			return
		}
		if w, ok := into[key]; ok && w != word {
			delete(into, key)
			shared[key] = true
			return
		}
		into[key] = word
	}
	for _, w := range words {
		var syllables []string
		for _, r := range w {
			id := rd[r]
			if id == 0 || int(id) > len(names) {
				syllables = nil
				break
			}
			syllables = append(syllables, names[id-1])
		}
		if len(syllables) < 2 || len(syllables) > maxRomanisedWords {
			continue
		}
		whole := stemText(strings.Join(syllables, "")) // yuming is yum stemmed: too short
		if len(whole) < minRomanised || m.knownEnglish(whole) {
			continue
		}
		add(idx.whole, whole, w)
		var spaced strings.Builder
		for _, s := range syllables {
			spaced.WriteString(stemText(s))
		}
		add(idx.spaced, spaced.String(), w)
	}
	return idx
}

// readRomanised replaces in normalised, stemmed text n each run of one to
// maxRomanisedWords ASCII words that spells a domain word (romanIndex) by
// that word, longest run first. A word the matcher knows as English stays
// English.
func (m *Matcher) readRomanised(n string, syn *[]SynonymUse) string {
	if m.roman == nil || len(m.roman.whole) == 0 || !hasASCIILetter(n) {
		return n
	}
	words := strings.Fields(n)
	changed := false
	var out []string
	for i := 0; i < len(words); {
		took := 0
		for k := min(maxRomanisedWords, len(words)-i); k >= 1; k-- {
			run := words[i : i+k]
			if !allLetters(run) {
				continue
			}
			joined := strings.Join(run, "")
			if len(joined) < minRomanised {
				continue
			}
			var w string
			if k == 1 {
				if m.knownEnglish(joined) {
					continue
				}
				w = m.roman.whole[joined]
			} else {
				w = m.roman.spaced[joined]
			}
			if w == "" {
				continue
			}
			out = append(out, w)
			if syn != nil {
				*syn = append(*syn, SynonymUse{From: strings.Join(run, " "), To: w})
			}
			took, changed = k, true
			break
		}
		if took == 0 {
			out = append(out, words[i])
			took = 1
		}
		i += took
	}
	if !changed {
		return n
	}
	return strings.Join(out, " ")
}

// allLetters reports whether every word is of ASCII letters only.
func allLetters(words []string) bool {
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			if !isASCIILetterByte(w[i]) {
				return false
			}
		}
	}
	return true
}
