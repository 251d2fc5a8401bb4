package intents

import (
	"slices"
	"sort"
	"strings"
	"sync"
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

// Decision is the matcher's verdict on one message. The matcher decides
// everything about it (decide.go); the engine applies it.
type Decision struct {
	Kind Kind
	// FAQ is the answered FAQ's number, 0 unless Kind is answer.
	FAQ int
	// Intent is the FAQ id for an answer, the small-talk intent's name,
	// "clarify" or "fallback".
	Intent string
	// Score is the model's probability of the decision: of the answered
	// FAQ, of the suggestions together for a clarification, of the best
	// FAQ for a fallback; 1 for small talk recognised by its examples.
	Score float64
	// Suggestions are the FAQ numbers offered by a clarification, best first.
	Suggestions []int
	// Topic is what the conversation is about after this message: the
	// topic of the answered FAQ, or the one the message names even when it
	// cannot be answered (换电子证照收费吗 falls back, but the next 要准备啥
	// is still about 换发). Empty when the message says nothing of it.
	Topic string
	// NotGiven is, on a fallback, what the question asks that the answer
	// of the FAQ on its subject does not give (换发电子证照要多久: how
	// long), so that the reply can say so; 0 otherwise. Never the
	// telephone: every fallback gives the desk's number.
	NotGiven Aspect
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

	fillers []string        // longest first
	phrases []phraseVariant // variants gse cannot keep whole; longest first
	// phraseIndex lists, for each ASCII word a phrase variant begins with,
	// the indexes in phrases of those that do; phrases beginning otherwise
	// are under "". A message is tried against the phrases of its own
	// words only, not against the two thousand of the lexicon.
	phraseIndex map[string][]int
	domain      map[string]bool   // domain words, synonyms and topic terms
	stop        map[string]bool   // normalised stop words
	canon       map[string]string // variant → canonical
	sounds      *soundIndex       // domain words by pinyin, for voice-input typos
	spell       *spellIndex       // English words of the vocabulary, for misspellings

	model   *model
	topicOf map[int]string // FAQ number → topic name
	// termTopic maps the canonical form of each topic term to its topic
	// (the first topic that names it).
	termTopic map[string]string
	topics    map[string]Topic
	small     []smallExample // longest first
	// smallFirst lists the small-talk examples by their first character,
	// so that a message holding none of them is known as such in one pass.
	smallFirst map[rune][]string
	cues       []smallCue
	// courtesies are the English formulas of courtesy, normalised and
	// stemmed, each with the small-talk cues it holds; longest first.
	courtesies []courtesy
	roman      *romanIndex // the domain words by their pinyin (romanised.go)
	// gives holds, by FAQ number, what its answer gives beyond its
	// subject: a duration, a price, a place, a number… (asks.go).
	gives map[int]Aspect
	// steps holds the FAQs whose answer tells steps in order (steps.go).
	steps map[int]bool
	// official holds, by FAQ number, the words of its official question
	// and answer, read as a message is: follow-ups are weighed against
	// what the answer given last says (decide.go). Read on first use
	// (officialWords), not at start-up, which does not wait for the
	// segmenter's everyday dictionary.
	official       map[int][]string
	scope          map[int]validity   // what each FAQ is for (scope.go)
	taughtValidity map[int][]validity // what its alternates say
	officialOnce   sync.Once
}

// smallCue is a word that makes a short message no FAQ fits small talk.
type smallCue struct {
	text, intent string
	weight       float64
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

// New builds a Matcher for a validated configuration: it builds the
// segmenter and learns the model from the examples. The same files always
// give the same Matcher.
func New(cfg *Config) (*Matcher, error) {
	m := untrained(cfg)
	m.model = m.train()
	return m, nil
}

// untrained builds everything of a Matcher but its model: the vocabulary,
// the segmenter and small talk.
func untrained(cfg *Config) *Matcher {
	r := &cfg.Rules
	m := &Matcher{
		cfg:     cfg,
		stop:    map[string]bool{},
		canon:   map[string]string{},
		topicOf: map[int]string{},
		topics:  map[string]Topic{},
	}
	domain := append([]string(nil), r.Domain...)
	addVariant := func(variant, canonical string) {
		n := stemText(norm(variant))
		if isPhraseVariant(n) {
			// Spaced as the text is (replacePhrases): e-card as e card.
			m.phrases = append(m.phrases, phraseVariant{from: spaceHyphens(n), to: canonical})
			return
		}
		if _, dup := m.canon[n]; !dup {
			m.canon[n] = canonical
		}
		domain = append(domain, n)
	}
	for _, g := range r.Synonyms {
		c := norm(g.Canonical)
		domain = append(domain, c)
		for _, v := range g.Variants {
			addVariant(v, c)
		}
	}
	// The rules' canonical words, before the lexicon adds its own: the
	// sound repair repairs towards the rules' words and the FAQs' (below),
	// not towards every word of the general lexicon (等寄 is not 等级).
	ruleWords := make([]string, 0, len(m.canon))
	for _, c := range m.canon {
		ruleWords = append(ruleWords, c)
	}
	for _, t := range r.Topics {
		for _, term := range t.Terms {
			domain = append(domain, norm(term))
		}
	}
	for _, w := range r.Stopwords {
		m.stop[stemText(norm(w))] = true
	}
	// The Chinese lexicon maps everyday words to official ones, and the
	// bilingual lexicon English terms to Chinese words (first, so that an
	// English term meant as an everyday word reaches the official one);
	// the synonym table then maps them to their canonical form. A word
	// the rules name (a synonym, domain or topic word, or a stop word)
	// keeps the rules' meaning.
	named := make(map[string]bool, len(domain))
	for _, w := range domain {
		named[norm(w)] = true
	}
	// The lexicons' official words are not added to the segmenter's
	// dictionary: gse may cut one written out (变更用人单位 as 变更 and
	// 用人单位) where its everyday variant (跳槽) reads as the whole word.
	// Adding them was tried and measured worse: the learned answer
	// threshold moved up a step, and five of the left-out alternates of
	// the five-alternates test and two turns of the tuning conversations
	// fell under it; for the English lexicon's targets the tuned English
	// set lost two questions.
	everyday := map[string]bool{}
	for _, e := range chineseLexicon {
		if _, known := m.canon[e.from]; !known && !named[e.from] && !m.stop[e.from] {
			addVariant(e.from, m.canonical(norm(e.to)))
			everyday[e.from] = true
		}
	}
	for _, e := range englishLexicon {
		if _, known := m.canon[stemText(e.from)]; !known {
			addVariant(e.from, m.canonical(norm(e.to)))
		}
	}
	sort.SliceStable(m.phrases, func(i, j int) bool { return len(m.phrases[i].from) > len(m.phrases[j].from) })
	m.phraseIndex = map[string][]int{}
	for i, p := range m.phrases {
		k := leadingWord(p.from)
		m.phraseIndex[k] = append(m.phraseIndex[k], i)
	}
	for i, w := range domain {
		domain[i] = norm(w)
	}
	for _, f := range r.Fillers {
		if n := strings.ReplaceAll(norm(f), " ", ""); n != "" {
			m.fillers = append(m.fillers, n)
		}
	}
	sort.SliceStable(m.fillers, func(i, j int) bool { return len(m.fillers[i]) > len(m.fillers[j]) })
	m.domain = make(map[string]bool, len(domain))
	for _, w := range domain {
		m.domain[w] = true
	}
	// Generic English words are stop words unless the rules or the
	// lexicon use them as words. One a phrase begins with (over in
	// over 90 days) is a stop word still: phrases are replaced before
	// stop words are dropped, so it is dropped only where no phrase
	// took it.
	for _, w := range englishStopwords {
		w = stemText(norm(w))
		if _, used := m.canon[w]; !used && !m.domain[w] {
			m.stop[w] = true
		}
	}
	// The words the FAQs' texts and alternates use: the canonical ones are
	// sound-repair targets (below: 体检 in a FAQ added on the health
	// check), and a generic Chinese stop word among them keeps its
	// meaning.
	var faqText strings.Builder
	for _, f := range cfg.Content.FAQs {
		faqText.WriteString(f.Question + "\n" + f.Answer + "\n")
	}
	for _, fr := range r.FAQs {
		faqText.WriteString(strings.Join(fr.Alternates, "\n") + "\n")
	}
	canonical := make([]string, 0, len(m.canon))
	for _, c := range m.canon {
		canonical = append(canonical, c)
	}
	everydayWords := make([]string, 0, len(everyday))
	for w := range everyday {
		everydayWords = append(everydayWords, w)
	}
	used := usedIn(norm(faqText.String()), append(append(canonical, chineseStopwords...), everydayWords...))
	// Generic Chinese words that name no subject (咋整, 请教, 到底;
	// normalised already, TestChineseStopwords) are stop words too,
	// unless the rules name them or a FAQ uses them.
	for _, w := range chineseStopwords {
		if !named[w] && !used[w] {
			m.stop[w] = true
		}
	}
	m.termTopic = map[string]string{}
	for _, t := range r.Topics {
		m.topics[t.Name] = t
		for _, term := range t.Terms {
			if c := m.canonical(norm(term)); m.termTopic[c] == "" {
				m.termTopic[c] = t.Name
			}
		}
	}
	examples := map[int][]string{}
	for _, fr := range r.FAQs {
		if fr.Topic != "" {
			m.topicOf[fr.No] = fr.Topic
		}
		examples[fr.No] = fr.Alternates
	}
	m.gives = make(map[int]Aspect, len(cfg.Content.FAQs))
	for _, f := range cfg.Content.FAQs {
		m.gives[f.No] = gives(f, examples[f.No])
	}
	m.steps = map[int]bool{}
	for _, f := range cfg.Content.FAQs {
		if tellsSteps(f) {
			m.steps[f.No] = true
		}
	}
	// The lexicon's words that the FAQs use are sound-repair targets too.
	for _, c := range canonical {
		if used[c] {
			ruleWords = append(ruleWords, c)
		}
	}
	// So are the everyday words the FAQs' texts use as they are (公积金 in a
	// FAQ added on the housing fund, whose official word is 住房公积金):
	// 公鸡金 is dictated for the word the FAQ uses, not its official form.
	for _, w := range everydayWords {
		if used[w] {
			ruleWords = append(ruleWords, w)
		}
	}
	soundWords := m.soundWords(ruleWords, everyday)
	m.sounds = newSoundIndex(soundWords)
	m.spell = m.newSpellIndex()
	for _, st := range r.SmallTalk {
		for _, ex := range st.Examples {
			if n := compact(stemText(norm(ex))); n != "" {
				m.small = append(m.small, smallExample{text: n, intent: st.Name})
			}
		}
	}
	sort.SliceStable(m.small, func(i, j int) bool { return len(m.small[i].text) > len(m.small[j].text) })
	m.smallFirst = map[rune][]string{}
	for _, ex := range m.small {
		r, _ := utf8.DecodeRuneInString(ex.text)
		m.smallFirst[r] = append(m.smallFirst[r], ex.text)
	}
	for _, st := range r.SmallTalk {
		for _, k := range sortedKeys(st.Cues) {
			m.cues = append(m.cues, smallCue{text: stemText(norm(k)), intent: st.Name, weight: st.Cues[k]})
		}
	}
	m.courtesies = m.newCourtesies()
	m.roman = m.newRomanIndex(soundWords)
	// The segmenter last: at start-up its everyday dictionary may still be
	// building in the background (Warm), and everything above needs none
	// of it.
	seg := newSegmenter(domain)
	m.cut, m.dict = seg.Cut, seg.Dict
	return m
}

// canonical returns the canonical form of normalised word w.
func (m *Matcher) canonical(w string) string {
	if c, ok := m.canon[w]; ok {
		return c
	}
	return w
}

// Match decides what to do with a message that starts a conversation, or
// whose conversation has no context.
func (m *Matcher) Match(text string) Decision { return m.decide(text, Context{}, false) }

// Explain is Match plus an Explanation of the decision, for operators.
func (m *Matcher) Explain(text string) Decision { return m.decide(text, Context{}, true) }

// Context is what the earlier turns of a conversation say it is about.
type Context struct {
	// Topic is the conversation's topic (Decision.Topic of an earlier turn).
	Topic string
	// LastFAQ is the FAQ answered last, 0 if none.
	LastFAQ int
}

// MatchInContext decides what to do with a message of a conversation. A
// follow-up that names no subject of its own (要交什么, 年纪大的呢) is read
// together with the conversation's topic; see decide.go.
func (m *Matcher) MatchInContext(text string, c Context) Decision { return m.decide(text, c, false) }

// ExplainInContext is MatchInContext plus an Explanation.
func (m *Matcher) ExplainInContext(text string, c Context) Decision { return m.decide(text, c, true) }

// Config returns the configuration the matcher was built from.
func (m *Matcher) Config() *Config { return m.cfg }

// Topic returns the topic called name, and whether there is one.
func (m *Matcher) Topic(name string) (Topic, bool) {
	t, ok := m.topics[name]
	return t, ok
}

// TopicOf returns the topic of FAQ no, and whether it has one.
func (m *Matcher) TopicOf(no int) (Topic, bool) {
	t, ok := m.topics[m.topicOf[no]]
	return t, ok
}

// Words returns the canonical words of text's analysis, before the model
// reads a word it does not know as its parts (splitCompounds); operators
// and tests use it to check segmentation.
func (m *Matcher) Words(text string) []string { return m.words(text, nil) }

// Cut returns gse's raw cut of the normalised text.
func (m *Matcher) Cut(text string) []string { return m.cut(stemText(norm(text)), true) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// officialWords returns the words of FAQ no's official question and
// answer; nil for no FAQ.
func (m *Matcher) officialWords(no int) []string {
	m.officialOnce.Do(m.readOfficial)
	return m.official[no]
}

// readOfficial reads each FAQ's official words, and what its official
// question and its answer's opening clause say it is for, and what its
// examples say, of whether something has expired (scope.go).
func (m *Matcher) readOfficial() {
	m.official = make(map[int][]string, len(m.cfg.Content.FAQs))
	m.scope = make(map[int]validity, len(m.cfg.Content.FAQs))
	m.taughtValidity = map[int][]validity{}
	for _, f := range m.cfg.Content.FAQs {
		m.official[f.No] = m.words(f.Question+"\n"+f.Answer, nil)
		m.scope[f.No] = validityOf(norm(f.Question + "\n" + f.QuestionEn + "\n" + openingClause(f.Answer) + "\n" + openingClause(f.AnswerEn)))
	}
	for _, fr := range m.cfg.Rules.FAQs {
		for _, a := range fr.Alternates {
			if v := validityOf(norm(a)); v != validityUnsaid && !slices.Contains(m.taughtValidity[fr.No], v) {
				m.taughtValidity[fr.No] = append(m.taughtValidity[fr.No], v)
			}
		}
	}
}
