package intents

// The learned model. Every FAQ is a class, and so is "none of these",
// learned from the out_of_scope example questions. A message is scored
// against every class by a linear model over its features:
//
//   - its canonical words (weight 1),
//   - pairs of adjacent words (model.pair_weight), which tell 换发 材料 from
//     换发 旧卡 where single words cannot,
//   - the characters and character bigrams of its Chinese words
//     (model.char_weight), which survive a word cut in the wrong place or
//     a one-character typo, and let an everyday word share evidence with
//     the official one it has a character of (扣税 with 个税, 去续 with
//     续期): a FAQ an operator has just added with five alternates is
//     reached by words none of them uses. The characters weigh for a
//     class only, not for the likeness to single examples (similar.go).
//
// The weights are those of a naive Bayes classifier in its one-against-the-
// rest form: a feature's weight for a class is the log-ratio of its
// smoothed frequency among the class's examples to its frequency among all
// other classes' examples. A word that every FAQ's examples use (工作许可)
// gets a weight near zero for all of them; a word only one FAQ's examples
// use (照片) weighs strongly for that FAQ and against the others; a word the
// out-of-scope examples use (多少钱, 多久) weighs for "none". A word no
// example uses carries no evidence either way, so the greetings, names and
// background of a long message neither help nor hurt.
//
// Why this model: it is trained in closed form from counts, in one pass, so
// a reload with 2,000 FAQs stays within the reload budget and the same
// files always give the same weights; it needs no per-FAQ constant; and
// naive Bayes log-count ratios over words and bigrams are a known strong
// baseline for short texts with few examples per class (Rennie et al.,
// 2003; Wang & Manning, 2012). A multinomial logistic regression over the
// same features would need an iterative fit whose cost grows with the
// square of the number of FAQs. The scores are not probabilities:
// calibrate.go turns them into probabilities and learns the decision
// thresholds, both by leave-one-out over the examples.

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// feature is one feature of a text and its value.
type feature struct {
	id    int32
	value float64
}

// posting is a class that a feature's examples belong to, with the
// feature's weighted count in that class.
type posting struct {
	class int32
	count float64
	delta float64 // md.delta(count, total), computed once at train
}

// example is one labelled training text.
type example struct {
	class int32
	// weight is 1 for a question and model.answer_weight for an answer
	// sentence, times the class's balance (see balance).
	weight float64
	text   string
	words  []string
	feats  []feature
	// question is false for answer sentences, which teach the model but
	// are not asked by anyone, so calibration leaves them out.
	question bool
}

// model is the trained classifier. It is never modified after train.
type model struct {
	ids      map[string]int32 // feature name → id
	names    []string         // id → feature name
	postings [][]posting      // id → classes with the feature
	total    []float64        // id → weighted count over all classes
	classes  []class          // the FAQs, then none
	all      float64          // weighted count of every feature of every example
	vocab    float64          // number of features
	alpha    float64          // smoothing
	examples []example
	bases    []float64 // base weight of each class (see base)
	index    *exampleIndex
	cal      calibration
	// shadowed are the out_of_scope examples a FAQ's examples claim.
	shadowed []Shadowed
	// exact maps the words of each example question to its class, or to
	// -1 when examples of two classes have the same words: a question an
	// operator taught is answered as taught.
	exact map[string]int32
	// sparseClass marks the FAQs taught by fewer than sparseQuestions
	// example questions (calibration.SparseAnswer and SparseBias).
	sparseClass []bool
	sparseList  []int32 // the classes sparseClass marks
	// unigram marks the features that are one character (charUnigram):
	// evidence for a class, but not for a likeness to one example
	// (similar.go) nor for a follow-up's own say (speaksOf).
	unigram []bool
}

// hasRichFAQ reports whether some FAQ is taught by enough examples to be
// answered at calibration.Answer.
func (md *model) hasRichFAQ() bool { return len(md.sparseList) < int(md.noneClass()) }

