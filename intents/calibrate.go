package intents

// Calibration: from the classifier's scores to a decision. Each example
// question is scored against a model trained without it (leave-one-out,
// exact and cheap for this model), which shows how the model does on a
// question it has not seen. From those scores it learns
//
//   - the temperature that turns scores into probabilities (softmax), by
//     maximum likelihood of the examples' true classes;
//   - the probability a FAQ needs to be answered, the probability a FAQ
//     needs to be offered in a clarification, and the total the offered
//     FAQs need, by the cost of the examples' outcomes (a soft median of
//     the settings that come near the least cost: thresholdSoftness),
//     where a wrong answer costs decision.wrong_answer_cost, a fallback
//     on a question some FAQ answers 1, and a clarification
//     decision.clarify_right_cost, clarify_wrong_cost or
//     clarify_none_cost, as it offers the right FAQ, only others, or
//     offers FAQs on a question none answers.
//
// The thresholds are the same for every FAQ, but for a FAQ taught by few
// examples (one an operator has just added) beside richly taught ones: it
// is answered at SparseAnswer, with SparseBias added to its score.

import (
	"cmp"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// calibration is what was learned from the left-out scores.
type calibration struct {
	Temperature float64 // scores are divided by it before the softmax
	// NoneBias is added to the score of "none of these", and NoneUnknown
	// times the share of the message's words that no example has
	// (unknownShare): evidence that the message is about something else.
	// A share, not a count: a long message's greetings and background
	// are many unknown words beside many known ones, and must not drag
	// it down, while 外国人医保怎么报销 is mostly unknown words.
	NoneBias, NoneUnknown float64
	// Similarity weighs the cosine between a message and each class's
	// closest example (similar.go), added to the class's score.
	Similarity float64
	Answer     float64 // probability a FAQ needs to be answered
	// SparseAnswer is the Answer of a FAQ taught by few examples (see
	// model.sparseClass): learned on the questions of the richly taught
	// FAQs scored as if their FAQ had just been added with MinAlternates
	// alternates, on the questions of the FAQs taught by few examples,
	// and on the out_of_scope examples, whose probabilities run lower
	// than those of a richly taught FAQ's questions (sparseAnswer).
	SparseAnswer float64
	// SparseBias is added to the score of every FAQ taught by few
	// examples when the model also has richly taught FAQs: the
	// temperature, a factor of e on its odds. It is set, not learned:
	// the cost of the readings SparseAnswer is learned on falls the more
	// such a FAQ is favoured, because they hold no question about a
	// richly taught FAQ that a favoured new FAQ would take, so a learned
	// bias always ends at the top of whatever range it is given. Without
	// it a FAQ just added with five alternates, whose words are few, loses
	// most questions about it to none, which was learned beside FAQs
	// taught by forty examples. With no richly taught FAQ it is 0: every
	// FAQ is then answered at SparseAnswer and none is favoured.
	SparseBias float64
	Suggest    float64 // probability a FAQ needs to be offered
	Clarify    float64 // total probability the offered FAQs need
	// Examples is how many left-out questions the thresholds were learned
	// on; Cost their mean cost with them.
	Examples int
	Cost     float64
}

// maxCalibration bounds the left-out questions calibration scores, so that
// a reload with thousands of FAQs stays fast; a larger set is sampled
// (calibrationSample).
const maxCalibration = 800

// calibrationTop is how many FAQ classes of a left-out question enter the
// softmax during calibration: the others' probabilities are negligible.
const calibrationTop = 8

// left is one left-out question: its true class, the scores of its best
// FAQ classes and of none, and how many of its words no other example has.
type left struct {
	class int32
	// weight is 1 for a FAQ question; for an out_of_scope example, what
	// makes the out_of_scope examples weigh decision.out_of_scope_share
	// of all (weighOutOfScope).
	weight float64
	// sparse says the question's FAQ is taught by few examples: it was
	// scored with its FAQ cut down to the operator contract's examples
	// (model.sparse), or its FAQ is so taught (richReadings); anySparse
	// that it is judged as if whichever FAQ it ranks first were so
	// taught (an out_of_scope example, when SparseAnswer is learned).
	sparse, anySparse bool
	top               []int32   // the best FAQ classes by score and by similarity
	scores            []float64 // of top
	sims              []float64 // of top
	none              float64
	noneSim           float64
	unknown           float64   // unknownShare of its words
	adjusted          []float64 // scores + similarity under the calibration tried
}

// favourSparse adds bias to the adjusted score of the FAQ class l's sparse
// reading is about: its own class when it was read with its FAQ cut down,
// else (an out_of_scope example judged as if the FAQ it ranks first were
// taught by few examples) that first FAQ.
func (l *left) favourSparse(bias float64) {
	if bias == 0 || len(l.adjusted) == 0 {
		return
	}
	at := -1
	for i, c := range l.top {
		if l.sparse && c == l.class || !l.sparse && (at < 0 || l.adjusted[i] > l.adjusted[at]) {
			at = i
		}
	}
	if at >= 0 {
		l.adjusted[at] += bias
	}
}

// adjust computes l's adjusted scores under cal.
func (l *left) adjust(cal calibration) {
	if l.adjusted == nil {
		l.adjusted = make([]float64, len(l.scores))
	}
	for i := range l.scores {
		l.adjusted[i] = l.scores[i] + cal.Similarity*l.sims[i]
	}
}

// noneScore is the score of none under cal.
func (l *left) noneScore(cal calibration) float64 {
	return l.none + cal.Similarity*l.noneSim + cal.NoneBias + cal.NoneUnknown*l.unknown
}

// ranking ranks l's top classes under cal (after adjust).
func (l *left) ranking(cal calibration, maxSuggestions int) ranking {
	s := append(append(make([]float64, 0, len(l.adjusted)+1), l.adjusted...), l.noneScore(cal))
	p := softmax(s, cal.Temperature)
	order := make([]int, len(l.adjusted))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return p[order[a]] > p[order[b]] })
	r := ranking{none: p[len(l.adjusted)], sparse: l.anySparse || l.sparse && l.top[order[0]] == l.class}
	for _, i := range order[:min(len(order), maxSuggestions)] {
		r.top = append(r.top, l.top[i])
		r.probs = append(r.probs, p[i])
	}
	return r
}

