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
	// May and March are also verbs ("you may 1 day", "march 3 people"):
	// they make a date only with an ordinal (may 1st, march 3rd) or
	// after "the Nth of".
	verbMonthDay   = regexp.MustCompile(`\b(may|march|mar)\.? (\d{1,2})(?:st|nd|rd|th)\b`)
	dayOfVerbMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? of (may|march|mar)\b\.?`)
)

// monthNames are the English months that are no other word, full and
// abbreviated, longest first so that the pattern takes the whole word.
const monthNames = `january|february|april|june|july|august|september|october|november|december|sept|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec`

// englishDates rewrites the English dates of normalised (lower-case) text
// as N月N日, recording each in syn when it is not nil (explain shows them
// beside the synonyms). Text without ASCII letters or without digits is
// returned as it is.
func englishDates(s string, syn *[]SynonymUse) string {
	if !hasASCIILetter(s) || !strings.ContainsAny(s, "0123456789") {
		return s
	}
	for _, p := range []struct {
		re             *regexp.Regexp
		monthAt, dayAt int
	}{{monthDay, 1, 2}, {verbMonthDay, 1, 2}, {dayMonth, 2, 1}, {dayOfVerbMonth, 2, 1}} {
		s = p.re.ReplaceAllStringFunc(s, func(d string) string {
			g := p.re.FindStringSubmatch(d)
			to := chineseDate(g[p.monthAt], g[p.dayAt], d)
			if syn != nil && to != d {
				*syn = append(*syn, SynonymUse{From: d, To: to})
			}
			return to
		})
	}
	return s
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