// favourSparse adds calibration.SparseBias to the scores s of the FAQs
// taught by few examples.
func (md *model) favourSparse(s []float64) {
	if md.cal.SparseBias == 0 {
		return
	}
	for _, c := range md.sparseList {
		s[c] += md.cal.SparseBias
	}
}

// sparseQuestions is how many example questions, a FAQ's question and
// alternates, a FAQ needs to be answered at calibration.Answer rather than
// at SparseAnswer: twice what the operator contract asks.
const sparseQuestions = 2 * (MinAlternates + 1)

// exactKey is the key of a text's canonical words in model.exact.
func exactKey(a analysis) string { return strings.Join(a.seq, " ") }

// class is a FAQ, or "none of these" (no = 0).
type class struct {
	no    int
	name  string
	total float64 // weighted count of its examples' features
}

// none is the name of the class of questions no FAQ answers.
const none = "none"

// noneClass is the index of the none class.
func (md *model) noneClass() int32 { return int32(len(md.classes) - 1) }

// train learns the model from the configuration's examples.
func (m *Matcher) train() *model {
	cache := m.analyseExamples()
	md := m.fit(nil, cache)
	claimed := md.claimedBySparse()
	if len(claimed) == 0 {
		return md
	}
	return m.fit(claimed, cache)
}

// analyseExamples reads every text the model learns from, in parallel
// (analyse is safe for concurrent use), into the cache fit reads them
// from.
func (m *Matcher) analyseExamples() map[string]readText {
	r := &m.cfg.Rules
	var texts []string
	for _, f := range m.cfg.Content.FAQs {
		texts = append(texts, f.Question)
		texts = append(texts, sentences(f.Answer)...)
	}
	for _, fr := range r.FAQs {
		texts = append(texts, fr.Alternates...)
	}
	texts = append(texts, r.OutOfScope...)
	read := make([]readText, len(texts))
	parallel(len(texts), func(i int) { read[i] = m.readText(texts[i]) })
	cache := make(map[string]readText, len(texts))
	for i, t := range texts {
		cache[t] = read[i]
	}
	return cache
}

// readText is an example's text as fit needs it: its analysis and its
// features, by name in sorted order (the order fit numbers new features
// in). Computing the features here, in parallel, rather than in fit
// keeps them off start-up's one-core path.
type readText struct {
	a      analysis
	names  []string
	values []float64
}

func (m *Matcher) readText(text string) readText {
	a := m.analyse(text, nil)
	fs := m.featureMap(a)
	r := readText{a: a, names: sortedKeys(fs), values: make([]float64, len(fs))}
	for i, name := range r.names {
		r.values[i] = fs[name]
	}
	return r
}