// likelihoodPart is what a left-out question contributes to the
// likelihood at one similarity weight and temperature, before none's bias
// and unknown words: its best adjusted FAQ score, the sum of
// exp((score - best)/t) over its FAQ classes, its true class's (score -
// best)/t (-Inf when that is none or outside its top) and the
// denominator beyond which its log-likelihood is floored, and none's
// (score - best)/t and exp of it, with no bias and no unknown words.
type likelihoodPart struct{ top, faqs, truth, none, noneExp, cut float64 }

// faqPart returns l's likelihoodPart at similarity weight sim and
// temperature t, none's terms unset (see noneAt).
func (l *left) faqPart(sim, t float64) likelihoodPart {
	p := likelihoodPart{top: math.Inf(-1), truth: math.Inf(-1)}
	for i := range l.scores {
		p.top = max(p.top, l.scores[i]+sim*l.sims[i])
	}
	for i := range l.scores {
		v := l.scores[i] + sim*l.sims[i]
		p.faqs += math.Exp((v - p.top) / t)
		if l.top[i] == l.class {
			p.truth = (v - p.top) / t
		}
	}
	p.cut = math.Exp(p.truth - likelihoodFloor) // at most 1e9: truth ≤ 0; 0 when truth is -Inf
	return p
}

// noneAt sets none's terms from its score with no bias and no unknown
// words.
func (p *likelihoodPart) noneAt(none, t float64) {
	p.none = (none - p.top) / t
	p.noneExp = math.Exp(p.none)
}

// add adds to sum the log of the probability the true class gets when
// none's score is raised by a shift of scale = exp(shift/temperature);
// isNone says the true class is none. The log is floored at
// likelihoodFloor, so that one hopeless question cannot outweigh the rest.
func (p *likelihoodPart) add(sum *logSum, scale float64, isNone bool) {
	if isNone {
		// The log of e^truth / (faqs + e^truth) is -log(1 + faqs/e^truth):
		// the factor is at least 1 and at most 1e9 where it is not
		// floored, whatever none's score (e^truth may be +Inf, or 0).
		y := 1 + p.faqs/(p.noneExp*scale)
		if y > expNegFloor {
			sum.lin += likelihoodFloor
			return
		}
		sum.mul(y)
		return
	}
	if math.IsInf(p.truth, -1) {
		sum.lin += likelihoodFloor
		return
	}
	// truth - log(x) < likelihoodFloor, without the log; x is then at most
	// 1e9 (truth ≤ 0), so the product stays in range.
	x := p.faqs + p.noneExp*scale
	if x > p.cut {
		sum.lin += likelihoodFloor
		return
	}
	sum.lin += p.truth
	sum.mul(x)
}

