package intents

// Chat markup. A message typed in WeChat or WeCom carries more than the
// question: an @mention of the bot in a group chat (@客服小助手, which WeCom
// follows with a four-per-em space) and the emoticons people add, which the
// client sends as their codes in brackets ([抱拳], [微笑], [ThumbsUp]). Read
// as words they are words no example has, evidence of another subject,
// and 客服 in a mention asked for a person. decide drops them first.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxMention is the longest @mention dropped, in characters: WeCom names
// are short, and an @ followed by a long run is not a mention.
const maxMention = 24

// dropChatMarkup returns text without its @mentions, the numbers that
// begin its lines (1. 2、 (3) ①: questions pasted as a list) and the idiom
// 在线等 (dropWaitingOnline) and, when anything else remains, without its
// emoticon codes. A message of markup only is left whole ([微笑]), but for
// one of emoticons that say thanks or yes ([抱拳], [强], 👍, 🙏), which
// reads as 谢谢 (acknowledgement).
func (m *Matcher) dropChatMarkup(text string) string {
	orig := text
	if strings.ContainsRune(text, '@') {
		text = DropMentions(text)
	}
	text = dropListNumbers(text)
	if strings.Contains(text, "在线等") {
		text = dropWaitingOnline(text)
	}
	marked := text
	if strings.ContainsRune(text, '[') {
		text = m.dropEmoticons(text)
	}
	if hasWordChar(text) || strings.TrimSpace(norm(text)) != "" {
		return text // a letter or a digit: norm keeps it; the usual case needs no norm
	}
	if ack := acknowledgement(marked); ack != "" {
		return ack
	}
	return orig
}

// hasWordChar reports whether s holds a letter (a Chinese character too)
// or a digit.
func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// DropMentions removes each @name that begins the message or follows a
// space and ends at a space (WeCom's U+2005 included) or a punctuation
// mark, which stays: @小助手，照片… keeps ，照片…. An @ inside a word
// (hr@example.com) is no mention, and neither is one that runs into the
// question with nothing between (@小助手照片有什么要求): where the name
// ends is unknown. The bot's engine drops them too before it reads a
// reply as a menu pick (@小助手 2).
func DropMentions(text string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if i > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:i])
			if !unicode.IsSpace(r) {
				continue
			}
		}
		end, n, ended := i+1, 0, false
		for end < len(text) && n <= maxMention {
			r, size := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) || unicode.IsPunct(r) && r != '_' && r != '-' && r != '.' {
				ended = true
				break
			}
			end += size
			n++
		}
		if !ended || n == 0 || n > maxMention {
			continue
		}
		b.WriteString(text[last:i])
		b.WriteByte(' ')
		last = end
		i = end - 1
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// dropEmoticons replaces by a space each emoticon code (emoticonCode)
// unless the word in the brackets is one the rules name ([工作许可] or
// [Notices] is written for emphasis).
func (m *Matcher) dropEmoticons(text string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '[' {
			continue
		}
		name, n := emoticonCode(text[i:])
		if n == 0 || m.namesWord(name) {
			continue
		}
		b.WriteString(text[last:i])
		b.WriteByte(' ')
		last = i + n
		i = last - 1
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// emoticonCode returns the name of the emoticon code s begins with, one to
// four Chinese characters ([微笑]) or a letter and up to eleven letters, !
// or - ([ThumbsUp]) in square brackets, and the code's length in bytes; 0
// when s begins with none.
func emoticonCode(s string) (name string, n int) {
	if s == "" || s[0] != '[' {
		return "", 0
	}
	j := strings.IndexByte(s, ']')
	if j < 0 || !emoticonName(s[1:j]) {
		return "", 0
	}
	return s[1:j], j + 1
}

// emoticonName reports whether s has the shape of an emoticon's name.
func emoticonName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return false
	}
	han := true
	for _, r := range s {
		han = han && unicode.Is(unicode.Han, r)
	}
	if han {
		return n <= 4
	}
	if n > 12 || !isASCIILetterByte(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isASCIILetterByte(c) && c != '!' && c != '-' {
			return false
		}
	}
	return true
}

