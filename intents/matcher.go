package intents

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// Kind is what the matcher decided to do with a question.
type Kind string

// The kinds of decision.
const (
	KindAnswer    Kind = "answer"    // one FAQ clearly fits
	KindClarify   Kind = "clarify"   // a few FAQs are close: ask which one
	KindFallback  Kind = "fallback"  // nothing fits: say so honestly
	KindSmallTalk Kind = "smalltalk" // greeting, thanks, human, help
)

// Decision is the matcher's verdict on one question.
type Decision struct {
	Kind Kind
	// FAQ is the answered FAQ's number, 0 unless Kind is answer.
	FAQ int
	// Intent is the FAQ id for an answer, the small-talk intent's name,
	// "clarify" or "fallback".
	Intent string
	Score  float64
	// Suggestions are the FAQ numbers offered by a clarification, best first.
	Suggestions []int
	// NamesTopic reports whether the question names a topic itself (a word
	// of some topic's terms); such a question is complete and must not be
	// completed from an earlier turn's context.
	NamesTopic bool
	// Unknown counts the question's words that no FAQ knows and that are
	// not everyday verbs or single characters (医保, 报销): a question with
	// such words is about something else, and no earlier context should
	// bend it to a FAQ.
	Unknown int
	// Explanation is set by Explain only.
	Explanation *Explanation
}

// Matcher picks the FAQ that answers a question. It does no I/O and is safe
// for concurrent use; it is never modified after New returns, so a new
// configuration means a new Matcher.
type Matcher struct {
	cfg *Config
	// cut and dict are the Segmenter's, held as a function and the
	// dictionary rather than the *gse.Segmenter: a Segmenter value reachable
	// by reflection (html/template in the console) makes the linker keep
	// gse's 30 MB of embedded dictionaries in the binary.
	cut  func(string, ...bool) []string
	dict *gse.Dictionary

	fillers  []string          // longest first
	phrases  []phraseVariant   // variants gse cannot keep whole; longest first
	domain   map[string]bool   // domain words, synonyms and keywords
	stop     map[string]bool   // normalised stop words
	canon    map[string]string // variant → canonical
	idf      map[string]float64
	docs     []doc
	postings map[string][]int32 // canonical word → indexes of docs that know it
	// bigrams indexes the character bigrams of every FAQ's question,
	// alternates and keywords (as canonical words) by document; bigramIDF
	// weighs them like idf weighs words.
	bigrams   map[bigram][]int32
	bigramIDF map[bigram]float64
	// unknownBigram is the weight of a bigram no document knows: that of a
	// bigram known to one document.
	unknownBigram float64
	topicOf       map[string]string // canonical topic term → topic name
	topics        map[string]Topic
	small         []smallExample // longest first
	cues          []smallCue
}

// smallCue is a word that makes a short message no FAQ fits small talk.
type smallCue struct {
	text, intent string
	weight       float64
}

// doc is everything one FAQ or small-talk intent is matched against.
type doc struct {
	no        int    // FAQ number; 0 for small talk
	name      string // FAQ id or small-talk name
	topic     string
	vocab     map[string]bool // words of the question, alternates and keywords
	answer    map[string]bool // words found only in the answer text
	keywords  []phrase
	negatives []phrase
	requires  []phrase // the FAQ's subject: a question must name one of them
	alts      []phrase // the question and its alternates; weight = sum of word weights
	// altsOf indexes alts by word, so that a question's overlap with every
	// alternate costs one lookup per question word.
	altsOf map[string][]altRef
}

// bigram is two adjacent characters of a run of canonical words.
type bigram [2]rune

// altRef is one occurrence of a word in alternate alt.
type altRef struct {
	alt    int32
	weight float64
}

// phrase is a keyword or alternate question as canonical words.
type phrase struct {
	text   string
	words  []string
	weight float64
	ws     []float64 // alternates only: the weight of each word, fixed at build
}