// likelihoodFloor is the least log-likelihood a question contributes: that
// of a probability of 1e-9.
var likelihoodFloor = math.Log(1e-9)

// expNegFloor is exp(-likelihoodFloor).
var expNegFloor = 1 / 1e-9

// logSum is a sum of logs, lin minus the log of the product of the
// mul'd values, kept as a mantissa and a binary exponent so that it
// costs one math.Log in all rather than one per value.
type logSum struct {
	lin  float64
	prod float64 // 0 means 1: nothing multiplied yet
	exp  int
}

// mul multiplies the product by x, 1 ≤ x ≤ 1e9 (a softmax's denominator
// over the true class's term, floored at 1e9).
func (s *logSum) mul(x float64) {
	if s.prod == 0 {
		s.prod = 1
	}
	s.prod *= x
	if s.prod > 0x1p500 {
		frac, e := math.Frexp(s.prod)
		s.prod, s.exp = frac, s.exp+e
	}
}

// value is the sum: lin minus the log of the product.
func (s logSum) value() float64 {
	if s.prod == 0 {
		return s.lin
	}
	return s.lin - (math.Log(s.prod) + float64(s.exp)*math.Ln2)
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (md *model) calibrate(d DecisionRules) calibration {
	var qs []int
	for i := range md.examples {
		if md.examples[i].question {
			qs = append(qs, i)
		}
	}
	n := md.noneClass()
	questionsOf := make([][]int32, len(md.classes))
	for _, i := range qs {
		c := md.examples[i].class
		questionsOf[c] = append(questionsOf[c], int32(i))
	}
	picked := md.calibrationSample(qs)
	// Each question is read on its own, in parallel; the readings are
	// gathered in question order, so the outcome does not depend on the
	// scheduling.
	full, cut := make([]left, len(picked)), make([]*left, len(picked))
	parallel(len(picked), func(k int) {
		q := picked[k]
		ex := &md.examples[q]
		full[k] = md.leaveOut(ex, md.holdOut(ex.class, q))
		// The readings with a FAQ cut down teach only SparseAnswer and
		// SparseBias, which no FAQ uses when every FAQ is richly taught.
		if ex.class != n && len(md.sparseList) > 0 {
			if out := md.sparse(questionsOf[ex.class], q); out != nil {
				l := md.leaveOut(ex, out)
				l.sparse = true
				cut[k] = &l
			}
		}
	})
	lo := full
	var sparse []left
	for _, l := range cut {
		if l != nil {
			sparse = append(sparse, *l)
		}
	}
	weighOutOfScope(lo, n, d.OutOfScopeShare)
	cal := calibration{Temperature: 1, Answer: 0.5, SparseAnswer: 0.5, Suggest: 0.2, Clarify: 0.5, Examples: len(lo)}
	if len(lo) == 0 {
		return cal
	}
	// The softmax's parameters by maximum likelihood of the true classes.
	// The median of the settings whose likelihood comes near the best is
	// steadier than the one best: a single new example then does not
	// move every answer.
	type fit struct{ sim, t, b, u, ll float64 }
	var fits []fit
	bestLL := math.Inf(-1)
	// Each (similarity, temperature) is fitted on its own, in parallel;
	// the results are gathered in grid order, so the outcome does not
	// depend on the scheduling.
	simGrid := []float64{0, 2, 4, 8, 12}
	tGrid := []float64{0.5, 0.7, 1, 1.2, 1.4, 1.7, 2, 2.4, 2.8, 4}
	unknownGrid := []float64{0, 1, 2, 3, 4, 6, 8, 10, 12}
	// The questions with no unknown word and those with some, each with
	// whether its true class is none, side by side: the innermost loop
	// below reads short arrays, not the large left structs.
	var noUnknown, withUnknown []int
	var noneK, noneU []bool
	for i := range lo {
		if lo[i].unknown == 0 {
			noUnknown, noneK = append(noUnknown, i), append(noneK, lo[i].class == n)
		} else {
			withUnknown, noneU = append(withUnknown, i), append(noneU, lo[i].class == n)
		}
	}
	// The out_of_scope examples all weigh the same (weighOutOfScope),
	// and the FAQ questions 1: each kind's log-likelihoods are summed
	// apart and weighed once.
	outWeight := 1.0
	for _, l := range lo {
		if l.class == n {
			outWeight = l.weight
			break
		}
	}
	slots := make([][]fit, len(simGrid)*len(tGrid))
	biases := steps(-4, 10.01, 1)
	parallel(len(slots), func(k int) {
		sim, t := simGrid[k/len(tGrid)], tGrid[k%len(tGrid)]
		// The FAQ classes' share of the softmax does not depend on
		// none's bias: sum it once. None's term, exp((none-top)/t), is
		// the product of a factor of the question, one of the bias and
		// one of the unknown weight and share, each computed once, so
		// that each (bias, unknown) costs one log per question.
		partsOf := func(idx []int) []likelihoodPart {
			parts := make([]likelihoodPart, len(idx))
			for j, i := range idx {
				parts[j] = lo[i].faqPart(sim, t)
				parts[j].noneAt(lo[i].noneScore(calibration{Similarity: sim}), t)
			}
			return parts
		}
		partsK, partsU := partsOf(noUnknown), partsOf(withUnknown)
		byUnknown := make([][]float64, len(unknownGrid)) // by unknown weight
		for ui, u := range unknownGrid {
			byUnknown[ui] = make([]float64, len(withUnknown))
			for j, i := range withUnknown {
				byUnknown[ui][j] = math.Exp(u * lo[i].unknown / t)
			}
		}
		for _, b := range biases {
			// A question with no unknown word gives none the same score
			// whatever NoneUnknown is: its share of the likelihood is
			// summed once per bias.
			eb := math.Exp(b / t)
			var known [2]logSum // FAQ questions, out_of_scope examples
			for j := range partsK {
				partsK[j].add(&known[b2i(noneK[j])], eb, noneK[j])
			}
			for ui, u := range unknownGrid {
				sum := known
				scales := byUnknown[ui]
				for j := range partsU {
					partsU[j].add(&sum[b2i(noneU[j])], eb*scales[j], noneU[j])
				}
				slots[k] = append(slots[k], fit{sim, t, b, u, sum[0].value() + outWeight*sum[1].value()})
			}
		}
	})
	for _, slot := range slots {
		for _, f := range slot {
			fits = append(fits, f)
			bestLL = max(bestLL, f.ll)
		}
	}
	var sims, ts, bs, us []float64
	for _, f := range fits {
		if f.ll >= bestLL-nearBestLikelihood*math.Abs(bestLL) {
			sims, ts, bs, us = append(sims, f.sim), append(ts, f.t), append(bs, f.b), append(us, f.u)
		}
	}
	cal.Similarity, cal.Temperature, cal.NoneBias, cal.NoneUnknown = median(sims), median(ts), median(bs), median(us)
	lo, sparse = md.richReadings(lo, sparse)
	cal.Examples = len(lo)
	weighOutOfScope(lo, n, d.OutOfScopeShare)
	weight := 0.0
	for _, l := range lo {
		weight += l.weight
	}
	rs := make([]ranking, len(lo))
	for i := range lo {
		lo[i].adjust(cal)
		rs[i] = lo[i].ranking(cal, d.MaxSuggestions)
	}
	// The thresholds by the cost of the outcomes: each setting weighs by
	// how near it comes to the least cost (thresholdSoftness), and each
	// threshold is the soft median of its weights.
	// Each answer threshold's settings are costed on their own, in
	// parallel, and gathered in grid order, as the softmax fits above.
	// A question's outcome under an answer threshold does not depend on
	// the other two when it is answered, and under a suggestion threshold
	// its clarification is the same whatever the clarify threshold: each
	// question is read once per (answer, suggest) and its cost added to
	// every setting in question order, so that each setting's sum is the
	// same as costing the settings one by one.
	answers, suggests, clarifies := answerGrid, suggestGrid, clarifyGrid
	// byAnswer[k] holds the cost of each (suggest, clarify) setting with
	// answers[k], at si*len(clarifies)+ci.
	byAnswer := make([][]float64, len(answers))
	parallel(len(answers), func(k int) {
		a := answers[k]
		costs := make([]float64, len(suggests)*len(clarifies))
		try := cal
		try.Answer = a
		for i, l := range lo {
			r := &rs[i]
			if v, ok := r.answered(try); ok {
				add := l.weight * outcomeCost(v, l.class, n, d)
				for j := range costs {
					costs[j] += add
				}
				continue
			}
			fallback := l.weight * outcomeCost(verdict{kind: KindFallback}, l.class, n, d)
			for si, s := range suggests {
				row := costs[si*len(clarifies) : (si+1)*len(clarifies)]
				k, sum := r.suggested(s)
				clarify := fallback
				if k > 0 {
					clarify = l.weight * outcomeCost(verdict{kind: KindClarify, offered: r.top[:k]}, l.class, n, d)
				}
				for ci, c := range clarifies {
					if k > 0 && sum >= c {
						row[ci] += clarify
					} else {
						row[ci] += fallback
					}
				}
			}
		}
		byAnswer[k] = costs
	})
	best := math.Inf(1)
	for _, costs := range byAnswer {
		for _, cost := range costs {
			best = min(best, cost)
		}
	}
	wa, ws, wc := make([]float64, len(answers)), make([]float64, len(suggests)), make([]float64, len(clarifies))
	for k, costs := range byAnswer {
		for j, cost := range costs {
			w := nearness(cost, best, weight)
			wa[k] += w
			ws[j/len(clarifies)] += w
			wc[j%len(clarifies)] += w
		}
	}
	cal.Answer, cal.Suggest, cal.Clarify = softMedian(answers, wa), softMedian(suggests, ws), softMedian(clarifies, wc)
	cal.SparseAnswer = cal.Answer
	if len(sparse) > 0 {
		cal.SparseAnswer, cal.SparseBias = md.sparseAnswer(cal, d, lo, sparse)
	}
	best = 0
	for i, l := range lo {
		best += l.weight * outcomeCost(rs[i].verdict(cal), l.class, n, d)
	}
	cal.Cost = best / weight
	return cal
}

// calibrationSample returns the questions calibration reads, in file
// order: all of them, or, when there are more than maxCalibration, the
// maxCalibration whose text and FAQ number hash lowest. The sample is the
// same every time for the same files, and an example an operator adds or
// removes changes it by at most that question and the one it displaces
// or lets in. Taking every second question in file order instead shifts
// the whole sample when one example is removed near the top: removing one
// alternate moved the answer threshold from 0.78 to 0.72, with 27 more
// answers and 14 more wrong ones on the tuning sets.
func (md *model) calibrationSample(qs []int) []int32 {
	out := make([]int32, 0, min(len(qs), maxCalibration))
	if len(qs) <= maxCalibration {
		for _, i := range qs {
			out = append(out, int32(i))
		}
		return out
	}
	type hashed struct {
		h uint64
		i int32
	}
	hs := make([]hashed, len(qs))
	for k, i := range qs {
		ex := &md.examples[i]
		f := fnv.New64a()
		f.Write([]byte(ex.text))
		f.Write([]byte{0})
		f.Write([]byte(strconv.Itoa(md.classes[ex.class].no)))
		hs[k] = hashed{f.Sum64(), int32(i)}
	}
	slices.SortFunc(hs, func(a, b hashed) int {
		return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.i, b.i))
	})
	for _, x := range hs[:maxCalibration] {
		out = append(out, x.i)
	}
	slices.Sort(out)
	return out
}

