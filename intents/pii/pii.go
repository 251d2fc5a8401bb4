// Package pii recognises the personal details people paste into their
// questions: phone, ID-card and passport numbers, e-mail addresses, WeChat
// ids. The question log stores a question only after Mask, and the matcher
// matches it only after Remove, so that such details neither help nor hurt.
// It works on normalised text (intents.Normalize), where brackets and other
// punctuation have become spaces: (0755)88887777 arrives as
// "0755 88887777".
package pii

import (
	"regexp"
	"strings"
)

// The labels of document numbers, in Chinese and in English, and the
// copula that may follow a label (护照号是, passport is): labelledIDRe and
// labelRe share them.
const (
	idLabels   = `护照号码|护照号|护照|身份证号码|身份证号|身份证|证件号码|证件号`
	idLabelsEn = `passport(?: no| number)?`
	copula     = `(?: ?(?:是|为|is))?`
)

var (
	emailRe  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	idCardRe = regexp.MustCompile(`\d{17}[\dXx]|\d{15}`)
	mobileRe = regexp.MustCompile(`(?:\+?86[ -]?)?1[3-9]\d(?:[ ._-]?\d{4}){2}`)
	// A document number right after its label, however it is spaced:
	// 护照号 E 1234 5678, passport no. 123 456 789.
	// The label and what follows it up to the number are group 1.
	labelledIDRe = regexp.MustCompile(`(?i)((?:` + idLabels + `|\b` + idLabelsEn + `)` + copula + `[ :：.]*)([a-z]{0,2}[ ._-]?(?:\d[ ._-]?){6,}\d[\dx]?)`)
	// Landlines with an area code (0755-8888 7777, 0755 88887777) and bare
	// local numbers of 7 or 8 digits.
	landlineRe = regexp.MustCompile(`0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}|\b\d{7,8}\b`)
	// Passports: one or two letters and 7–9 digits (E12345678, G1234567,
	// PE1234567), and long digit runs that may be foreign passports or
	// permit numbers.
	passportRe = regexp.MustCompile(`(?i)\b[a-z]{1,2}\d{7,9}\b|\d{9,}`)
	// WeChat ids: wxid_… as WeChat shows them, or a handle after 微信号 or
	// wechat id (and 是, 为, is), or after a bare 微信 or wechat when it
	// holds a digit, _ or - as handles do and words do not (wechat
	// payment, wechat applet are questions; see replace).
	wechatRe = regexp.MustCompile(`(?i)wxid_[a-z0-9_-]+|(微信号?|wechat(?: id)?)(?: ?(?:是|为|is))?[ :：]*([a-z][a-z0-9_-]{5,19})`)
)

// counterPhone is the desk's public number, digits only: people ask for
// it, and operators should see that they do.
const counterPhone = "075588121678"

// Mask replaces e-mail addresses, ID-card, passport-like and phone numbers
// and WeChat ids in text by [email], [id], [phone] and [wechat]. The
// counter's public phone number is kept.
func Mask(text string) string {
	return replace(text, func(kind string) string { return "[" + kind + "]" })
}

// Remove is Mask with the details, and the word that labels each (护照,
// 手机, 邮箱, passport…), replaced by a space: the text the matcher sees,
// in which they neither help nor hurt.
func Remove(text string) string {
	const mark = "\x00"
	text = replace(text, func(string) string { return mark })
	if !strings.Contains(text, mark) {
		return text
	}
	text = labelRe.ReplaceAllString(text, mark)
	return strings.ReplaceAll(text, mark, " ")
}

// labelRe is a label of a personal detail right before its mark, with
// the request to be answered there that may lead it (回复到微信号, 回电我
// 手机, 联系我电话): words of a request, not of the question. Sending
// (发到邮箱) is left: 材料可以发到邮箱吗 asks about it.
// An English label begins a word (tel, not the tel of hotel).
var labelRe = regexp.MustCompile(`(?i)(?:(?:请|麻烦)?(?:回复|回电|联系)(?:到|至|给)?(?:我的?)?)?(` + idLabels + `|手机号码|手机号|手机|联系电话|电话号码|电话|座机|邮箱地址|电子邮箱|邮箱|微信号|微信|\b(?:` + idLabelsEn + `|phone(?: number)?|mobile|tel|e-?mail|wechat(?: id)?))` + copula + `[ :：]*\x00`)

func replace(text string, with func(kind string) string) string {
	if strings.Contains(text, "wxid") || strings.Contains(text, "微信") || strings.Contains(text, "wechat") {
		text = wechatRe.ReplaceAllStringFunc(text, func(s string) string {
			loc := wechatRe.FindStringSubmatchIndex(s)
			if loc[2] < 0 {
				return with("wechat") // wxid_…
			}
			label, handle := strings.ToLower(s[loc[2]:loc[3]]), s[loc[4]:loc[5]]
			if (label == "微信" || label == "wechat") && !strings.ContainsAny(handle, "0123456789_-") {
				return s // wechat payment: a word, not a handle
			}
			return s[:loc[3]] + " " + with("wechat") // keep 微信号 itself
		})
	}
	if !strings.ContainsAny(text, "0123456789@") {
		return text // every other pattern needs a digit or an @: the usual case costs nothing
	}
	text = emailRe.ReplaceAllStringFunc(text, func(string) string { return with("email") })
	text = labelledIDRe.ReplaceAllString(text, "${1}"+with("id")) // the label stays
	text = idCardRe.ReplaceAllStringFunc(text, func(string) string { return with("id") })
	text = mobileRe.ReplaceAllStringFunc(text, func(string) string { return with("phone") })
	text = landlineRe.ReplaceAllStringFunc(text, func(s string) string {
		if d := digits(s); d == counterPhone || d == counterPhone[4:] {
			return s
		}
		return with("phone")
	})
	return passportRe.ReplaceAllStringFunc(text, func(s string) string {
		if s == counterPhone {
			return s // 075588121678, written without a separator
		}
		return with("id")
	})
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
