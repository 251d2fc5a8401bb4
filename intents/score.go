package intents

// Scoring: how much a word weighs, how well each FAQ covers a question,
// and the decision between answer, clarify and fallback.

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

func idf(n float64, df int) float64 {
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// indexBigrams adds the bigrams of texts to document i's postings.
func (m *Matcher) indexBigrams(i int32, texts []string) {
	if m.bigrams == nil {
		m.bigrams = map[bigram][]int32{}
	}
	for _, t := range texts {
		m.eachBigram(m.analyse(t, nil).runs, func(b bigram) {
			ps := m.bigrams[b]
			if len(ps) == 0 || ps[len(ps)-1] != i {
				m.bigrams[b] = append(ps, i)
			}
		})
	}
}

// eachBigram calls f for every bigram of runs, once each per call.
func (m *Matcher) eachBigram(runs []string, f func(bigram)) {
	var seenBuf [48]bigram
	seen := seenBuf[:0]
	for _, r := range runs {
		prev := rune(-1)
		for _, c := range r {
			if prev >= 0 && (prev >= utf8.RuneSelf || c >= utf8.RuneSelf) {
				// ASCII words are whole tokens already; bigrams are
				// for Chinese text.
				b := bigram{prev, c}
				dup := false
				for _, x := range seen {
					if x == b {
						dup = true
						break
					}
				}
				if !dup {
					seen = append(seen, b)
					f(b)
				}
			}
			prev = c
		}
	}
}

// bigramShares returns, for every document that knows a bigram of runs, the
// share of the runs' bigram weight it knows.
func (m *Matcher) bigramShares(runs []string) map[int32]float64 {
	if m.cfg.Rules.Scoring.Bigram == 0 {
		return nil
	}
	total := 0.0
	var shares map[int32]float64
	m.eachBigram(runs, func(b bigram) {
		w, ok := m.bigramIDF[b]
		if !ok {
			total += m.unknownBigram
			return
		}
		total += w
		if shares == nil {
			shares = make(map[int32]float64, 8)
		}
		for _, i := range m.bigrams[b] {
			shares[i] += w
		}
	})
	for i := range shares {
		shares[i] /= total
	}
	return shares
}

// weight is how much a word says about which FAQ is meant: rare words say
// more; a word no FAQ knows weighs unknown_word, so that it pulls every
// FAQ's coverage down.
func (m *Matcher) weight(w string) float64 {
	if v, ok := m.idf[w]; ok {
		return v
	}
	sc := &m.cfg.Rules.Scoring
	if m.foreign[w] {
		// A subject the FAQ does not cover (收费, 多久): as heavy as any
		// unknown word, however everyday.
		return sc.UnknownWord
	}
	if utf8.RuneCountInString(w) == 1 {
		// A lone character is usually a segmentation leftover, not a topic.
		return sc.UnknownWord / 3
	}
	if freq, pos, ok := m.dict.Find([]byte(w)); ok && freq >= sc.CommonWord && !strings.HasPrefix(pos, "n") && !m.domain[w] {
		// An everyday verb or adverb (变成, 打开) says little about the
		// question's subject; a noun (火车票, 汇率, 香港) or a rare word
		// says it is about something else.
		return sc.UnknownWord / 3
	}
	return sc.UnknownWord
}

// scored is one document's score for one question.
type scored struct {
	doc                           int
	score                         float64
	coverage, alternate, keywords float64
	bigram                        float64 // share of the question's bigram weight the FAQ knows
	bestAlt                       int     // the alternate that gave alternate; -1 when none shares a word
	negative                      bool
	unmet                         bool // none of the FAQ's required words is present
}

// boost raises the scores of the context's FAQs and re-ranks.
func (m *Matcher) boost(ranked []scored, c Context) {
	b := m.cfg.Rules.Context
	for i := range ranked {
		d := &m.docs[ranked[i].doc]
		if d.no == 0 || ranked[i].score <= 0 {
			continue
		}
		if c.Topic != "" && d.topic == c.Topic {
			ranked[i].score += b.TopicBoost
		}
		if c.LastFAQ != 0 && d.no == c.LastFAQ {
			ranked[i].score += b.LastFAQBoost
		}
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
}

func (m *Matcher) score(a analysis) []scored {
	words := a.words
	if len(words) == 0 {
		return nil
	}
	sc := m.cfg.Rules.Scoring
	// Word weights are computed once per question: weight may look the
	// word up in gse's dictionary.
	var buf [16]float64
	ws := buf[:0]
	total := 0.0
	for _, w := range words {
		x := m.weight(w)
		ws = append(ws, x)
		total += x
	}
	bi := m.bigramShares(a.runs)
	// Only documents that know at least one word or bigram can score
	// above zero.
	var ranked []scored
	seen := make(map[int32]bool, 8)
	for _, w := range words {
		for _, i := range m.postings[w] {
			if seen[i] {
				continue
			}
			seen[i] = true
			ranked = append(ranked, m.scoreDoc(int(i), words, ws, total, bi[i], sc))
		}
	}
	for i, share := range bi {
		if !seen[i] {
			seen[i] = true
			ranked = append(ranked, m.scoreDoc(int(i), words, ws, total, share, sc))
		}
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return ranked[i].doc < ranked[j].doc
	})
	return ranked
}

// scoreDoc scores document i; ws holds the weights of words and total
// their sum.
func (m *Matcher) scoreDoc(i int, words []string, ws []float64, total, bigramShare float64, sc Scoring) scored {
	d := &m.docs[i]
	s := scored{doc: i, bigram: bigramShare, bestAlt: -1}
	covered := 0.0
	for k, w := range words {
		switch {
		case d.vocab[w]:
			covered += ws[k]
		case d.answer[w]:
			covered += sc.AnswerText * ws[k]
		}
	}
	s.coverage = covered / total
	// shared[j] is the weight alternate j shares with the question.
	var buf [64]float64
	var shared []float64
	if len(d.alts) <= len(buf) {
		shared = buf[:len(d.alts)]
	} else {
		shared = make([]float64, len(d.alts))
	}
	for _, w := range words {
		for _, r := range d.altsOf[w] {
			shared[r.alt] += r.weight
		}
	}
	for j := range d.alts {
		if shared[j] == 0 {
			continue
		}
		if dice := 2 * shared[j] / (total + d.alts[j].weight); dice > s.alternate {
			s.alternate, s.bestAlt = dice, j
		}
	}
	kw := 0.0
	for _, k := range d.keywords {
		if hasAll(words, k.words) {
			kw += k.weight
		}
	}
	s.keywords = kw / (kw + sc.KeywordSaturation)
	s.score = sc.Coverage*s.coverage + sc.Alternate*s.alternate + sc.Keywords*s.keywords + sc.Bigram*s.bigram
	for _, n := range d.negatives {
		if hasAll(words, n.words) {
			s.negative = true
			s.score *= sc.Negative
			break
		}
	}
	if !m.meets(d, words) {
		s.unmet = true
		s.score *= sc.Unmet
	}
	return s
}

// meets reports whether the question names one of the FAQ's required
// words (always true for a FAQ that requires none).
func (m *Matcher) meets(d *doc, words []string) bool {
	if len(d.requires) == 0 {
		return true
	}
	for _, r := range d.requires {
		if hasAll(words, r.words) {
			return true
		}
	}
	return false
}

func hasAll(words, need []string) bool {
	if len(need) == 0 {
		return false
	}
	for _, w := range need {
		if !containsWord(words, w) {
			return false
		}
	}
	return true
}

func (m *Matcher) decide(ranked []scored) Decision {
	t := m.cfg.Rules.Thresholds
	if len(ranked) == 0 {
		return Decision{Kind: KindFallback, Intent: "fallback"}
	}
	best := ranked[0]
	second := 0.0
	if len(ranked) > 1 {
		second = ranked[1].score
	}
	top := &m.docs[best.doc]
	if best.score >= t.Answer && best.score-second >= t.Margin {
		if top.no == 0 {
			return Decision{Kind: KindSmallTalk, Intent: top.name, Score: best.score}
		}
		return Decision{Kind: KindAnswer, FAQ: top.no, Intent: top.name, Score: best.score}
	}
	var sugg []int
	var firstScore float64
	for _, r := range ranked {
		if len(sugg) == t.MaxSuggestions || r.score < t.Clarify {
			break
		}
		// Offer only FAQs close to the best: a clarification lists
		// alternatives, not everything that scored.
		if d := &m.docs[r.doc]; d.no != 0 && best.score-r.score < 2*t.Margin+0.05 {
			if len(sugg) == 0 {
				firstScore = r.score
			}
			sugg = append(sugg, d.no)
		}
	}
	// One suggestion alone must be stronger: offering a single weak FAQ
	// to an out-of-scope question is a wrong answer in disguise.
	if len(sugg) == 1 && firstScore < t.ClarifySingle {
		sugg = nil
	}
	if len(sugg) > 0 {
		return Decision{Kind: KindClarify, Intent: "clarify", Score: best.score, Suggestions: sugg}
	}
	return Decision{Kind: KindFallback, Intent: "fallback", Score: best.score}
}