// richReadings splits the left-out questions for the thresholds: the
// questions of a FAQ taught by few examples (one just added) move to the
// sparse readings, which teach SparseAnswer and SparseBias, so that their
// lower probabilities do not raise the threshold the richly taught FAQs
// are answered at. They stay where they are when no richly taught FAQ is
// left to learn that threshold from. The softmax's parameters are learned
// on all of them.
func (md *model) richReadings(lo, sparse []left) (rich, more []left) {
	n := md.noneClass()
	if !md.hasRichFAQ() || len(md.sparseList) == 0 {
		return lo, sparse // no richly taught FAQ, or none taught by few examples
	}
	more = sparse
	for _, l := range lo {
		if l.class != n && md.sparseClass[l.class] {
			l.sparse = true
			more = append(more, l)
		} else {
			rich = append(rich, l)
		}
	}
	return rich, more
}

// sparseAnswer learns calibration.SparseAnswer by the cost of the
// outcomes of the sparse readings (questions whose FAQ is taught by few
// examples, or was cut down to be) and of the out_of_scope examples, with
// SparseBias applied (see calibration.SparseBias): a soft median, as the
// other thresholds, the other parameters kept. It returns the threshold
// and the bias.
func (md *model) sparseAnswer(cal calibration, d DecisionRules, lo, sparse []left) (answer, bias float64) {
	n := md.noneClass()
	if md.hasRichFAQ() {
		bias = cal.Temperature
	}
	// The out_of_scope examples are judged as if the FAQ each ranks first
	// were one taught by few examples: a low threshold answers them
	// wrongly, and that cost must weigh against the answers it gains.
	// Each reading is copied with adjusted scores of its own.
	var set []left
	for _, l := range lo {
		if l.class == n {
			l.anySparse = true
			l.adjusted = nil
			set = append(set, l)
		}
	}
	for _, l := range sparse {
		l.adjusted = nil
		set = append(set, l)
	}
	weighOutOfScope(set, n, d.OutOfScopeShare)
	weight := 0.0
	for _, l := range set {
		weight += l.weight
	}
	rs := make([]ranking, len(set))
	for i := range set {
		set[i].adjust(cal)
		set[i].favourSparse(bias)
		rs[i] = set[i].ranking(cal, d.MaxSuggestions)
	}
	costs := make([]float64, len(answerGrid))
	best := math.Inf(1)
	for k, a := range answerGrid {
		try := cal
		try.SparseAnswer = a
		for i, l := range set {
			costs[k] += l.weight * outcomeCost(rs[i].verdict(try), l.class, n, d)
		}
		best = min(best, costs[k])
	}
	ws := make([]float64, len(costs))
	for k, cost := range costs {
		ws[k] = nearness(cost, best, weight)
	}
	return softMedian(answerGrid, ws), bias
}

