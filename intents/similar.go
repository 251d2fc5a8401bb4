package intents

// Similarity to single examples. The class scores of model.go pool every
// example of a FAQ; a FAQ with five examples then speaks softly, and a
// question that says almost word for word what one example says is not
// recognised as such. The closest example of each class, by the cosine of
// rarity-weighted features, is the second signal: calibration learns how
// much it counts (calibration.Similarity), and with it how a FAQ taught
// by five alternates is answered.

import (
	"math"
	"sync"
)

// exampleRef is one example that has a feature, with the feature's
// weighted value in it.
type exampleRef struct {
	example int32
	value   float64
}

// exampleIndex finds the examples that share features with a text.
type exampleIndex struct {
	rarity   []float64      // feature id → weight of rarity among examples
	postings [][]exampleRef // feature id → examples with the feature
	norms    []float64      // example → length of its weighted vector
	scratch  sync.Pool      // of *dotScratch, sized to the examples
}

func (md *model) buildIndex() {
	n := len(md.examples)
	idx := &exampleIndex{rarity: make([]float64, len(md.names)), postings: make([][]exampleRef, len(md.names)), norms: make([]float64, n)}
	df := make([]int, len(md.names))
	for _, ex := range md.examples {
		for _, f := range ex.feats {
			df[f.id]++
		}
	}
	for id := range df {
		if !md.unigram[id] {
			idx.rarity[id] = math.Log(1 + float64(n)/float64(max(df[id], 1)))
		}
	}
	for i, ex := range md.examples {
		var sq float64
		for _, f := range ex.feats {
			v := f.value * idx.rarity[f.id]
			if v == 0 {
				continue // a character alone: it weighs for a class, not for a likeness
			}
			idx.postings[f.id] = append(idx.postings[f.id], exampleRef{example: int32(i), value: v})
			sq += v * v
		}
		idx.norms[i] = math.Sqrt(sq)
	}
	idx.scratch.New = func() any { return &dotScratch{dots: make([]float64, n), best: make([]float64, len(md.classes))} }
	md.index = idx
}

// similarities returns, for every class, the cosine between features x
// and the class's closest example, leaving out the examples of out (nil:
// none).
func (md *model) similarities(x []feature, out *heldOut) []float64 {
	sims := make([]float64, len(md.classes))
	md.eachClosest(x, out, func(c int32, sim float64) { sims[c] = sim })
	return sims
}

// addSimilarities adds weight times similarities(x, out) to the class
// scores s, touching only the classes whose examples share a feature with
// x: matching a message allocates no vector of every class for it.
func (md *model) addSimilarities(x []feature, out *heldOut, weight float64, s []float64) {
	md.eachClosest(x, out, func(c int32, sim float64) { s[c] += weight * sim })
}

// eachClosest calls visit once for each class with an example, but
// those of out, that shares a feature with x, with the cosine of the
// closest one, when it is above 0.
func (md *model) eachClosest(x []feature, out *heldOut, visit func(c int32, sim float64)) {
	acc := md.index.scratch.Get().(*dotScratch)
	defer md.index.scratch.Put(acc)
	qn := md.dots(x, out, acc)
	for _, e := range acc.touched {
		c := md.examples[e].class
		if sim := acc.dots[e] / (qn * md.index.norms[e]); sim > acc.best[c] {
			if acc.best[c] == 0 {
				acc.classes = append(acc.classes, c)
			}
			acc.best[c] = sim
		}
		acc.dots[e] = 0
	}
	acc.touched = acc.touched[:0]
	for _, c := range acc.classes {
		visit(c, acc.best[c])
		acc.best[c] = 0
	}
	acc.classes = acc.classes[:0]
}

// dots accumulates in acc the dot product of features x with every
// example, but those of out, that shares a feature with it (acc.touched
// lists them; the caller resets their acc.dots), and returns the length of
// x's weighted vector, 0 when it has none.
func (md *model) dots(x []feature, out *heldOut, acc *dotScratch) float64 {
	idx := md.index
	var qn float64
	for _, f := range x {
		v := f.value * idx.rarity[f.id]
		qn += v * v
	}
	if qn == 0 {
		return 0
	}
	for _, f := range x {
		v := f.value * idx.rarity[f.id]
		for _, r := range idx.postings[f.id] {
			if out != nil && out.has(r.example) {
				continue
			}
			if acc.dots[r.example] == 0 {
				acc.touched = append(acc.touched, r.example)
			}
			acc.dots[r.example] += v * r.value
		}
	}
	return math.Sqrt(qn)
}

// dotScratch accumulates dot products by example: dense, reset through
// the list of examples touched, and reused (exampleIndex.scratch).
type dotScratch struct {
	dots    []float64
	touched []int32
	// best is the best cosine of each class so far, classes the classes
	// it is set for (eachClosest).
	best    []float64
	classes []int32
}
