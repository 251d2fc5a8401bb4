package admin

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/intents"
)

// TestWhyShowsTheBiasOfAFAQTaughtByFewExamples: the Why of a question
// lists, under a FAQ an operator has just added with five alternates, the
// bias its score gets (intents.Candidate.FewExamplesBias), and under no
// other FAQ.
func TestWhyShowsTheBiasOfAFAQTaughtByFewExamples(t *testing.T) {
	e := &explanationView{Explanation: &intents.Explanation{Rule: "answer"}, Candidates: []candidateView{
		{Candidate: intents.Candidate{FAQ: 7, Intent: "printing-fees", Score: 0.9, FewExamplesBias: 1.7}, Title: "打印和复印怎么收费？"},
		{Candidate: intents.Candidate{FAQ: 3, Intent: "borrowing-limit", Score: 0.05}, Title: "一次可以借几本书？"},
	}}
	for _, tc := range []struct {
		l     lang
		label string
	}{{langZH, "示例较少的问答（如新加的问答）所加的分："}, {langEN, "bias of a FAQ taught by few examples:"}} {
		var b bytes.Buffer
		if err := explanation(tc.l, e).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		if n := strings.Count(page, tc.label); n != 1 {
			t.Errorf("%s: the label %q appears %d times, want once (FAQ 7 only)", tc.l, tc.label, n)
		}
		if i := strings.Index(page, tc.label); i >= 0 && !strings.Contains(page[i:min(len(page), i+len(tc.label)+40)], "1.700") {
			t.Errorf("%s: the bias 1.700 does not follow its label: %q", tc.l, page[i:min(len(page), i+len(tc.label)+40)])
		}
		if i, j := strings.Index(page, tc.label), strings.Index(page, "一次可以借几本书"); i < 0 || j < 0 || i > j {
			t.Errorf("%s: the bias is not shown under FAQ 7, before FAQ 3", tc.l)
		}
	}
}