// weighOutOfScope weighs the left-out questions so that those of class
// none (out_of_scope examples) make share of the whole weight: an operator
// who writes many out_of_scope examples teaches the bot what is out of
// scope, not that most questions are.
func weighOutOfScope(lo []left, none int32, share float64) {
	var in, out float64
	for _, l := range lo {
		if l.class == none {
			out++
		} else {
			in++
		}
	}
	w := 1.0
	if out > 0 && in > 0 {
		w = share / (1 - share) * in / out
	}
	for i := range lo {
		lo[i].weight = 1
		if lo[i].class == none {
			lo[i].weight = w
		}
	}
}

// leaveOut scores question ex against the model without the examples of
// out.
func (md *model) leaveOut(ex *example, out *heldOut) left {
	n := md.noneClass()
	s := md.scores(ex.feats, out)
	sims := md.similarities(ex.feats, out)
	l := left{class: ex.class, none: s[n], noneSim: sims[n], unknown: md.unknownLeftOut(ex, out)}
	seen := map[int32]bool{}
	for _, by := range [][]float64{s, sims} {
		for _, c := range topClasses(by, n, calibrationTop) {
			if !seen[c] {
				seen[c] = true
				l.top = append(l.top, c)
				l.scores = append(l.scores, s[c])
				l.sims = append(l.sims, sims[c])
			}
		}
	}
	return l
}

