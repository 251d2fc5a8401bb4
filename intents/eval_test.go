package intents_test

import (
	"os"
	"testing"

	"github.com/kzrh/faqbot/intents"
)

// TestEvaluationSets guards the matcher's measured quality on the three
// labelled sets: in-scope questions answered with the right FAQ,
// out-of-scope questions falling back, and few wrong answers, which cost
// an employer more than an honest fallback. The floors sit a little
// under today's figures (README) so that tuning cannot quietly lose them.
func TestEvaluationSets(t *testing.T) {
	m := shippedMatcher(t)
	for _, tc := range []struct {
		file              string
		inScope, fallback float64
		maxWrong          int
	}{
		{"testdata/dev.jsonl", 0.97, 0.95, 2},
		{"testdata/test.jsonl", 0.86, 0.93, 5},
		{"testdata/final.jsonl", 0.92, 0.92, 3},
		{"testdata/holdout.jsonl", 0.89, 0.93, 3},
		{"testdata/holdout2.jsonl", 0.90, 0.95, 2},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			examples, err := intents.ReadExamples(tc.file, f)
			if err != nil {
				t.Fatal(err)
			}
			r := intents.Evaluate(m, examples)
			t.Logf("in scope %.3f, fallback %.3f, small talk %.3f, wrong answers %d",
				r.InScopeAccuracy(), r.FallbackAccuracy(), r.SmallTalkAccuracy(), r.WrongAnswers)
			if r.InScopeAccuracy() < tc.inScope {
				t.Errorf("in-scope accuracy %.3f < %.2f (go run ./cmd/faqbot eval -v %s lists the misses)", r.InScopeAccuracy(), tc.inScope, tc.file)
			}
			if r.FallbackAccuracy() < tc.fallback {
				t.Errorf("out-of-scope fallback %.3f < %.2f", r.FallbackAccuracy(), tc.fallback)
			}
			if r.WrongAnswers > tc.maxWrong {
				t.Errorf("%d wrong answers > %d", r.WrongAnswers, tc.maxWrong)
			}
		})
	}
}