// namesWord reports whether s, normalised, is a word the rules name: a
// domain word, or a synonym or lexicon variant or canonical word, in
// English as stemmed (notices).
func (m *Matcher) namesWord(s string) bool {
	w := norm(s)
	_, ok := m.canon[w]
	return ok || m.domain[w] || m.knownEnglish(stemText(w))
}

// ackEmoticons are the emoticon codes that say thanks or yes in a chat
// (WeChat's names, in Chinese and in English): a message of them only is
// read as 谢谢.
var ackEmoticons = map[string]bool{
	"抱拳": true, "强": true, "握手": true, "合十": true, "ok": true, "好的": true,
	"fist": true, "thumbsup": true, "shake": true,
}

// ackEmoji are the emoji that say thanks or yes in a chat: 👍 👌 🙏 🤝 ✅ 🌹.
var ackEmoji = map[rune]bool{0x1F44D: true, 0x1F44C: true, 0x1F64F: true, 0x1F91D: true, 0x2705: true, 0x1F339: true}

// acknowledgement returns 谢谢 when text is emoticon codes and emoji only,
// of which one says thanks or yes, and "" otherwise.
func acknowledgement(text string) string {
	rest := strings.TrimSpace(text)
	ack := false
	for rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		switch {
		case r == '[':
			name, n := emoticonCode(rest)
			if n == 0 {
				return ""
			}
			ack = ack || ackEmoticons[strings.ToLower(name)]
			size = n
		case ackEmoji[r]:
			ack = true
		case unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.IsSpace(r) || r == 0x200D || r == 0xFE0F:
			// another emoji, a skin tone, a joiner or a variation selector
		default:
			return ""
		}
		rest = rest[size:]
	}
	if !ack {
		return ""
	}
	return "谢谢"
}

// dropListNumbers removes the number that begins each line of a list
// (1. 1、 1) (1) 一、 ①), where it says nothing of the question: read as a
// word it was evidence for whatever FAQ's examples hold that number. A
// number that goes on (1.5m的照片, 12月1日) is kept.
func dropListNumbers(text string) string {
	if !strings.ContainsAny(text, "0123456789一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩") {
		return text
	}
	lines := strings.Split(text, "\n")
	changed := false
	for i, line := range lines {
		if rest, ok := cutListNumber(line); ok {
			lines[i], changed = rest, true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(lines, "\n")
}

// cutListNumber returns line without the list number that begins it.
func cutListNumber(line string) (string, bool) {
	s := strings.TrimLeftFunc(line, unicode.IsSpace)
	r, size := utf8.DecodeRuneInString(s)
	if r >= '①' && r <= '⑩' {
		return s[size:], true
	}
	open := false
	if r == '(' || r == '（' {
		open = true
		s = s[size:]
	}
	digits := 0
	for digits < len(s) && digits < 2 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	n := digits
	if digits == 0 {
		if r, size := utf8.DecodeRuneInString(s); strings.ContainsRune("一二三四五六七八九十", r) {
			n = size
		} else {
			return line, false
		}
	}
	end, size := utf8.DecodeRuneInString(s[n:])
	switch {
	case open && (end == ')' || end == '）'):
	case !open && (end == '、' || end == ')' || end == '）'):
	case !open && digits > 0 && (end == '.' || end == '．'):
		if next, _ := utf8.DecodeRuneInString(s[n+size:]); next >= '0' && next <= '9' {
			return line, false // 1.5m
		}
	default:
		return line, false
	}
	return s[n+size:], true
}

// dropWaitingOnline removes the chat idiom 在线等 ("I am waiting online":
// please answer soon), in which 在线 is not the online application (线上),
// but not 在线等待 or 在线等候, waiting for something online.
func dropWaitingOnline(text string) string {
	const idiom = "在线等"
	var b strings.Builder
	for {
		i := strings.Index(text, idiom)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		next, _ := utf8.DecodeRuneInString(text[i+len(idiom):])
		b.WriteString(text[:i])
		if next == '待' || next == '候' {
			b.WriteString(idiom)
		} else {
			b.WriteByte(' ')
		}
		text = text[i+len(idiom):]
	}
}
