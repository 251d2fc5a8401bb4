package intents

import (
	"fmt"
	"sort"
	"strings"

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
	// Topic is the topic the question names (of its first topic word),
	// empty when it names none. A conversation takes it as its context
	// even when the question itself cannot be answered.
	Topic string
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
	foreign  map[string]bool   // out_of_scope words: subjects no FAQ covers
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
	domain := append(append([]string(nil), r.Domain...), r.OutOfScope...)
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
	m.foreign = map[string]bool{}
	for _, w := range r.OutOfScope {
		for _, c := range m.words(w, nil) {
			if _, known := m.idf[c]; known {
				return nil, fmt.Errorf("%s: out_of_scope: %q is a word FAQs know (from their questions, alternates, keywords or answers); remove it from out_of_scope or from the FAQ", cfg.IntentsFile, w)
			}
			m.foreign[c] = true
		}
	}
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

// phrase turns configuration text into canonical words.
func (m *Matcher) phrase(text string, weight float64) phrase {
	return phrase{text: text, words: m.words(text, nil), weight: weight}
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
	var foreign string
	for _, w := range a.words {
		if t := m.topicOf[w]; t != "" && !d.NamesTopic {
			d.NamesTopic, d.Topic = true, t
		}
		if _, known := m.idf[w]; !known && m.weight(w) >= m.cfg.Rules.Scoring.UnknownWord {
			d.Unknown++
		}
		if m.foreign[w] && foreign == "" {
			foreign = w
		}
	}
	if foreign != "" && (d.Kind == KindAnswer || d.Kind == KindClarify) {
		// 换电子证照收费吗 is about fees, which no FAQ covers, whatever its
		// other words match: an answer about 换发 would not answer it.
		d = Decision{Kind: KindFallback, Intent: "fallback", Score: d.Score, NamesTopic: d.NamesTopic, Topic: d.Topic, Unknown: d.Unknown}
		if explain {
			e := m.explain(a, syn, ranked, d)
			e.Rule = fmt.Sprintf("fallback: the question asks about %q, a subject of out_of_scope that no FAQ covers", foreign)
			d.Explanation = e
		}
		return d
	}
	if explain {
		d.Explanation = m.explain(a, syn, ranked, d)
	}
	return d
}

// Config returns the configuration the matcher was built from.
func (m *Matcher) Config() *Config { return m.cfg }

// Topic returns the topic called name, and whether there is one.
func (m *Matcher) Topic(name string) (Topic, bool) {
	t, ok := m.topics[name]
	return t, ok
}

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

// Shares reports whether text holds a word FAQ no knows (from its question,
// alternates, keywords or answer). A follow-up completed from the
// conversation's topic must still say something of its own about the FAQ
// it gets: 要交什么 shares 材料 with FAQ 15, while 要多久 shares nothing with
// any FAQ and must not be answered by the topic's words alone.
func (m *Matcher) Shares(text string, no int) bool {
	for i := range m.docs {
		d := &m.docs[i]
		if d.no != no {
			continue
		}
		for _, w := range m.words(text, nil) {
			if d.vocab[w] || d.answer[w] {
				return true
			}
		}
	}
	return false
}
