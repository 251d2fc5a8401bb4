package bot

import (
	"regexp"
	"strings"
)

// Personal data that must not be stored for operators: a question is
// logged only after Mask.
var (
	emailRe    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	idCardRe   = regexp.MustCompile(`\d{17}[\dXx]|\d{15}`)
	mobileRe   = regexp.MustCompile(`(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}`)
	landlineRe = regexp.MustCompile(`0\d{2,3}-\d{7,8}`)
	// Passports: one or two letters and 7–9 digits (E12345678, G1234567,
	// PE1234567), and long digit runs that may be foreign passports or
	// permit numbers.
	passportRe = regexp.MustCompile(`(?i)\b[a-z]{1,2}\d{7,9}\b|\d{9,}`)
)

// Mask replaces e-mail addresses, ID-card, passport-like and phone numbers
// in text. The public service phone of the counter is kept: it is not
// personal and operators should see when people ask for it.
func Mask(text string) string {
	if !strings.ContainsAny(text, "0123456789@") {
		return text // every pattern needs a digit or an @: the usual case costs nothing
	}
	text = emailRe.ReplaceAllString(text, "[email]")
	text = idCardRe.ReplaceAllString(text, "[id]")
	text = mobileRe.ReplaceAllString(text, "[phone]")
	text = landlineRe.ReplaceAllStringFunc(text, func(s string) string {
		if s == "0755-88121678" {
			return s
		}
		return "[phone]"
	})
	return passportRe.ReplaceAllString(text, "[id]")
}