// sparse returns question q held out together with the example questions
// of its class (questions, in file order) beyond the FAQ's question and the
// first MinAlternates alternates other than q, or nil when the class has no
// more than those: q is then scored as a question about a FAQ an operator
// has just added.
func (md *model) sparse(questions []int32, q int32) *heldOut {
	keep := MinAlternates + 1
	var out []int32
	for _, i := range questions {
		if i == q {
			continue
		}
		if keep > 0 {
			keep--
			continue
		}
		out = append(out, i)
	}
	if len(out) == 0 {
		return nil
	}
	return md.holdOut(md.examples[q].class, append(out, q)...)
}

// parallel calls f(0) … f(n-1) on GOMAXPROCS goroutines and returns when
// all have returned.
func parallel(n int, f func(int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				f(k)
			}
		}()
	}
	for k := range n {
		next <- k
	}
	close(next)
	wg.Wait()
}

// probabilityTop is how many FAQ classes, the best by score, share the
// probability with none; the others' would be negligible, and leaving them
// out keeps a question's cost from growing with the number of FAQs.
const probabilityTop = 16

// probabilities turns class scores s into probabilities at temperature
// t, in place: a softmax over none and the probabilityTop best FAQ
// classes, the others getting 0. It returns s, now the probabilities, and
// those classes, best first.
func (md *model) probabilities(s []float64, t float64) ([]float64, []int32) {
	n := md.noneClass()
	top := topClasses(s, n, probabilityTop)
	mx := s[n]
	for _, c := range top {
		mx = max(mx, s[c])
	}
	var e [probabilityTop]float64 // of top
	none := math.Exp((s[n] - mx) / t)
	sum := none
	for i, c := range top {
		e[i] = math.Exp((s[c] - mx) / t)
		sum += e[i]
	}
	clear(s)
	s[n] = none / sum
	for i, c := range top {
		s[c] = e[i] / sum
	}
	return s, top
}

