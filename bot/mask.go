package bot

import (
	"regexp"
	"strings"
)

// Personal data that must not be stored for operators: a question is
// logged only after Mask. Mask runs on normalised text, where brackets
// and other punctuation have become spaces: (0755)88887777 arrives as
// "0755 88887777".
var (
	emailRe  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	idCardRe = regexp.MustCompile(`\d{17}[\dXx]|\d{15}`)
	mobileRe = regexp.MustCompile(`(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}`)
	// Landlines with an area code (0755-8888 7777, 0755 88887777) and bare
	// local numbers of 7 or 8 digits.
	landlineRe = regexp.MustCompile(`0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}|\b\d{7,8}\b`)
	// Passports: one or two letters and 7–9 digits (E12345678, G1234567,
	// PE1234567), and long digit runs that may be foreign passports or
	// permit numbers.
	passportRe = regexp.MustCompile(`(?i)\b[a-z]{1,2}\d{7,9}\b|\d{9,}`)
)

// counterPhone is the desk's public number, digits only: people ask for
// it, and operators should see that they do.
const counterPhone = "075588121678"

// Mask replaces e-mail addresses, ID-card, passport-like and phone numbers
// in text. The counter's public phone number is kept.
func Mask(text string) string {
	if !strings.ContainsAny(text, "0123456789@") {
		return text // every pattern needs a digit or an @: the usual case costs nothing
	}
	text = emailRe.ReplaceAllString(text, "[email]")
	text = idCardRe.ReplaceAllString(text, "[id]")
	text = mobileRe.ReplaceAllString(text, "[phone]")
	text = landlineRe.ReplaceAllStringFunc(text, func(s string) string {
		if d := digits(s); d == counterPhone || d == counterPhone[4:] {
			return s
		}
		return "[phone]"
	})
	return passportRe.ReplaceAllString(text, "[id]")
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
