package intents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLikelihoodSum checks the calibration's cheap log-likelihood (one
// log per sum, floors decided by comparison) against the direct formula,
// log of the true class's softmax probability floored at 1e-9, summed
// question by question, on questions of every kind: FAQ questions whose
// class is or is not among the best, out_of_scope examples, hopeless
// ones, none's score far above or below the FAQs', and enough of them that
// the product leaves float range.
func TestLikelihoodSum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		temp := []float64{0.5, 1, 1.7, 4}[trial%4]
		var got [2]logSum
		var want [2]float64
		for range 2000 {
			// Now and then none's score runs hundreds above or below the
			// FAQs' (an operator's files are not bounded): e^(score/t)
			// leaves float range there.
			spread := 20.0
			if r.IntN(10) == 0 {
				spread = 400
			}
			l := left{class: 1, none: r.NormFloat64() * spread, noneSim: r.Float64()}
			for c := range 1 + r.IntN(8) {
				l.top = append(l.top, int32(c+r.IntN(2)))
				l.scores = append(l.scores, r.NormFloat64()*15)
				l.sims = append(l.sims, r.Float64())
			}
			isNone := r.IntN(4) == 0
			if isNone {
				l.class = 99
			}
			sim, shift := 4.0, r.NormFloat64()*3
			p := l.faqPart(sim, temp)
			noneScore := l.none + sim*l.noneSim
			p.noneAt(noneScore, temp)
			p.add(&got[b2i(isNone)], math.Exp(shift), isNone)

			truth := math.Inf(-1)
			for i := range l.scores {
				if l.top[i] == l.class {
					truth = l.scores[i] + sim*l.sims[i]
				}
			}
			none := noneScore + shift*temp
			if isNone {
				truth = none
			}
			s := append(append([]float64{}, l.scores...), none)
			for i := range l.scores {
				s[i] += sim * l.sims[i]
			}
			top, sum := math.Inf(-1), 0.0
			for _, v := range s {
				top = max(top, v)
			}
			for _, v := range s {
				sum += math.Exp((v - top) / temp)
			}
			ll := likelihoodFloor
			if !math.IsInf(truth, -1) {
				ll = max((truth-top)/temp-math.Log(sum), likelihoodFloor)
			}
			want[b2i(isNone)] += ll
		}
		for k := range got {
			if g, w := got[k].value(), want[k]; math.Abs(g-w) > 1e-7*math.Abs(w)+1e-9 {
				t.Fatalf("trial %d, kind %d: sum %.12g, want %.12g", trial, k, g, w)
			}
		}
	}
}

// TestSoftMedian: the soft median of weights on a grid is the grid value
// that holds all the weight, lies between grid values as the weight
// spreads, and moves a little, not a step, when a weight changes a
// little.
func TestSoftMedian(t *testing.T) {
	grid := []float64{0.5, 0.6, 0.7, 0.8}
	for _, tc := range []struct {
		weights []float64
		want    float64
	}{
		{[]float64{0, 0, 1, 0}, 0.7},
		{[]float64{1, 1, 1, 1}, 0.65},
		{[]float64{0, 1, 1, 0}, 0.65},
		{[]float64{0, 0, 0, 0}, 0.5},
	} {
		if got := softMedian(grid, tc.weights); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("softMedian(%v) = %g, want %g", tc.weights, got, tc.want)
		}
	}
	a := softMedian(grid, []float64{0, 1, 1, 0})
	b := softMedian(grid, []float64{0, 1, 1.02, 0})
	if d := b - a; d <= 0 || d > 0.01 {
		t.Errorf("a 2%% change of one weight moved the soft median by %g, want a small move up", d)
	}
}