// fit learns the model from the configuration's examples, leaving out the
// out_of_scope examples claimed maps to the FAQ that claims them. cache
// holds each text's reading (readText), shared by a second fit.
func (m *Matcher) fit(claimed map[string]int, cache map[string]readText) *model {
	r := &m.cfg.Rules
	md := &model{ids: map[string]int32{}, alpha: r.Model.Smoothing, exact: map[string]int32{}}
	read := func(text string) readText {
		t, ok := cache[text]
		if !ok {
			t = m.readText(text)
			cache[text] = t
		}
		return t
	}
	rules := map[int]FAQRule{}
	for _, fr := range r.FAQs {
		rules[fr.No] = fr
	}
	add := func(class int32, text string, t readText, weight float64, question bool) {
		if len(t.names) == 0 {
			return
		}
		ex := example{class: class, weight: weight, text: text, words: t.a.words, question: question,
			feats: make([]feature, 0, len(t.names))}
		if question {
			k := exactKey(t.a)
			if c, seen := md.exact[k]; seen && c != class {
				md.exact[k] = -1
			} else {
				md.exact[k] = class
			}
		}
		for i, name := range t.names {
			id, ok := md.ids[name]
			if !ok {
				id = int32(len(md.names))
				md.ids[name] = id
				md.names = append(md.names, name)
			}
			ex.feats = append(ex.feats, feature{id: id, value: t.values[i]})
		}
		slices.SortFunc(ex.feats, func(x, y feature) int { return cmp.Compare(x.id, y.id) })
		md.examples = append(md.examples, ex)
	}
	for _, f := range m.cfg.Content.FAQs {
		c := int32(len(md.classes))
		md.classes = append(md.classes, class{no: f.No, name: f.ID})
		add(c, f.Question, read(f.Question), 1, true)
		for _, alt := range rules[f.No].Alternates {
			add(c, alt, read(alt), 1, true)
		}
		for _, s := range sentences(f.Answer) {
			add(c, s, read(s), r.Model.AnswerWeight, false)
		}
	}
	md.classes = append(md.classes, class{name: none})
	vocab := md.faqVocabularies()
	for _, q := range r.OutOfScope {
		t := read(q)
		if no := claimed[q]; no != 0 {
			md.shadowed = append(md.shadowed, Shadowed{Question: q, FAQ: no})
			continue
		}
		if no := claimedBy(t.a.words, md, vocab); no != 0 {
			// A FAQ's examples use every word of this question: the FAQ
			// answers it now (a FAQ added on a subject once out of scope).
			// The FAQ's examples win; check reports the stale example.
			md.shadowed = append(md.shadowed, Shadowed{Question: q, FAQ: no})
			continue
		}
		add(md.noneClass(), q, t, 1, true)
	}
	md.balance()
	md.tally()
	md.cal = md.calibrate(r.Decision)
	return md
}

// tally derives from the examples, balanced, and the feature names what
// scoring reads: each feature's weighted count per class and in all, each
// class's, the base weights, the example index and which FAQs are taught
// by few examples. fit calls it, and so does a snapshot's loading
// (snapshot.go), which keeps the examples only.
func (md *model) tally() {
	md.total = make([]float64, len(md.names))
	md.postings = make([][]posting, len(md.names))
	counts := make([]map[int32]float64, len(md.names))
	for _, ex := range md.examples {
		for _, f := range ex.feats {
			if counts[f.id] == nil {
				counts[f.id] = map[int32]float64{}
			}
			v := ex.weight * f.value
			counts[f.id][ex.class] += v
			md.total[f.id] += v
			md.classes[ex.class].total += v
			md.all += v
		}
	}
	for id, cs := range counts {
		for c, n := range cs {
			md.postings[id] = append(md.postings[id], posting{class: c, count: n, delta: md.delta(n, md.total[id])})
		}
		sort.Slice(md.postings[id], func(i, j int) bool { return md.postings[id][i].class < md.postings[id][j].class })
	}
	md.vocab = float64(len(md.names))
	md.unigram = make([]bool, len(md.names))
	for id, name := range md.names {
		md.unigram[id] = charUnigram(name)
	}
	md.bases = make([]float64, len(md.classes))
	for c := range md.classes {
		tc := md.classes[c].total
		md.bases[c] = md.base(tc, md.all-tc)
	}
	md.buildIndex()
	questions := make([]int, len(md.classes))
	for _, ex := range md.examples {
		if ex.question {
			questions[ex.class]++
		}
	}
	md.sparseClass = make([]bool, len(md.classes))
	for c := range md.noneClass() {
		md.sparseClass[c] = questions[c] < sparseQuestions
		if md.sparseClass[c] {
			md.sparseList = append(md.sparseList, c)
		}
	}
}

// balance scales every example's weight so that each class's examples
// weigh the same in all, the mean of the classes' masses: a FAQ an
// operator has just added with five alternates speaks as loudly as one
// taught by forty, rather than losing every word it shares with them, and
// "none of these", whose examples are about many subjects, does not make
// every word they share with a FAQ speak for none by their number. The
// prior over the classes is then even; how surely a FAQ is answered comes
// from how close a question is to its examples (similar.go) and from
// calibration.
func (md *model) balance() {
	mass := make([]float64, len(md.classes))
	for _, ex := range md.examples {
		for _, f := range ex.feats {
			mass[ex.class] += ex.weight * f.value
		}
	}
	var sum float64
	var n int
	for _, v := range mass {
		if v > 0 {
			sum += v
			n++
		}
	}
	if n == 0 {
		return
	}
	mean := sum / float64(n)
	for i := range md.examples {
		if m := mass[md.examples[i].class]; m > 0 {
			md.examples[i].weight *= mean / m
		}
	}
}

