package intents

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Explanation says why the matcher decided what it did. It holds the
// question's normalised text, so it is for operators' tools only and is
// never logged.
type Explanation struct {
	Normalized string        `json:"normalized"`
	Tokens     []string      `json:"tokens"`
	Synonyms   []SynonymUse  `json:"synonyms,omitempty"`
	Unknown    []string      `json:"unknown,omitempty"`
	Candidates []Candidate   `json:"candidates"`
	Rule       string        `json:"rule"`
	Context    *ContextUsage `json:"context,omitempty"`
}

// SynonymUse records one word mapped to its canonical form: a synonym, an
// English term, or a stretch that sounded like a domain word.
type SynonymUse struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Candidate is one of the most probable FAQs, or "none of these" (FAQ 0,
// intent "none").
type Candidate struct {
	FAQ    int    `json:"faq,omitempty"`
	Intent string `json:"intent"`
	// Score is the model's probability of the candidate.
	Score float64 `json:"score"`
	// Words are the learned weights of the message's words, word pairs
	// (a+b), characters (字a) and character bigrams (字ab) for this
	// candidate, strongest first: positive for evidence for it, zero for
	// words its examples never use.
	Words []WordWeight `json:"words,omitempty"`
	// Matched are the message's words the candidate's examples use.
	Matched []string `json:"matched,omitempty"`
	// BestAlternate is the candidate's example closest to the message.
	BestAlternate string `json:"best_alternate,omitempty"`
	// FewExamplesBias is the bias added to the score of a FAQ taught by
	// few examples (one just added with five alternates;
	// calibration.SparseBias); 0 for the others.
	FewExamplesBias float64 `json:"few_examples_bias,omitempty"`
}

// WordWeight is a feature of the message and its learned weight.
type WordWeight struct {
	Word   string  `json:"word"`
	Weight float64 `json:"weight"`
}

// ContextUsage says how an earlier turn's topic completed this question.
type ContextUsage struct {
	Topic     string `json:"topic"`
	Completed string `json:"completed"`
	Rule      string `json:"rule"`
}

// explainCandidates is how many candidates an Explanation lists, and
// explainWords how many weights each shows.
const (
	explainCandidates = 5
	explainWords      = 8
)

func (m *Matcher) explain(j judgement, d Decision) *Explanation {
	md := m.model
	e := &Explanation{Normalized: j.a.normalized, Tokens: j.a.words, Synonyms: j.syn, Unknown: m.unknownWords(j.a), Context: j.usedCx}
	order := make([]int32, len(j.probs))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(a, b int) bool { return j.probs[order[a]] > j.probs[order[b]] })
	for _, c := range order[:min(len(order), explainCandidates)] {
		cl := md.classes[c]
		cand := Candidate{FAQ: cl.no, Intent: cl.name, Score: round3(j.probs[c])}
		for _, f := range j.x {
			w := md.weight(f.id, c) * f.value
			name := md.names[f.id]
			if w > 0 && !strings.Contains(name, pairSep) && !strings.HasPrefix(name, charPrefix) {
				cand.Matched = append(cand.Matched, name)
			}
			cand.Words = append(cand.Words, WordWeight{Word: name, Weight: round3(w)})
		}
		sort.SliceStable(cand.Words, func(a, b int) bool { return cand.Words[a].Weight > cand.Words[b].Weight })
		cand.Words = cand.Words[:min(len(cand.Words), explainWords)]
		cand.BestAlternate = md.closest(c, j.a.words)
		if md.sparseClass[c] {
			cand.FewExamplesBias = round3(md.cal.SparseBias)
		}
		e.Candidates = append(e.Candidates, cand)
	}
	e.Rule = m.rule(j, d)
	return e
}

// closest returns the example question of class c that shares the most
// words with words.
func (md *model) closest(c int32, words []string) string {
	best, bestN := "", 0
	for _, ex := range md.examples {
		if ex.class != c || !ex.question {
			continue
		}
		n := 0
		for _, w := range ex.words {
			if containsWord(words, w) {
				n++
			}
		}
		if n > bestN {
			best, bestN = ex.text, n
		}
	}
	return best
}

// rule states, in words, the learned threshold that decided.
func (m *Matcher) rule(j judgement, d Decision) string {
	cal := m.model.cal
	if len(j.x) == 0 {
		return "fallback: no word of the message occurs in any example"
	}
	best := j.rank.probs[0]
	if j.sentence != "" {
		return fmt.Sprintf("answer: the whole message ranks FAQ %d first, and its sentence %q, read alone, answers it with probability %.3f", d.FAQ, j.sentence, best)
	}
	if j.exact {
		return fmt.Sprintf("%s: the message has the words of an example question of %s", d.Kind, m.model.classes[j.exactClass].name)
	}
	if j.settled && j.contrast {
		return fmt.Sprintf("answer: a contrasting follow-up (…呢): the conversation would settle on the FAQ its context is about, but the message's own words rank FAQ %d of the same topic first", d.FAQ)
	}
	if j.settled {
		return fmt.Sprintf("answer: the conversation settles a clarification: FAQ %d (probability %.3f) is the FAQ its context is about",
			d.FAQ, best)
	}
	answer, which := cal.Answer, "the learned answer threshold"
	if j.rank.sparse {
		answer, which = cal.SparseAnswer, "the learned answer threshold of a FAQ taught by few examples"
	}
	switch d.Kind {
	case KindAnswer:
		return fmt.Sprintf("answer: FAQ %d has probability %.3f ≥ %s %.3f, and none of these has %.3f",
			d.FAQ, best, which, answer, j.rank.none)
	case KindClarify:
		return fmt.Sprintf("clarify: the best FAQ's probability %.3f is below the answer threshold %.3f (or below none of these, %.3f); the FAQs offered each have ≥ %.3f and together %.3f ≥ %.3f",
			best, answer, j.rank.none, cal.Suggest, d.Score, cal.Clarify)
	}
	return fmt.Sprintf("fallback: the best FAQ's probability %.3f is below the answer threshold %.3f or below none of these (%.3f), and no FAQs reach the clarification thresholds (%.3f each, %.3f together)",
		best, answer, j.rank.none, cal.Suggest, cal.Clarify)
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