// phraseVariant is a synonym variant that gse cannot keep as one token
// (work permit card, e-card, 0755-88121678): it is replaced by its canonical
// word in the normalised text before segmentation.
type phraseVariant struct {
	from, to string
}

type smallExample struct {
	text   string // normalised, without spaces
	intent string
}

// New builds a Matcher for a validated configuration.
func New(cfg *Config) (*Matcher, error) {
	r := &cfg.Rules
	m := &Matcher{
		cfg:      cfg,
		stop:     map[string]bool{},
		canon:    map[string]string{},
		idf:      map[string]float64{},
		postings: map[string][]int32{},
		topicOf:  map[string]string{},
		topics:   map[string]Topic{},
	}
	domain := append([]string(nil), r.Domain...)
	for _, g := range r.Synonyms {
		c := norm(g.Canonical)
		domain = append(domain, c)
		for _, v := range g.Variants {
			n := norm(v)
			if isPhraseVariant(n) {
				m.phrases = append(m.phrases, phraseVariant{from: n, to: c})
				continue
			}
			m.canon[n] = c
			domain = append(domain, n)
		}
	}
	sort.SliceStable(m.phrases, func(i, j int) bool { return len(m.phrases[i].from) > len(m.phrases[j].from) })
	for i, w := range domain {
		domain[i] = norm(w)
	}
	for _, w := range r.Stopwords {
		m.stop[norm(w)] = true
	}
	for _, f := range r.Fillers {
		if n := strings.ReplaceAll(norm(f), " ", ""); n != "" {
			m.fillers = append(m.fillers, n)
		}
	}
	sort.SliceStable(m.fillers, func(i, j int) bool { return len(m.fillers[i]) > len(m.fillers[j]) })
	// Keywords and topic terms must survive segmentation whole too.
	for _, fr := range r.FAQs {
		for k := range fr.Keywords {
			domain = append(domain, norm(k))
		}
		for _, k := range fr.Requires {
			domain = append(domain, norm(k))
		}
	}
	for _, t := range r.Topics {
		for _, term := range t.Terms {
			domain = append(domain, norm(term))
		}
	}
	m.domain = make(map[string]bool, len(domain))
	for _, w := range domain {
		m.domain[w] = true
	}
	seg := newSegmenter(domain)
	m.cut, m.dict = seg.Cut, seg.Dict

	for _, t := range r.Topics {
		m.topics[t.Name] = t
		for _, term := range t.Terms {
			for _, w := range m.words(term, nil) {
				m.topicOf[w] = t.Name
			}
		}
	}
	m.buildDocs()
	for _, st := range r.SmallTalk {
		for _, ex := range st.Examples {
			if n := strings.ReplaceAll(norm(ex), " ", ""); n != "" {
				m.small = append(m.small, smallExample{text: n, intent: st.Name})
			}
		}
	}
	sort.SliceStable(m.small, func(i, j int) bool { return len(m.small[i].text) > len(m.small[j].text) })
	for _, st := range r.SmallTalk {
		for _, k := range sortedKeys(st.Cues) {
			m.cues = append(m.cues, smallCue{text: norm(k), intent: st.Name, weight: st.Cues[k]})
		}
	}
	return m, nil
}

