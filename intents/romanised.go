package intents

// Chinese written in Latin letters. People who write in English name the
// desk's things by their Chinese names, as they hear them, in pinyin
// without tones: binglian or bing lian for 并联, shebao for 社保,
// waizhuanju for 外专局. Such a word is no English word and no example's:
// it is read as the domain word it spells.

import "strings"

// minRomanised is the fewest letters a romanised word is read from: a
// shorter one (geshi, xuke) is too near to an English word or a name.
const minRomanised = 6

// maxRomanisedWords is how many words, at most, spell one domain word
// (wai zhuan ju).
const maxRomanisedWords = 5

// romanIndex maps the romanised spellings of the domain words, stemmed as
// a message's words are, to the words: whole (binglian) and syllable by
// syllable (bing lian, as the concatenation of each syllable stemmed).
type romanIndex struct {
	whole, spaced map[string]string
	// starts holds the first one and two letters of every spelling: a
	// word that begins otherwise (the, approved) starts none, and is not
	// tried.
	starts map[string]bool
}

// mayStart reports whether word can begin a spelling.
func (idx *romanIndex) mayStart(word string) bool {
	return word != "" && idx.starts[word[:min(2, len(word))]]
}

// newRomanIndex romanises words (the sound repair's targets: domain words
// and the rules' canonical words), leaving out any spelling two words
// share, those shorter than minRomanised letters and those that are
// English words the matcher knows.
func (m *Matcher) newRomanIndex(words []string) *romanIndex {
	rd, names := readings(), readingNames()
	idx := &romanIndex{whole: map[string]string{}, spaced: map[string]string{}, starts: map[string]bool{}}
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
	for _, keys := range []map[string]string{idx.whole, idx.spaced} {
		for k := range keys {
			idx.starts[k[:1]] = true
			idx.starts[k[:min(2, len(k))]] = true
		}
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
	var out []string // nil until a run is read: most messages hold none
	var buf []byte   // the runs' spellings, without an allocation for each
	for i := 0; i < len(words); {
		w, k := "", 0
		if m.roman.mayStart(words[i]) {
			w, k = m.romanisedAt(words[i:], &buf)
		}
		if k == 0 {
			if out != nil {
				out = append(out, words[i])
			}
			i++
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(words)), words[:i]...)
		}
		out = append(out, w)
		if syn != nil {
			*syn = append(*syn, SynonymUse{From: strings.Join(words[i:i+k], " "), To: w})
		}
		i += k
	}
	if out == nil {
		return n
	}
	return strings.Join(out, " ")
}

// romanisedAt returns the domain word that the longest run of words at the
// start of words spells, and the run's length; 0 when none does. buf holds
// the spelling of the run tried.
func (m *Matcher) romanisedAt(words []string, buf *[]byte) (string, int) {
	run := 0 // the words of letters only at the start, at most maxRomanisedWords
	for run < len(words) && run < maxRomanisedWords && isASCIIWord(words[run]) {
		run++
	}
	for k := run; k >= 1; k-- {
		*buf = (*buf)[:0]
		for _, w := range words[:k] {
			*buf = append(*buf, w...)
		}
		if len(*buf) < minRomanised {
			break // a shorter run is shorter still
		}
		if k == 1 {
			if w := m.roman.whole[words[0]]; w != "" && !m.knownEnglish(words[0]) {
				return w, 1
			}
			continue
		}
		if w := m.roman.spaced[string(*buf)]; w != "" {
			return w, k
		}
	}
	return "", 0
}