// claimedBySparse returns the out_of_scope examples that a FAQ taught by
// few examples claims, with that FAQ: read against the model without it,
// "none of these" included, the example would be answered with that FAQ
// (at calibration.SparseAnswer, with SparseBias). A FAQ an
// operator has just added, with five alternates, on a subject the
// out_of_scope examples name (a fee, a residence permit for the family)
// then answers it, rather than losing every question on its subject to
// the examples that said no FAQ did. Richly taught FAQs claim nothing this way: their examples and
// the out_of_scope ones were taught side by side, and the boundary between
// them is what the operator taught.
func (md *model) claimedBySparse() map[string]int {
	n := md.noneClass()
	any := false
	for c := range n {
		any = any || md.sparseClass[c]
	}
	if !any {
		return nil
	}
	var out map[string]int
	for i := range md.examples {
		ex := &md.examples[i]
		if ex.class != n {
			continue
		}
		held := md.holdOut(n, int32(i))
		p, top := md.probabilitiesOf(ex.feats, held, md.unknownLeftOut(ex, held))
		if len(top) == 0 || !md.sparseClass[top[0]] {
			continue
		}
		if c := top[0]; p[c] >= md.cal.SparseAnswer && p[c] > p[n] {
			if out == nil {
				out = map[string]int{}
			}
			out[ex.text] = md.classes[c].no
		}
	}
	return out
}

// Shadowed is an out_of_scope example that a FAQ's examples now claim: it
// is left out of training and check reports it.
type Shadowed struct {
	Question string
	FAQ      int
}

// faqVocabularies returns, per FAQ class, the words of its examples: its
// question, alternates and answer sentences.
func (md *model) faqVocabularies() []map[string]bool {
	out := make([]map[string]bool, md.noneClass())
	for _, ex := range md.examples {
		if ex.class >= md.noneClass() {
			continue
		}
		if out[ex.class] == nil {
			out[ex.class] = map[string]bool{}
		}
		for _, w := range ex.words {
			out[ex.class][w] = true
		}
	}
	return out
}

// claimedBy returns the number of the first FAQ whose examples use every
// one of a question's words, or 0.
func claimedBy(words []string, md *model, vocab []map[string]bool) int {
	if len(words) == 0 {
		return 0
	}
	for c, v := range vocab {
		all := true
		for _, w := range words {
			if !v[w] {
				all = false
				break
			}
		}
		if all {
			return md.classes[c].no
		}
	}
	return 0
}

// Shadowed returns the out_of_scope examples that FAQs' examples claim.
func (m *Matcher) Shadowed() []Shadowed { return m.model.shadowed }

// OneWord is an example question of a FAQ that reads as one word only, a
// word the model weighs more for other FAQs: a message made of that word
// gets the FAQ as the operator taught it (decide.go), though it is more
// about the others. Usually English stop words took the rest (how the new
// work permit look now: 工作许可).
type OneWord struct {
	FAQ      int
	Question string
	Word     string
	Others   []int // the FAQs that weigh Word more, best first
}

// OneWordExamples returns the example questions that OneWord describes,
// in file order.
func (m *Matcher) OneWordExamples() []OneWord {
	md := m.model
	n := md.noneClass()
	var out []OneWord
	for _, ex := range md.examples {
		if !ex.question || ex.class == n || len(ex.words) != 1 || md.exact[ex.words[0]] != ex.class {
			continue
		}
		id := md.ids[ex.words[0]]
		own := md.weight(id, ex.class)
		var more []posting
		for _, p := range md.postings[id] {
			if p.class != ex.class && p.class != n && p.delta > own {
				more = append(more, p)
			}
		}
		if len(more) == 0 {
			continue
		}
		sort.SliceStable(more, func(i, j int) bool { return more[i].delta > more[j].delta })
		o := OneWord{FAQ: md.classes[ex.class].no, Question: ex.text, Word: ex.words[0]}
		for _, p := range more {
			o.Others = append(o.Others, md.classes[p.class].no)
		}
		out = append(out, o)
	}
	return out
}