func (m *Matcher) buildDocs() {
	r := &m.cfg.Rules
	for _, fr := range r.FAQs {
		f := m.cfg.FAQ(fr.No)
		d := doc{no: f.No, name: f.ID, topic: fr.Topic, vocab: map[string]bool{}, answer: map[string]bool{}}
		d.alts = append(d.alts, m.phrase(f.Question, 0))
		for _, a := range fr.Alternates {
			d.alts = append(d.alts, m.phrase(a, 0))
		}
		for _, k := range sortedKeys(fr.Keywords) {
			d.keywords = append(d.keywords, m.phrase(k, fr.Keywords[k]))
		}
		for _, n := range fr.Negative {
			d.negatives = append(d.negatives, m.phrase(n, 1))
		}
		for _, n := range fr.Requires {
			d.requires = append(d.requires, m.phrase(n, 1))
		}
		for _, p := range append(d.alts, d.keywords...) {
			for _, w := range p.words {
				d.vocab[w] = true
			}
		}
		for _, w := range m.words(f.Answer, nil) {
			if !d.vocab[w] {
				d.answer[w] = true
			}
		}
		texts := append([]string{f.Question}, fr.Alternates...)
		texts = append(texts, sortedKeys(fr.Keywords)...)
		m.docs = append(m.docs, d)
		m.indexBigrams(int32(len(m.docs)-1), texts)
	}
	for _, st := range r.SmallTalk {
		if len(st.Keywords) == 0 {
			continue // greeting and thanks are recognised by their examples only
		}
		d := doc{name: st.Name, vocab: map[string]bool{}, answer: map[string]bool{}}
		for _, ex := range st.Examples {
			d.alts = append(d.alts, m.phrase(ex, 0))
		}
		for _, k := range sortedKeys(st.Keywords) {
			d.keywords = append(d.keywords, m.phrase(k, st.Keywords[k]))
		}
		for _, p := range append(d.alts, d.keywords...) {
			for _, w := range p.words {
				d.vocab[w] = true
			}
		}
		m.docs = append(m.docs, d)
		m.indexBigrams(int32(len(m.docs)-1), append(append([]string(nil), st.Examples...), sortedKeys(st.Keywords)...))
	}

	df := map[string]int{}
	for i, d := range m.docs {
		for w := range d.vocab {
			df[w]++
			m.postings[w] = append(m.postings[w], int32(i))
		}
		for w := range d.answer {
			df[w]++
			m.postings[w] = append(m.postings[w], int32(i))
		}
	}
	n := float64(len(m.docs))
	for w, c := range df {
		m.idf[w] = idf(n, c)
	}
	m.bigramIDF = make(map[bigram]float64, len(m.bigrams))
	for b, ds := range m.bigrams {
		m.bigramIDF[b] = idf(n, len(ds))
	}
	m.unknownBigram = idf(n, 1)
	for i := range m.docs {
		for j := range m.docs[i].alts {
			a := &m.docs[i].alts[j]
			a.weight = 0
			a.ws = make([]float64, len(a.words))
			for k, w := range a.words {
				a.ws[k] = m.weight(w)
				a.weight += a.ws[k]
			}
			if m.docs[i].altsOf == nil {
				m.docs[i].altsOf = map[string][]altRef{}
			}
			for k, w := range a.words {
				m.docs[i].altsOf[w] = append(m.docs[i].altsOf[w], altRef{alt: int32(j), weight: a.ws[k]})
			}
		}
	}
}

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

// phrase turns configuration text into canonical words.
func (m *Matcher) phrase(text string, weight float64) phrase {
	return phrase{text: text, words: m.words(text, nil), weight: weight}
}