// topClasses returns the k FAQ classes (below noneClass) with the highest
// values of by, best first.
func topClasses(by []float64, noneClass int32, k int) []int32 {
	top := make([]int32, 0, k+1)
	for c := range noneClass {
		if len(top) == k && by[c] <= by[top[k-1]] {
			continue // the usual case: not among the best
		}
		j := sort.Search(len(top), func(j int) bool { return by[top[j]] < by[c] })
		if j >= k {
			continue
		}
		top = append(top, 0)
		copy(top[j+1:], top[j:])
		top[j] = c
		top = top[:min(len(top), k)]
	}
	return top
}

// nearBestLikelihood is how far, as a share of the best log-likelihood, a
// setting of the softmax may fall short and still count as one of the
// best.
const nearBestLikelihood = 0.003

// thresholdSoftness is the mean cost over the least at which a threshold
// setting weighs 1/e of the best in the choice of the thresholds
// (softMedian). The thresholds are not the setting of least cost: many
// come within a hair of it on a few hundred questions, and the one that
// wins changes with every example added. Weighing them all by how near
// they come, the thresholds move a little when the examples change a
// little: an operator who adds one alternate sees about half as many
// other questions change outcome in the impact preview (median 9 → 4.5
// of 1,514 tuning questions, 30 edits) as with the median of the
// settings within 0.03 of the least.
const thresholdSoftness = 0.015

// nearness is the weight of a threshold setting of total cost cost, the
// least being best, over questions of total weight weight.
func nearness(cost, best, weight float64) float64 {
	return math.Exp(-(cost - best) / (thresholdSoftness * weight))
}

// The thresholds tried: the probability to answer (Answer, SparseAnswer),
// to offer a FAQ (Suggest), and the total the offered FAQs need
// (Clarify).
var (
	answerGrid  = steps(0.30, 0.951, 0.025)
	suggestGrid = steps(0.10, 0.401, 0.025)
	clarifyGrid = steps(0.30, 0.901, 0.05)
)

// steps returns from, from+step, … while at most limit, each added to the
// one before.
func steps(from, limit, step float64) []float64 {
	var out []float64
	for v := from; v <= limit; v += step {
		out = append(out, v)
	}
	return out
}

// softMedian is the median of the distribution that spreads weight[i]
// evenly over the step of grid (evenly spaced, ascending) around grid[i]:
// unlike the grid value with the most weight, it moves a little when the
// weights move a little.
func softMedian(grid, weight []float64) float64 {
	var total float64
	for _, w := range weight {
		total += w
	}
	if len(grid) == 1 || total == 0 {
		return grid[0]
	}
	h := grid[1] - grid[0]
	cum := 0.0
	for i, w := range weight {
		if w > 0 && cum+w >= total/2 {
			return grid[i] - h/2 + h*(total/2-cum)/w
		}
		cum += w
	}
	return grid[len(grid)-1]
}

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}

// unknownLeftOut is the unknownShare of ex's words that no example but
// those of out has.
func (md *model) unknownLeftOut(ex *example, out *heldOut) float64 {
	u, k := 0, 0
	for _, w := range ex.words {
		id, ok := md.ids[w]
		switch {
		case ok && md.total[id]-out.counts[id] > 1e-9:
			k++
		case countsAsUnknown(w):
			u++
		}
	}
	return unknownShare(u, k)
}