// sentences splits an official answer into the sentences and list items
// that serve as examples of its FAQ.
func sentences(answer string) []string { return splitText(answer, "。；;\n！？!?", 1) }

// splitText cuts text at every rune of cuts and returns the trimmed pieces
// of at least minRunes characters.
func splitText(text, cuts string, minRunes int) []string {
	var out []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(cuts, r) }) {
		if s = strings.TrimSpace(s); s != "" && utf8.RuneCountInString(s) >= minRunes {
			out = append(out, s)
		}
	}
	return out
}

// Feature names: a word as it is, a pair as "a+b", a character as "字a"
// and a character bigram as "字ab". Canonical words hold no "+" (norm
// makes it a space). A word that begins with 字 (字体, 字段) has the name
// of a character feature (体, 段) and counts as one feature with it: a
// rare word in these texts, left so, since renaming every character
// feature would change what operators read in the Why. Where only words
// are wanted, knownWord tells them apart by the prefix.
const (
	pairSep    = "+"
	charPrefix = "字"
)

// eachFeature calls visit with the name and value of every feature of an
// analysed text: its words, the pairs of adjacent words (model.pair_weight)
// and the characters and character bigrams of its Chinese runs
// (model.char_weight). A
// name may come more than once. It is in a buffer that visit must not
// keep.
func (m *Matcher) eachFeature(a analysis, visit func(name []byte, val float64)) {
	mr := m.cfg.Rules.Model
	var buf []byte
	for _, w := range a.words {
		buf = append(buf[:0], w...)
		visit(buf, 1)
	}
	for i := 1; i < len(a.seq); i++ {
		buf = append(append(append(buf[:0], a.seq[i-1]...), pairSep...), a.seq[i]...)
		visit(buf, mr.PairWeight)
	}
	for _, run := range a.runs {
		prev := -1 // start of the previous rune
		for i := range run {
			_, n := utf8.DecodeRuneInString(run[i:])
			if prev >= 0 {
				buf = append(append(buf[:0], charPrefix...), run[prev:i+n]...)
				visit(buf, mr.CharWeight)
			}
			buf = append(append(buf[:0], charPrefix...), run[i:i+n]...)
			visit(buf, mr.CharWeight)
			prev = i
		}
	}
}

// charUnigram reports whether feature name is one character of a Chinese
// run (eachFeature).
func charUnigram(name string) bool {
	rest, ok := strings.CutPrefix(name, charPrefix)
	return ok && utf8.RuneCountInString(rest) == 1
}

// featureMap returns the features of an analysed text by name, each with
// its largest value.
func (m *Matcher) featureMap(a analysis) map[string]float64 {
	into := make(map[string]float64, 3*len(a.words))
	m.eachFeature(a, func(name []byte, v float64) {
		if v > into[string(name)] {
			into[string(name)] = v
		}
	})
	return into
}

// vectorOf is md.vector(m.featureMap(a), 1, nil), the features of a
// message the model knows, by id, without building the map of names: a
// message's matching allocates only the vector.
func (m *Matcher) vectorOf(a analysis) []feature {
	md := m.model
	v := make([]feature, 0, 3*len(a.words))
	m.eachFeature(a, func(name []byte, val float64) {
		if id, ok := md.ids[string(name)]; ok && val > 0 {
			v = append(v, feature{id: id, value: val})
		}
	})
	slices.SortFunc(v, func(x, y feature) int {
		if c := cmp.Compare(x.id, y.id); c != 0 {
			return c
		}
		return cmp.Compare(y.value, x.value) // the largest value of an id first
	})
	out := v[:0]
	for _, f := range v {
		if len(out) == 0 || out[len(out)-1].id != f.id {
			out = append(out, f) // the first of an id holds its largest value
		}
	}
	return out
}

