package intents

import (
	"fmt"
	"math"
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

// SynonymUse records one word mapped to its canonical form.
type SynonymUse struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Candidate is one of the best-scoring FAQs or small-talk intents.
type Candidate struct {
	FAQ           int      `json:"faq,omitempty"`
	Intent        string   `json:"intent"`
	Score         float64  `json:"score"`
	Coverage      float64  `json:"coverage"`
	Alternate     float64  `json:"alternate"`
	Keywords      float64  `json:"keywords"`
	Bigram        float64  `json:"bigram"`
	Matched       []string `json:"matched,omitempty"`
	KeywordsHit   []string `json:"keywords_hit,omitempty"`
	BestAlternate string   `json:"best_alternate,omitempty"`
	Negative      []string `json:"negative,omitempty"`
}

// ContextUsage says how an earlier turn's topic completed this question.
type ContextUsage struct {
	Topic     string `json:"topic"`
	Completed string `json:"completed"`
	Rule      string `json:"rule"`
}

// explainCandidates is how many candidates an Explanation lists.
const explainCandidates = 5

func (m *Matcher) explain(a analysis, syn []SynonymUse, ranked []scored, d Decision) *Explanation {
	e := &Explanation{Normalized: a.normalized, Tokens: a.words, Synonyms: syn}
	for _, w := range a.words {
		if _, ok := m.idf[w]; !ok {
			e.Unknown = append(e.Unknown, w)
		}
	}
	for i, r := range ranked {
		if i == explainCandidates {
			break
		}
		doc := &m.docs[r.doc]
		c := Candidate{FAQ: doc.no, Intent: doc.name, Score: round3(r.score),
			Coverage: round3(r.coverage), Alternate: round3(r.alternate), Keywords: round3(r.keywords),
			Bigram: round3(r.bigram)}
		for _, w := range a.words {
			if doc.vocab[w] || doc.answer[w] {
				c.Matched = append(c.Matched, w)
			}
		}
		for _, k := range doc.keywords {
			if hasAll(a.words, k.words) {
				c.KeywordsHit = append(c.KeywordsHit, fmt.Sprintf("%s(%g)", k.text, k.weight))
			}
		}
		if r.bestAlt >= 0 {
			c.BestAlternate = doc.alts[r.bestAlt].text
		}
		for _, n := range doc.negatives {
			if hasAll(a.words, n.words) {
				c.Negative = append(c.Negative, n.text)
			}
		}
		if r.unmet {
			// Listed with the negative keywords: both lowered the score.
			req := make([]string, len(doc.requires))
			for i, p := range doc.requires {
				req[i] = p.text
			}
			c.Negative = append(c.Negative, "requires one of: "+strings.Join(req, ", "))
		}
		e.Candidates = append(e.Candidates, c)
	}
	e.Rule = m.rule(ranked, d)
	return e
}

// rule states, in words, the threshold or margin that decided.
func (m *Matcher) rule(ranked []scored, d Decision) string {
	t := m.cfg.Rules.Thresholds
	if len(ranked) == 0 {
		return "fallback: no FAQ knows any word of the question"
	}
	best := ranked[0].score
	second := 0.0
	if len(ranked) > 1 {
		second = ranked[1].score
	}
	switch d.Kind {
	case KindAnswer, KindSmallTalk:
		return fmt.Sprintf("%s: best score %.3f ≥ answer threshold %.2f and lead %.3f ≥ margin %.2f",
			d.Kind, best, t.Answer, best-second, t.Margin)
	case KindClarify:
		if best >= t.Answer {
			return fmt.Sprintf("clarify: best score %.3f ≥ answer threshold %.2f but lead %.3f < margin %.2f",
				best, t.Answer, best-second, t.Margin)
		}
		return fmt.Sprintf("clarify: best score %.3f < answer threshold %.2f but ≥ clarify threshold %.2f",
			best, t.Answer, t.Clarify)
	default:
		if best >= t.Clarify {
			return fmt.Sprintf("fallback: best score %.3f ≥ clarify threshold %.2f but no FAQ to offer (a lone suggestion needs clarify_single %.2f)",
				best, t.Clarify, t.ClarifySingle)
		}
		return fmt.Sprintf("fallback: best score %.3f < clarify threshold %.2f", best, t.Clarify)
	}
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
