// Package lang tells the language a message is written in, Chinese or
// English, so that the bot can answer in it. It looks at letters only and
// knows no vocabulary beyond a handful of Chinese grammatical characters;
// it does no I/O and holds no state.
//
// The rule, in order:
//
//  1. Latin letters, full-width ones included (ｈｅｌｌｏ), and Chinese
//     characters count. Digits, punctuation, spaces and emoji count for
//     nothing, and so do web addresses and domain names
//     (fwp.safea.gov.cn登录不上 is Chinese): people paste them whatever
//     language they write.
//  2. No Latin letter and no Chinese character (`1`, `？`, `😀`, `２`):
//     Unknown. The conversation keeps the language it had.
//  3. Latin letters only: English. A single word of one or two letters
//     (`ok`, `hi`), which Chinese writers type as often as English ones,
//     or upper-case abbreviations alone (`PNG?`, `USCC`), is English but
//     not firm: it starts a conversation in English but does not switch
//     one that has a language (Next).
//  4. Chinese characters only: Chinese.
//  5. Both (a mixed message). Chinese writers drop English terms into a
//     Chinese sentence (新员工的residence permit要带什么); English writers
//     quote Chinese names in an English one (Where is the 【换发电子证照】
//     button?). So the sentence's frame decides, not the letter count:
//     a. Chinese when a Chinese grammatical character (吗 呢 吧 啊 呀 嘛 么
//     啥 咋 怎 哪 谁 几 的 了 是 要 我 你 您 们) stands outside brackets and
//     quotes (【】《》「」『』“”‘’()（）): the sentence is built in Chinese.
//     Text inside them is a name whichever language surrounds it.
//     b. Otherwise English when the message holds at least two English
//     words, not counting upper-case abbreviations of two to five letters
//     (HR, JPG, ICAO), and those words have at least as many letters as
//     the message has Chinese characters: the share of Latin letters is
//     at least one half (What is 卡证融合?).
//     c. Otherwise Chinese (HR问一下, JPG照片, 谢谢ok).
//
// The rule errs towards Chinese for short mixed messages: a person who
// writes Chinese gets today's reply, and the English reply's official
// Chinese text is there for whoever is misread the other way.
package lang

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Language is the language of a message or a conversation: "zh", "en", or
// "" when a message says nothing about it.
type Language string

// The languages the bot answers in.
const (
	Unknown Language = ""
	Chinese Language = "zh"
	English Language = "en"
)

// Or returns l, or fallback when l is Unknown.
func (l Language) Or(fallback Language) Language {
	if l == Unknown {
		return fallback
	}
	return l
}

// Parse reads a stored language tag; anything else is Unknown.
func Parse(s string) Language {
	switch Language(s) {
	case Chinese, English:
		return Language(s)
	}
	return Unknown
}

// isFrame reports whether r is a Chinese grammatical character: a
// particle, question word, pronoun or one of the commonest verbs of a
// question. Outside brackets it shows a sentence built in Chinese.
func isFrame(r rune) bool {
	switch r {
	case '吗', '呢', '吧', '啊', '呀', '嘛', '么', '啥', '咋', '怎', '哪', '谁', '几', '的', '了', '是', '要', '我', '你', '您', '们':
		return true
	}
	return false
}

// bracket tells whether r opens (+1) or closes (-1) brackets or quotes that
// hold names (menu buttons, documents, fields), or neither (0).
func bracket(r rune) int {
	switch r {
	case '【', '《', '「', '『', '“', '‘', '(', '（', '〈':
		return 1
	case '】', '》', '」', '』', '”', '’', ')', '）', '〉':
		return -1
	}
	return 0
}

// Detect returns the language text is written in, by the rule of the
// package documentation, and whether the text is firm enough to switch a
// conversation that has a language.
func Detect(text string) (l Language, firm bool) {
	if strings.ContainsAny(text, "./") {
		text = webAddress.ReplaceAllString(text, " ")
	}
	var c counts
	c.scan(text)
	switch {
	case c.han == 0 && c.letters == 0:
		return Unknown, false
	case c.han == 0:
		return English, c.englishWords > 1 || c.englishLetters > 2
	case c.letters == 0 || c.frame:
		return Chinese, true
	case c.englishWords >= 2 && c.englishLetters >= c.han:
		return English, true
	}
	return Chinese, true
}

// webAddress is a web address or a domain name: what rule 1 leaves out.
var webAddress = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[\x21-\x7e]*|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\b(?:/[\x21-\x7e]*)?`)

// Next returns the language of a conversation that had the language prev
// (Unknown for a new one) after the message text: the message's own when
// it is firm or the conversation had none, the conversation's otherwise.
// It stays Unknown while no message has had letters.
func Next(prev Language, text string) Language {
	l, firm := Detect(text)
	if firm || prev == Unknown {
		return l
	}
	return prev
}

// counts is what Detect learns from one pass over a message. The Latin
// script holds the full-width letters, so no width folding is needed.
type counts struct {
	han     int  // Chinese characters
	frame   bool // a frame character outside brackets
	letters int  // Latin letters
	// englishWords and englishLetters leave out upper-case abbreviations.
	englishWords, englishLetters int
}

func (c *counts) scan(s string) {
	depth := 0
	word, upper := 0, true // the current run of Latin letters
	endWord := func() {
		if word == 0 {
			return
		}
		if !(upper && word >= 2 && word <= 5) {
			c.englishWords++
			c.englishLetters += word
		}
		word, upper = 0, true
	}
	for _, r := range s {
		if r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') || r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r) {
			word++
			c.letters++
			upper = upper && unicode.IsUpper(r)
			continue
		}
		endWord()
		switch {
		case r < utf8.RuneSelf && r != '(' && r != ')':
		case bracket(r) != 0:
			depth = max(depth+bracket(r), 0)
		case unicode.Is(unicode.Han, r):
			c.han++
			if depth == 0 && isFrame(r) {
				c.frame = true
			}
		}
	}
	endWord()
}