// vector turns a feature map into the model's features, dropping those no
// example has, scaled by scale and added to v.
func (md *model) vector(fs map[string]float64, scale float64, v []feature) []feature {
	for name, val := range fs {
		if id, ok := md.ids[name]; ok {
			v = append(v, feature{id: id, value: scale * val})
		}
	}
	sort.Slice(v, func(i, j int) bool { return v[i].id < v[j].id })
	return v
}

// heldOut is a set of training examples of one class that calibration
// leaves out of the model: the question being scored, and for a simulated
// sparse class (calibrate.go) most of its class's other examples too.
type heldOut struct {
	class int32
	// one is the example when only one is held out (the common case in
	// calibration, read without a map lookup), else -1 and examples holds
	// them.
	one      int32
	examples map[int32]bool
	counts   map[int32]float64 // feature id → weighted count left out
	mass     float64           // weighted count of all its features
}

// has reports whether example e is held out.
func (h *heldOut) has(e int32) bool {
	if h.one >= 0 {
		return e == h.one
	}
	return h.examples[e]
}

// holdOut returns the set of examples idx, all of class c.
func (md *model) holdOut(c int32, idx ...int32) *heldOut {
	h := &heldOut{class: c, one: -1, counts: map[int32]float64{}}
	if len(idx) == 1 {
		h.one = idx[0]
	} else {
		h.examples = make(map[int32]bool, len(idx))
	}
	for _, i := range idx {
		ex := &md.examples[i]
		if h.examples != nil {
			h.examples[i] = true
		}
		for _, f := range ex.feats {
			v := ex.weight * f.value
			h.counts[f.id] += v
			h.mass += v
		}
	}
	return h
}

// scores returns every class's score for features x. out, when not nil,
// is a set of training examples whose counts are left out: calibration
// scores each question against a model that has not seen it. (Leaving
// them out also changes every other class's rest by their mass, a change
// of a per cent or two that is ignored.)
func (md *model) scores(x []feature, out *heldOut) []float64 {
	s := make([]float64, len(md.classes))
	var sum float64
	for _, f := range x {
		nf := md.total[f.id]
		own := 0.0
		if out != nil {
			own = out.counts[f.id]
			nf -= own
		}
		if nf <= 1e-9 {
			continue // only the left-out examples have it: unknown
		}
		sum += f.value
		for _, p := range md.postings[f.id] {
			if out == nil || own == 0 {
				s[p.class] += f.value * p.delta
				continue
			}
			n := p.count
			if p.class == out.class {
				n -= own
			}
			if n <= 1e-9 {
				continue
			}
			s[p.class] += f.value * md.delta(n, nf)
		}
	}
	for c := range md.classes {
		b := md.bases[c]
		if out != nil && int32(c) == out.class {
			tc := md.classes[c].total - out.mass
			b = md.base(tc, md.all-out.mass-tc)
		}
		s[c] += sum * b
	}
	return s
}

// delta is the weight a feature seen n times in a class, and nf times in
// all, adds for that class over what an unseen feature adds.
func (md *model) delta(n, nf float64) float64 {
	a := md.alpha
	return math.Log(n+a) - math.Log(a) - math.Log(nf-n+a) + math.Log(nf+a)
}

// base is the weight every feature of a message gives a class with tc
// counted features, against rest in all other classes, before delta.
func (md *model) base(tc, rest float64) float64 {
	av := md.alpha * md.vocab
	return math.Log(md.alpha) - math.Log(tc+av) + math.Log(rest+av)
}

// weight is the learned weight of feature id for class c: what the
// feature adds to the class's score against an unseen feature. Explain
// shows it per word.
func (md *model) weight(id, c int32) float64 {
	for _, p := range md.postings[id] {
		if p.class == c {
			return p.delta
		}
	}
	return 0
}
