package intents

import "strings"

// stemText reduces every English word of normalised text to a stem, so that
// permits, permitted and permitting meet permit: plural and tense endings
// are cut by a few conservative rules. Questions and configuration go
// through the same function, so a stem need not be a real word, only the
// same for the forms people write. Text without ASCII letters is returned
// as it is.
func stemText(s string) string {
	if !hasASCIILetter(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := -1
	for i := 0; i <= len(s); i++ {
		letter := i < len(s) && s[i] >= 'a' && s[i] <= 'z'
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			b.WriteString(stem(s[start:i]))
			start = -1
		}
		if !letter && i < len(s) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// stem cuts a lower-case English word's plural or tense ending, and a
// final silent e, so that replace, replaces, replaced and replacing all
// give replac.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	w = cutEnding(w)
	if n := len(w); n > 3 && w[n-1] == 'e' && w[n-2] != 'e' && !keepFinalE[w] {
		w = w[:n-1]
	}
	return w
}

// keepFinalE are the words whose e cannot be dropped because the word
// without it is another word the domain uses: quite is not quit (离职),
// note is not not, plane is not plan, none is not non.
var keepFinalE = map[string]bool{"quite": true, "note": true, "plane": true, "none": true}

func cutEnding(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		return undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "eed"):
		return w // exceed, proceed, need: the ed is the word's own
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		return undouble(w[:len(w)-2])
	}
	return w
}

// undouble drops the doubled consonant a tense ending left (cancell →
// cancel, stopp → stop). A double l is British doubling only in a longer
// stem (cancell, travell, labell); in a short one it is the word's own
// (fill, call, skill, tell).
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		return w[:n-1]
	}
	if n >= 6 && w[n-1] == 'l' && w[n-2] == 'l' {
		return w[:n-1]
	}
	return w
}

func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return true
		}
	}
	return false
}
