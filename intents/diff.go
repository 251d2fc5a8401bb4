package intents

import "slices"

// Change is one question whose outcome differs between two configurations.
type Change struct {
	Text          string
	Before, After Decision
}

// Diff matches every question with both matchers and lists those whose
// outcome changes: another kind, another FAQ or small-talk intent, or other
// suggestions (a different order counts: the person sees another list).
// A score that moves without changing the outcome is not a change. Each
// distinct text is matched once; the changes keep the questions' order.
func Diff(before, after *Matcher, questions []string) []Change {
	var out []Change
	seen := make(map[string]bool, len(questions))
	for _, q := range questions {
		if seen[q] {
			continue
		}
		seen[q] = true
		b, a := before.Match(q), after.Match(q)
		if !SameOutcome(b, a) {
			out = append(out, Change{Text: q, Before: b, After: a})
		}
	}
	return out
}

// SameOutcome reports whether two decisions would give the same reply.
func SameOutcome(a, b Decision) bool {
	return a.Kind == b.Kind && a.FAQ == b.FAQ && a.Intent == b.Intent &&
		slices.Equal(a.Suggestions, b.Suggestions)
}

// Comparison is one evaluation set run under two configurations.
type Comparison struct {
	Before, After Report
	// Fixed lists the examples decided wrongly before and correctly after;
	// Broken the examples decided correctly before and wrongly after.
	Fixed, Broken []Change
}

// Compare evaluates examples with both matchers and lists the examples
// that one of them gets right and the other wrong.
func Compare(before, after *Matcher, examples []Example) Comparison {
	c := Comparison{Before: Evaluate(before, examples), After: Evaluate(after, examples)}
	type key struct {
		line int
		text string
	}
	missed := func(r Report) map[key]Decision {
		m := make(map[key]Decision, len(r.Misses))
		for _, o := range r.Misses {
			m[key{o.Example.Line, o.Example.Text}] = o.Decision
		}
		return m
	}
	wrongBefore, wrongAfter := missed(c.Before), missed(c.After)
	for _, ex := range examples {
		k := key{ex.Line, ex.Text}
		b, bWrong := wrongBefore[k]
		a, aWrong := wrongAfter[k]
		switch {
		case bWrong && !aWrong:
			c.Fixed = append(c.Fixed, Change{Text: ex.Text, Before: plain(b), After: after.Match(ex.Text)})
		case !bWrong && aWrong:
			c.Broken = append(c.Broken, Change{Text: ex.Text, Before: before.Match(ex.Text), After: plain(a)})
		}
	}
	return c
}

// plain drops the explanation Evaluate asked for: a Comparison is a
// summary, and the explanations of hundreds of examples are not.
func plain(d Decision) Decision {
	d.Explanation = nil
	return d
}
