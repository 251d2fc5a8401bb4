package intents

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// norm is the first step for every text the matcher sees, questions and
// configuration alike: full-width to half-width (ＪＰＧ９０ → jpg90), lower
// case, traditional to simplified (every character OpenCC knows),
// punctuation and symbols to single spaces. Characters that carry meaning
// inside a token (x in 354x472, * in 354*472, . in 1.5m) are kept.
func norm(s string) string { return normWith(s, true) }

// normWith is norm; hanFast takes Chinese characters through a fast path
// that gives the same text (TestNormHanFastPath compares the two).
func normWith(s string, hanFast bool) string {
	if needsFold(s) {
		s = width.Fold.String(s)
	}
	if strings.ContainsAny(s, "'’") {
		s = expandContractions(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // collapse leading and repeated spaces
	for _, r := range s {
		if hanFast && isUnifiedHan(r) {
			// The common case, a Chinese character: no punctuation, no
			// case; only the bitmap of traditional ones to consult.
			if isTraditional(r) {
				r = t2s[r]
			}
			b.WriteRune(r)
			space = false
			continue
		}
		if simp, ok := t2s[r]; ok {
			r = simp
		}
		switch {
		case r == '*' || r == '.' || r == '-' || r == '+' || r == '@' || r == '_':
			// part of numbers, sizes and addresses: keep
		case unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsControl(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// expandContractions writes English contractions out, so that their words
// are the words people type in full: don't → do not, can't → can not,
// we're → we are, I'll → I will, the employee's → the employee. Left to
// the punctuation rule, don't became don and t, and done stems to don.
// An apostrophe that is not between two letters, or before another ending,
// is left to that rule.
func expandContractions(s string) string {
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r != '\'' && r != '’') || i == 0 || !isASCIILetterByte(s[i-1]) {
			out = append(out, s[i:i+n]...)
			i += n
			continue
		}
		j := i + n
		for j < len(s) && isASCIILetterByte(s[j]) {
			j++
		}
		suffix := strings.ToLower(s[i+n : j])
		k := len(out) // the word before the apostrophe is out[k:]
		for k > 0 && isASCIILetterByte(out[k-1]) {
			k--
		}
		switch word := string(out[k:]); {
		case suffix == "t" && len(word) > 1 && (word[len(word)-1]|0x20) == 'n':
			base := word[:len(word)-1]
			if full, ok := negatedBases[strings.ToLower(base)]; ok {
				base = full
			}
			out = append(append(out[:k], base...), " not"...)
		case suffix == "s": // possessive or is: dropped
		case contractionEndings[suffix] != "":
			out = append(append(out, ' '), contractionEndings[suffix]...)
		default:
			out = append(out, s[i:j]...)
		}
		i = j
	}
	return string(out)
}

// negatedBases are the words whose n't contraction is not the word and
// n't: can't, won't, shan't, ain't.
var negatedBases = map[string]string{"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

// contractionEndings are the endings of English contractions and the words
// they stand for ('s, possessive or is, is dropped).
var contractionEndings = map[string]string{"re": "are", "m": "am", "ve": "have", "ll": "will", "d": "would"}

// needsFold reports whether s holds a full-width form or an ideographic
// space that width.Fold would change; most questions hold none, and the
// fold costs two allocations.
func needsFold(s string) bool {
	for _, r := range s {
		if r == 0x3000 || r >= 0xFF00 && r <= 0xFFEF {
			return true
		}
	}
	return false
}

// Normalize returns text as the matcher sees it before segmentation:
// half-width, lower case, simplified, punctuation as single spaces. The
// unmatched-question log groups questions by it.
func Normalize(text string) string { return norm(text) }

// t2s maps every traditional character to its simplified form, one
// character to one character, so that norm never changes a text's length in
// characters. The table is t2s.txt, generated from OpenCC's
// TSCharacters.txt (OpenCC, https://github.com/BYVoid/OpenCC, Apache
// License 2.0) by internal/t2sgen: for each traditional character the first
// simplified candidate is kept. It has about 4,100 entries (~35 KB) and is
// parsed once at start-up. To regenerate (the OpenCC version is pinned in
// the generator; the download does not touch go.mod):
//
//	go generate ./intents
//
//go:generate go run ./internal/t2sgen -o t2s.txt
var t2s = parseT2S(t2sData)

// The CJK Unified Ideographs block, where nearly every character of a
// Chinese message is, and the bitmap of its characters t2s changes.
const hanFirst, hanLast = 0x4E00, 0x9FFF

var traditional = func() (bits [(hanLast - hanFirst + 64) / 64]uint64) {
	for r := range t2s {
		if isUnifiedHan(r) {
			bits[(r-hanFirst)/64] |= 1 << ((r - hanFirst) % 64)
		}
	}
	return bits
}()

func isUnifiedHan(r rune) bool { return r >= hanFirst && r <= hanLast }

// isTraditional reports whether t2s changes r, a unified ideograph.
func isTraditional(r rune) bool { return traditional[(r-hanFirst)/64]&(1<<((r-hanFirst)%64)) != 0 }

//go:embed t2s.txt
var t2sData string

// parseT2S reads "traditional<TAB>simplified" lines; # starts a comment.
// The embedded table is checked by a test, so a malformed line is skipped
// rather than reported.
func parseT2S(data string) map[rune]rune {
	m := make(map[rune]rune, 4200)
	for _, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		from, to, ok := strings.Cut(line, "\t")
		if !ok || utf8.RuneCountInString(from) != 1 || utf8.RuneCountInString(to) != 1 {
			continue
		}
		f, _ := utf8.DecodeRuneInString(from)
		t, _ := utf8.DecodeRuneInString(to)
		if f != t {
			m[f] = t
		}
	}
	return m
}

// stripFillers removes politeness and filler phrases (请问, 麻烦问一下) that
// carry no meaning. fillers must be sorted longest first.
func stripFillers(s string, fillers []string) string {
	for _, f := range fillers {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, " ")
		}
	}
	return s
}
