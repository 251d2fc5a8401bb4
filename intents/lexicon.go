package intents

import (
	_ "embed"
	"strings"
)

// englishTerm is one entry of the bilingual lexicon: an English term and
// the Chinese word it means in this domain.
type englishTerm struct{ en, zh string }

// englishLexicon maps the English terms foreign HR staff and employees use
// (work permit, e-social security card, dispatch letter…) to the Chinese
// words of the FAQ, which the synonym table then maps to their canonical
// form. It is a fact of the two languages in this domain, the same whatever
// FAQs exist, so it is embedded rather than tuned: operators add English
// variants to intents.yaml's synonyms as they would Chinese ones, and those
// win over the lexicon.
var englishLexicon = parseLexicon(lexiconData)

//go:embed lexicon_en.txt
var lexiconData string

// englishStopwords are generic English words that name no subject
// (stopwords_en.txt): ignored like intents.yaml's stop words, unless the
// rules or the lexicon use the word.
var englishStopwords = parseWords(stopwordsData)

//go:embed stopwords_en.txt
var stopwordsData string

// parseWords returns the lines of data, trimmed, without blank lines and
// comments (# first).
func parseWords(data string) []string {
	var out []string
	for line := range strings.Lines(data) {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			out = append(out, line)
		}
	}
	return out
}

// parseLexicon reads "english<TAB>中文" lines; # starts a comment. English
// terms are normalised here and stemmed by New, as variants are. The embedded file is
// checked by a test, so a malformed line is skipped rather than reported.
func parseLexicon(data string) []englishTerm {
	var out []englishTerm
	for _, line := range parseWords(data) {
		en, zh, ok := strings.Cut(line, "\t")
		en, zh = norm(en), strings.TrimSpace(zh)
		if !ok || en == "" || zh == "" {
			continue
		}
		out = append(out, englishTerm{en: en, zh: zh})
	}
	return out
}
