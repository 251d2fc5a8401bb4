package platform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTextBytes is the size limit of a WeChat text message, passive or
// active; the platform truncates longer ones.
const MaxTextBytes = 2048

// SplitText cuts text into messages of at most limit bytes each. Text
// that fits is returned whole. Otherwise it cuts at blank lines first: the
// paragraphs of a reply (an English answer, the official Chinese text under
// its label, the links) go into as few messages as they fit, each whole.
// A paragraph longer than limit is cut at line breaks; a line longer than
// limit is cut after punctuation or a space, and otherwise between
// characters, but never inside a UTF-8 sequence or inside an <a …>…</a>
// link (unless the link alone is longer than limit). The line breaks it
// cuts at and parts that would hold only white space are dropped. A limit
// below utf8.UTFMax is raised to it.
func SplitText(text string, limit int) []string {
	limit = max(limit, utf8.UTFMax)
	var parts []string
	add := func(s string) {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimRight(s, "\n"))
		}
	}
	if len(text) <= limit {
		add(text)
		return parts
	}
	cur := ""
	for _, para := range strings.Split(text, "\n\n") {
		switch {
		case cur == "" && len(para) <= limit:
			cur = para
			continue
		case cur != "" && len(cur)+2+len(para) <= limit:
			cur += "\n\n" + para
			continue
		}
		add(cur)
		cur = ""
		if len(para) <= limit {
			cur = para
			continue
		}
		lines := splitLines(para, limit)
		for _, l := range lines[:len(lines)-1] {
			add(l)
		}
		cur = lines[len(lines)-1]
	}
	add(cur)
	return parts
}

// splitLines cuts text into pieces of at most limit bytes at line breaks,
// and cuts the lines longer than limit. The last piece is returned even
// when it is empty.
func splitLines(text string, limit int) []string {
	var parts []string
	cur := ""
	for _, line := range strings.Split(text, "\n") {
		switch {
		case cur == "" && len(line) <= limit:
			cur = line
			continue
		case cur != "" && len(cur)+1+len(line) <= limit:
			cur += "\n" + line
			continue
		}
		parts = append(parts, cur)
		for len(line) > limit {
			n := cutPoint(line, limit)
			parts = append(parts, line[:n])
			line = line[n:]
		}
		cur = line
	}
	return append(parts, cur)
}

// cutPoint returns where to cut s, which is longer than limit: the end of
// the last link or character that fits, or the end of the last
// punctuation or space that fits when that keeps at least half of limit.
func cutPoint(s string, limit int) int {
	last, soft := 0, 0
	for i := 0; i < len(s); {
		next := i + unitLen(s[i:])
		if next > limit {
			break
		}
		i = next
		last = i
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.IsSpace(r) || unicode.IsPunct(r) {
			soft = i
		}
	}
	switch {
	case soft >= limit/2:
		return soft
	case last > 0:
		return last
	}
	// The first unit is a link longer than a whole message: cutting it
	// is the only way to keep within the limit.
	n := limit
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// unitLen is the length of the unit that s starts with: a whole link
// (<a …>…</a>, or the tag alone when it is not closed), otherwise one
// character (one byte when s does not start with valid UTF-8).
func unitLen(s string) int {
	if len(s) > 2 && s[0] == '<' && (s[1] == 'a' || s[1] == 'A') && (s[2] == ' ' || s[2] == '>') {
		if end := indexFold(s, "</a>"); end >= 0 {
			return end + len("</a>")
		}
		if end := strings.IndexByte(s, '>'); end >= 0 {
			return end + 1
		}
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// indexFold is strings.Index for an ASCII needle, ignoring ASCII case.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}