// weight is how much a word says about which FAQ is meant: rare words say
// more; a word no FAQ knows weighs unknown_word, so that it pulls every
// FAQ's coverage down.
func (m *Matcher) weight(w string) float64 {
	if v, ok := m.idf[w]; ok {
		return v
	}
	sc := &m.cfg.Rules.Scoring
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

// analysis is a question cut into canonical words.
type analysis struct {
	normalized string
	words      []string // canonical, no stop words, no duplicates
	// runs are the canonical words in text order, joined where no stop word
	// or space separates them (审核中的工作许可通知会 → 在途业务,
	// 工作许可通知会): their character bigrams survive a word cut in the
	// wrong place.
	runs []string
	// plain is the text's tokens without spaces, each domain word replaced
	// by |, where small-talk cues are looked for: 人工 in 接个人工, not in
	// 外国人工作许可.
	plain    string
	synonyms []SynonymUse
}

// trimGlued undoes a common slip of gse's HMM, which makes words of
// characters it has not seen together (能换, 想加载, 没带): a word that is in
// neither the dictionary nor the rules loses the stop-word characters at
// its ends (能换 → 换, 想加载 → 加载).
func (m *Matcher) trimGlued(tok string) string {
	if utf8.RuneCountInString(tok) < 2 || m.domain[tok] || m.stop[tok] {
		return tok
	}
	if _, ok := m.canon[tok]; ok {
		return tok
	}
	if _, _, ok := m.dict.Find([]byte(tok)); ok {
		return tok
	}
	glue := func(c string) bool { return m.stop[c] && !strings.Contains(countWords, c) }
	orig := tok
	for {
		_, n := utf8.DecodeRuneInString(tok)
		if n == len(tok) || !glue(tok[:n]) {
			break
		}
		tok = tok[n:]
	}
	for {
		_, n := utf8.DecodeLastRuneInString(tok)
		if n == len(tok) || !glue(tok[len(tok)-n:]) {
			break
		}
		tok = tok[:len(tok)-n]
	}
	if _, known := m.idf[tok]; utf8.RuneCountInString(tok) == 1 && !known && !m.domain[tok] && m.canon[tok] == "" {
		// 限是 → 限: a lone character no FAQ knows says no more than the
		// glued word did, and would weigh less: keep the unknown word whole.
		return orig
	}
	return tok
}

// countWords are stop words that begin real words (个税, 一卡通, 多久) and
// so are never trimmed from an unknown word.
const countWords = "个一些几多少"

// stopLeftover reports whether tok is a word the segmenter glued together
// from stop words (那要, 还要吗): unknown to the dictionary and the FAQs,
// and made only of characters that are stop words on their own.
func (m *Matcher) stopLeftover(tok string) bool {
	if utf8.RuneCountInString(tok) < 2 || m.domain[tok] {
		return false
	}
	if _, ok := m.canon[tok]; ok {
		return false
	}
	for _, r := range tok {
		if !m.stop[string(r)] {
			return false
		}
	}
	if _, _, ok := m.dict.Find([]byte(tok)); ok {
		return m.stop[tok]
	}
	return true
}

// words returns the canonical, de-duplicated, non-stop words of text.
func (m *Matcher) words(text string, syn *[]SynonymUse) []string {
	return m.analyse(text, syn).words
}

func (m *Matcher) analyse(text string, syn *[]SynonymUse) analysis {
	n := norm(text)
	n = stripFillers(n, m.fillers)
	n = m.replacePhrases(n, syn)
	var out, runs []string
	var run, plain strings.Builder
	flush := func() {
		if run.Len() > 0 {
			runs = append(runs, run.String())
			run.Reset()
		}
	}
	for _, tok := range m.cut(n, true) {
		tok = strings.TrimSpace(tok)
		if m.domain[tok] {
			plain.WriteByte('|')
		} else {
			plain.WriteString(tok)
		}
		tok = m.trimGlued(tok)
		if tok == "" || m.stop[tok] || m.stopLeftover(tok) {
			flush()
			continue
		}
		if c, ok := m.canon[tok]; ok {
			if syn != nil && c != tok {
				*syn = append(*syn, SynonymUse{From: tok, To: c})
			}
			tok = c
		}
		if m.stop[tok] {
			flush()
			continue
		}
		run.WriteString(tok)
		if !containsWord(out, tok) {
			out = append(out, tok)
		}
	}
	flush()
	return analysis{normalized: strings.TrimSpace(n), words: out, runs: runs, plain: plain.String()}
}

// isPhraseVariant reports whether a normalised synonym variant must be
// matched as a string rather than as a token: it holds a space or a
// character (- . * + @ _) at which gse splits.
func isPhraseVariant(n string) bool {
	return strings.ContainsAny(n, " -.*+@_")
}

// replacePhrases replaces every phrase variant in normalised text n by its
// canonical word, longest variant first. A variant that starts or ends with
// an ASCII letter or digit matches only at an ASCII word boundary, so that
// card does not match inside cards' neighbours (e-cards, scard). Every
// phrase variant holds an ASCII character, so a text without one is
// returned at once.
func (m *Matcher) replacePhrases(n string, syn *[]SynonymUse) string {
	if len(m.phrases) == 0 || !hasASCII(n) {
		return n
	}
	for _, p := range m.phrases {
		if !strings.Contains(n, p.from) {
			continue
		}
		var b strings.Builder
		rest := n
		replaced := false
		for {
			i := strings.Index(rest, p.from)
			if i < 0 {
				break
			}
			j := i + len(p.from)
			if (isASCIIAlnum(p.from[0]) && i > 0 && isASCIIAlnum(rest[i-1])) ||
				(isASCIIAlnum(p.from[len(p.from)-1]) && j < len(rest) && isASCIIAlnum(rest[j])) {
				// Inside a longer ASCII word: keep it and look further.
				b.WriteString(rest[:i+1])
				rest = rest[i+1:]
				continue
			}
			b.WriteString(rest[:i])
			b.WriteString(" " + p.to + " ")
			rest = rest[j:]
			replaced = true
		}
		if !replaced {
			continue
		}
		b.WriteString(rest)
		n = b.String()
		if syn != nil {
			*syn = append(*syn, SynonymUse{From: p.from, To: p.to})
		}
	}
	return n
}

func hasASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			return true
		}
	}
	return false
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// Match decides what to do with a question.
func (m *Matcher) Match(text string) Decision { return m.match(text, false, nil) }

