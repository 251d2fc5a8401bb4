package intents

import (
	"regexp"
	"strconv"
	"strings"
)

// English dates read as Chinese ones: "Dec 1", "1st December" and "dec. 1"
// all become 12月1日, the form the FAQ and its examples use, whatever the
// month's spelling. The lexicon cannot list every month and day in every
// order and abbreviation; a pattern can.
var (
	monthDay = regexp.MustCompile(`\b(` + monthNames + `)\.? (\d{1,2})(?:st|nd|rd|th)?\b`)
	dayMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(` + monthNames + `)\b\.?`)
)

// monthNames are the English months, full and abbreviated, longest first
// so that the pattern takes the whole word. May and March are left out:
// "you may 1 day", "march 3 people" are no dates.
const monthNames = `january|february|april|june|july|august|september|october|november|december|sept|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec`

// englishDates rewrites the English dates of normalised (lower-case) text
// as N月N日. Text without ASCII letters is returned as it is.
func englishDates(s string) string {
	if !hasASCIILetter(s) {
		return s
	}
	s = monthDay.ReplaceAllStringFunc(s, func(d string) string {
		g := monthDay.FindStringSubmatch(d)
		return chineseDate(g[1], g[2], d)
	})
	return dayMonth.ReplaceAllStringFunc(s, func(d string) string {
		g := dayMonth.FindStringSubmatch(d)
		return chineseDate(g[2], g[1], d)
	})
}

// chineseDate is month and day as N月N日, or orig when day is no day of a
// month.
func chineseDate(month, day, orig string) string {
	n, err := strconv.Atoi(day)
	if err != nil || n < 1 || n > 31 {
		return orig
	}
	for i, name := range months {
		if strings.HasPrefix(month, name) {
			return strconv.Itoa(i+1) + "月" + strconv.Itoa(n) + "日"
		}
	}
	return orig
}

// months are the months' first three letters, January first.
var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
