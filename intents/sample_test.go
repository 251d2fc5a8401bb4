package intents

import (
	"fmt"
	"slices"
	"testing"
)

// sampleModel is a model with n example questions over three FAQs and
// none, as calibrationSample sees them.
func sampleModel(n int) (*model, []int) {
	md := &model{classes: []class{{no: 1}, {no: 2}, {no: 3}, {name: none}}}
	var qs []int
	for i := range n {
		md.examples = append(md.examples, example{class: int32(i % 4), text: fmt.Sprintf("问题 %d", i), question: true})
		qs = append(qs, i)
	}
	return md, qs
}

func sampledTexts(md *model, picked []int32) []string {
	var out []string
	for _, i := range picked {
		out = append(out, md.examples[i].text)
	}
	slices.Sort(out)
	return out
}

func TestCalibrationSample(t *testing.T) {
	md, qs := sampleModel(maxCalibration - 1)
	if got := md.calibrationSample(qs); len(got) != len(qs) {
		t.Fatalf("%d questions: sampled %d, want all of them", len(qs), len(got))
	}

	md, qs = sampleModel(3 * maxCalibration / 2)
	picked := md.calibrationSample(qs)
	if len(picked) != maxCalibration {
		t.Fatalf("sampled %d of %d questions, want %d", len(picked), len(qs), maxCalibration)
	}
	if !slices.IsSorted(picked) {
		t.Error("the sample is not in file order")
	}
	if again := md.calibrationSample(qs); !slices.Equal(picked, again) {
		t.Error("the same examples gave another sample")
	}
	before := sampledTexts(md, picked)

	// An operator removes one example near the top of the file, one the
	// sample holds and one it does not: the sample changes by that one
	// question (and the one that takes its place), not wholesale.
	for _, drop := range []int{int(picked[0]), firstNotIn(picked)} {
		md2, _ := sampleModel(0)
		var qs2 []int
		for i, ex := range md.examples {
			if i != drop {
				qs2 = append(qs2, len(md2.examples))
				md2.examples = append(md2.examples, ex)
			}
		}
		after := sampledTexts(md2, md2.calibrationSample(qs2))
		if changed := len(before) - common(before, after); changed > 1 {
			t.Errorf("removing example %d changed %d questions of the sample, want at most 1", drop, changed)
		}
	}
}

func firstNotIn(picked []int32) int {
	for i := 0; ; i++ {
		if _, found := slices.BinarySearch(picked, int32(i)); !found {
			return i
		}
	}
}

// common counts the strings two sorted lists share.
func common(a, b []string) int {
	n := 0
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); found {
			n++
		}
	}
	return n
}