// Explain is Match plus an Explanation of the decision, for operators.
func (m *Matcher) Explain(text string) Decision { return m.match(text, true, nil) }

// Context is what an earlier turn of the conversation says the question is
// about: the topic and the FAQ last answered.
type Context struct {
	Topic   string
	LastFAQ int
}

// MatchInContext is Match for a follow-up question: FAQs of the
// conversation's topic, and the FAQ last answered, get the boosts set in
// intents.yaml (context.topic_boost, context.last_faq_boost) before the
// decision. Only FAQs the question itself matched are boosted, so a
// question with nothing in common with the FAQs still falls back.
func (m *Matcher) MatchInContext(text string, c Context) Decision { return m.match(text, false, &c) }

// ExplainInContext is MatchInContext plus an Explanation.
func (m *Matcher) ExplainInContext(text string, c Context) Decision { return m.match(text, true, &c) }

// scored is one document's score for one question.
type scored struct {
	doc                           int
	score                         float64
	coverage, alternate, keywords float64
	bigram                        float64 // share of the question's bigram weight the FAQ knows
	negative                      bool
	unmet                         bool // none of the FAQ's required words is present
}

func (m *Matcher) match(text string, explain bool, c *Context) Decision {
	var syn []SynonymUse
	var synp *[]SynonymUse
	if explain {
		synp = &syn
	}
	if intent, ok := m.smallTalk(text); ok {
		d := Decision{Kind: KindSmallTalk, Intent: intent, Score: 1}
		if explain {
			a := m.analyse(text, synp)
			d.Explanation = &Explanation{Normalized: a.normalized, Tokens: a.words, Synonyms: syn,
				Rule: fmt.Sprintf("small talk: the message is an example of %q", intent)}
		}
		return d
	}
	a := m.analyse(text, synp)
	ranked := m.score(a)
	if c != nil {
		m.boost(ranked, *c)
	}
	d := m.decide(ranked)
	if d.Kind == KindFallback {
		if intent, weight, hits := m.cueSmallTalk(a); intent != "" {
			d = Decision{Kind: KindSmallTalk, Intent: intent, Score: d.Score}
			if explain {
				e := m.explain(a, syn, ranked, d)
				e.Rule = fmt.Sprintf("small talk: no FAQ fits (%s) and the short message holds %s cues %s, weight %g ≥ thresholds.smalltalk_cues %g",
					m.rule(ranked, Decision{Kind: KindFallback}), intent, strings.Join(hits, ", "), weight, m.cfg.Rules.Thresholds.SmallTalkCues)
				d.Explanation = e
			}
			return d
		}
	}
	for _, w := range a.words {
		if m.topicOf[w] != "" {
			d.NamesTopic = true
		}
		if _, known := m.idf[w]; !known && m.weight(w) >= m.cfg.Rules.Scoring.UnknownWord {
			d.Unknown++
		}
	}
	if explain {
		d.Explanation = m.explain(a, syn, ranked, d)
	}
	return d
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

// smallTalk recognises a message made only of small-talk examples
// (你好 / 好的谢谢 / 转人工): a greeting in front of a real question is not
// small talk, the question is.
func (m *Matcher) smallTalk(text string) (string, bool) {
	s := strings.ReplaceAll(norm(text), " ", "")
	if s == "" || utf8.RuneCountInString(s) > maxSmallTalk {
		// Longer messages are questions, perhaps with a greeting in front.
		return "", false
	}
	best := ""
	for _, ex := range m.small {
		if strings.Contains(s, ex.text) {
			if best == "" {
				best = ex.intent
			}
			s = strings.ReplaceAll(s, ex.text, "")
		}
	}
	if best == "" {
		return "", false
	}
	// What is left must be particles and stop words only (可以, 吗, 老师).
	// A long rest is a question with a greeting in front: no need to
	// segment it to know (this keeps a second cut off the common path).
	if utf8.RuneCountInString(s) > maxSmallTalkRest || len(m.analyse(s, nil).words) > 0 {
		return "", false
	}
	return best, true
}

// cueSmallTalk returns the small-talk intent whose cues a short message
// holds with the most weight, if that weight reaches
// thresholds.smalltalk_cues, with the weight and the cues found.
func (m *Matcher) cueSmallTalk(a analysis) (string, float64, []string) {
	if len(m.cues) == 0 || m.cfg.Rules.Thresholds.SmallTalkCues == 0 || utf8.RuneCountInString(a.plain) > maxSmallTalk {
		return "", 0, nil
	}
	var weights map[string]float64
	best, bestW := "", 0.0
	for _, c := range m.cues {
		if !strings.Contains(a.plain, c.text) {
			continue
		}
		if weights == nil {
			weights = map[string]float64{}
		}
		weights[c.intent] += c.weight
		if w := weights[c.intent]; w > bestW || w == bestW && c.intent < best {
			best, bestW = c.intent, w
		}
	}
	if best == "" || bestW < m.cfg.Rules.Thresholds.SmallTalkCues {
		return "", 0, nil
	}
	var hits []string
	for _, c := range m.cues {
		if c.intent == best && strings.Contains(a.plain, c.text) {
			hits = append(hits, c.text)
		}
	}
	return best, bestW, hits
}

// maxSmallTalkRest is the longest rest (in characters) a message may keep
// after its small-talk examples are removed and still be small talk.
const maxSmallTalkRest = 8

// maxSmallTalk is the longest message (in characters) that can be small
// talk: a few examples and particles (好的，明白了，非常感谢老师).
const maxSmallTalk = 20

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
	s := scored{doc: i, bigram: bigramShare}
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
			s.alternate = dice
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

// Config returns the configuration the matcher was built from.
func (m *Matcher) Config() *Config { return m.cfg }

// TopicOf returns the topic of FAQ no, and whether it has one.
func (m *Matcher) TopicOf(no int) (Topic, bool) {
	for _, d := range m.docs {
		if d.no == no && d.topic != "" {
			t, ok := m.topics[d.topic]
			return t, ok
		}
	}
	return Topic{}, false
}

// Words returns the canonical words the matcher sees in text; operators
// and tests use it to check segmentation.
func (m *Matcher) Words(text string) []string { return m.words(text, nil) }

// Cut returns gse's raw cut of the normalised text.
func (m *Matcher) Cut(text string) []string { return m.cut(norm(text), true) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
