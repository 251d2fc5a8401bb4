package intents

import (
	_ "embed"
	"strings"
)

// lexiconTerm is one entry of a lexicon: a term (English in the
// bilingual lexicon, colloquial Chinese in the Chinese one) and the
// Chinese word it means in this domain.
type lexiconTerm struct{ from, to string }

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

// chineseLexicon maps colloquial and alternative Chinese words (老外,
// 跳槽, 价格, 延长) to the word official texts use for the same thing
// (外国人, 变更用人单位, 费用, 延期), which the synonym table then maps to
// its canonical form (lexicon_zh.txt). Like the English lexicon it is a
// fact of the language, the same whatever FAQs exist: it lets a question
// in everyday words reach a FAQ an operator adds in official ones, with
// five alternates that cannot hold every way of saying it. The rules win:
// a word intents.yaml names (a synonym variant or canonical word, a
// domain word, a topic term) keeps its meaning there.
var chineseLexicon = parseLexicon(lexiconZhData)

//go:embed lexicon_zh.txt
var lexiconZhData string

// englishStopwords are generic English words that name no subject
// (stopwords_en.txt): ignored like intents.yaml's stop words, unless the
// rules or the lexicon use the word.
var englishStopwords = parseWords(stopwordsData)

//go:embed stopwords_en.txt
var stopwordsData string

// englishCourtesies are English formulas of courtesy (courtesies_en.txt),
// dropped whole before a message's phrases are read (dropCourtesies).
var englishCourtesies = parseWords(courtesiesData)

//go:embed courtesies_en.txt
var courtesiesData string

// chineseStopwords are generic Chinese words that name no subject
// (stopwords_zh.txt): ignored like intents.yaml's stop words, unless the
// rules name the word or a FAQ's text or alternates use it.
var chineseStopwords = parseWords(stopwordsZhData)

//go:embed stopwords_zh.txt
var stopwordsZhData string

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

// parseLexicon reads "term<TAB>中文" lines; # starts a comment. Terms
// are normalised here and stemmed by New, as variants are. The embedded
// files are checked by TestLexiconFiles, so a malformed line is skipped
// rather than reported.
func parseLexicon(data string) []lexiconTerm {
	var out []lexiconTerm
	for _, line := range parseWords(data) {
		from, to, ok := strings.Cut(line, "\t")
		from, to = norm(from), strings.TrimSpace(to)
		if !ok || from == "" || to == "" {
			continue
		}
		out = append(out, lexiconTerm{from: from, to: to})
	}
	return out
}