// unknownShare is the share of a message's words that are unknown, u of
// them, beside k known ones.
func unknownShare(u, k int) float64 {
	if u == 0 {
		return 0
	}
	return float64(u) / float64(u+k)
}

// countsAsUnknown reports whether word w, when no example has it, is
// evidence of another subject: a Chinese word of two or more characters
// or an English word of four or more letters (not a name's initials or a
// particle), with no digit (not a number, a size or a date).
func countsAsUnknown(w string) bool {
	if strings.ContainsAny(w, "0123456789") {
		return false // a number, a size, a date or a month (9月)
	}
	if hasHan(w) {
		return utf8.RuneCountInString(w) >= 2
	}
	return len(w) >= 4 && hasASCIILetter(w)
}

func softmax(s []float64, t float64) []float64 {
	p := make([]float64, len(s))
	top := math.Inf(-1)
	for _, v := range s {
		top = max(top, v)
	}
	sum := 0.0
	for i, v := range s {
		p[i] = math.Exp((v - top) / t)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// verdict is a decision in terms of classes.
type verdict struct {
	kind    Kind
	class   int32   // answered class
	offered []int32 // clarification, best first
}

// ranking is the FAQ classes a message's probabilities rank first, best
// first (at most max_suggestions), and the probability of none.
type ranking struct {
	// sparse says the first FAQ is taught by few examples: it is
	// answered at calibration.SparseAnswer.
	sparse bool
	top    []int32
	probs  []float64 // of top
	none   float64
}

// rank is the ranking of probabilities p whose best FAQ classes are top,
// best first, as probabilities returns them: the first maxSuggestions of
// them (the other classes' probability is 0, so no pass over every class
// is needed).
func (md *model) rank(p []float64, top []int32, maxSuggestions int) ranking {
	n := md.noneClass()
	r := ranking{none: p[n], top: top[:min(len(top), maxSuggestions)]}
	r.sparse = len(r.top) > 0 && md.sparseClass[r.top[0]]
	for _, c := range r.top {
		r.probs = append(r.probs, p[c])
	}
	return r
}

// verdict applies the thresholds: answer the best FAQ when it is probable
// enough and more probable than none; else offer the FAQs that are
// probable enough when together they are; else fall back.
func (r ranking) verdict(cal calibration) verdict {
	if v, ok := r.answered(cal); ok {
		return v
	}
	if k, sum := r.suggested(cal.Suggest); k > 0 && sum >= cal.Clarify {
		return verdict{kind: KindClarify, offered: r.top[:k]}
	}
	return verdict{kind: KindFallback}
}

// answered returns the answer, and true, when the best FAQ is probable
// enough under cal and more probable than none; a message with no FAQ to
// rank is answered by a fallback.
func (r *ranking) answered(cal calibration) (verdict, bool) {
	if len(r.top) == 0 {
		return verdict{kind: KindFallback}, true
	}
	answer := cal.Answer
	if r.sparse {
		answer = cal.SparseAnswer
	}
	if r.probs[0] >= answer && r.probs[0] > r.none {
		return verdict{kind: KindAnswer, class: r.top[0]}, true
	}
	return verdict{}, false
}

// suggested returns how many of the best FAQs are probable enough to
// offer at suggestion threshold s, and their summed probability.
func (r *ranking) suggested(s float64) (k int, sum float64) {
	for k < len(r.top) && r.probs[k] >= s {
		sum += r.probs[k]
		k++
	}
	return k, sum
}

// outcomeCost is the cost of verdict v on a question of class truth, in
// the desk's terms (decision: in intents.yaml), against 1 for a fallback
// on a question a FAQ answers.
func outcomeCost(v verdict, truth, noneClass int32, d DecisionRules) float64 {
	inScope := truth != noneClass
	switch v.kind {
	case KindAnswer:
		if v.class == truth {
			return 0
		}
		return d.WrongAnswerCost
	case KindClarify:
		if !inScope {
			return d.ClarifyNoneCost
		}
		for _, c := range v.offered {
			if c == truth {
				return d.ClarifyRightCost
			}
		}
		return d.ClarifyWrongCost
	default:
		if inScope {
			return 1
		}
		return 0
	}
}
