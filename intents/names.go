package intents

// Names. People write their own name and the employee's into a question
// (我是HR王小明，员工David Miller想问…, Hi, this is Anna Schmidt from ACME):
// personal details that say nothing of the subject. A word no example
// knows is otherwise evidence of another subject (calibration.NoneUnknown),
// so a name would push a question towards "none of these". Names in Latin
// letters are recognised by their capitals and dropped before matching, as
// pii.Remove drops numbers and addresses.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dropNames replaces by a space each name in Latin letters in raw text: a
// run of capitalised words (David Miller) that the matcher does not know,
// when the run has two words or more, or one word next to a Chinese
// character (员工John的护照). A single capitalised word in an English
// sentence (Renewal, Housing) is left alone: it is a sentence's first word
// more often than a name. Upper-case words (PDF, APP, ACME) are
// abbreviations more often than names, and are left alone too.
func (m *Matcher) dropNames(text string) string {
	text = m.dropChineseNames(text)
	if !hasUpperASCII(text) {
		return text
	}
	var b strings.Builder
	i, last := 0, 0
	for i < len(text) {
		if !isUpperASCII(text[i]) || (i > 0 && isASCIILetterByte(text[i-1])) {
			i++
			continue
		}
		// A run of name-like words from i, separated by single spaces
		// or hyphens.
		start, end, words := i, i, 0
		for j := i; j < len(text) && isUpperASCII(text[j]); {
			k := j
			for k < len(text) && (isASCIILetterByte(text[k]) || text[k] == '\'') {
				k++
			}
			w := text[j:k]
			if len(w) < 2 || strings.ToUpper(w) == w || m.knownASCII(w) {
				break
			}
			words++
			end = k
			if k+1 < len(text) && (text[k] == ' ' || text[k] == '-') && isUpperASCII(text[k+1]) {
				j = k + 1
				continue
			}
			break
		}
		if words == 0 {
			i++
			continue
		}
		if end < len(text) && text[end] >= 0x80 && !nextToHan(text, end, end) {
			i = end // André: a word that goes on in letters beyond ASCII
			continue
		}
		if words >= 2 || nextToHan(text, start, end) {
			b.WriteString(text[last:start])
			b.WriteByte(' ')
			last = end
		}
		i = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// knownASCII reports whether English word w, in any case, is a word the
// matcher knows (knownEnglish).
func (m *Matcher) knownASCII(w string) bool {
	return m.knownEnglish(stemText(strings.ToLower(w)))
}

// nextToHan reports whether text[start:end] has a Chinese character right
// before or after it.
func nextToHan(text string, start, end int) bool {
	if start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:start]); unicode.Is(unicode.Han, r) {
			return true
		}
	}
	if end < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[end:]); unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func isUpperASCII(c byte) bool      { return c >= 'A' && c <= 'Z' }
func isASCIILetterByte(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if isUpperASCII(s[i]) {
			return true
		}
	}
	return false
}

// chineseNameRe is a Chinese name where people introduce themselves or a
// contact: after 我是, 我叫, 本人, 联系人 or 经办人 and an optional role (HR,
// 人事, 行政…), a common surname and one or two characters, ending at
// punctuation, a space, the end, or a word that follows a name (想, 的, 问).
var chineseNameRe = regexp.MustCompile(`(我是|我叫|本人是?|联系人是?|经办人是?)((?:[Hh][Rr]|人事部?|行政部?|经理|专员|主管)?)[ ：:]?([` + surnames + `]\p{Han}{1,2}?)([，,。.！!？?；;：:\s]|$|想|的|问|请|在)`)

// notNameEndings end words that say what a person is, not who:
// 韩国人, 高管, 职员, 员工, 公司, 主管, 部长, 老师, 学生.
const notNameEndings = "人管员工司局部长师生"

// surnames are the hundred commonest Chinese surnames.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"

// dropChineseNames replaces a Chinese name after a self-introduction, with
// the role that leads it (我是人事部张伟 → 我是), by a space.
// A word that ends as a person's role or origin does (高管, 韩国人, 主管), or
// a word of the rules, is not taken for a name.
func (m *Matcher) dropChineseNames(text string) string {
	if !strings.ContainsAny(text, "我本联经") {
		return text
	}
	var b strings.Builder
	done := 0
	for _, g := range chineseNameRe.FindAllStringSubmatchIndex(text, -1) {
		name := text[g[6]:g[7]]
		last, _ := utf8.DecodeLastRuneInString(name)
		if strings.ContainsRune(notNameEndings, last) || m.domain[name] || m.canon[name] != "" {
			continue
		}
		if before, _ := utf8.DecodeLastRuneInString(text[:g[2]]); strings.ContainsRune(notSelfBefore, before) && strings.HasPrefix(text[g[2]:], "本人") {
			continue // 日本人付费吗: 本人 inside 日本人, not a self-introduction
		}
		b.WriteString(text[done:g[3]]) // up to the introduction: the role, the colon and the name go
		b.WriteByte(' ')
		done = g[7]
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// notSelfBefore are the characters that make 本人 part of a word (日本人)
// rather than "I myself".
const notSelfBefore = "日"
