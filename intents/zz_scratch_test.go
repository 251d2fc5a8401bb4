package intents

import (
	"fmt"
	"os"
	"testing"
)

func TestScratchEval(t *testing.T) {
	file := os.Getenv("EVALFILE")
	if file == "" {
		t.Skip()
	}
	cfg, err := LoadFiles("../faq.yaml", "intents.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := New(cfg)
	f, _ := os.Open(file)
	exs, _ := ReadExamples(file, f)
	r := Evaluate(m, exs)
	fmt.Printf("in %.3f (%d/%d) oos %.3f small %.3f wrong %d\n", r.InScopeAccuracy(), r.InScopeCorrect, r.InScope, r.FallbackAccuracy(), r.SmallTalkAccuracy(), r.WrongAnswers)
	if os.Getenv("V") == "" {
		return
	}
	for _, o := range r.Misses {
		d := o.Decision
		fmt.Printf("want %v got %s %d %v %.3f: %s\n   %v\n", o.Example.Want, d.Kind, d.FAQ, d.Suggestions, d.Score, o.Example.Text, d.Explanation.Tokens)
		for i, c := range d.Explanation.Candidates {
			if i < 3 {
				fmt.Printf("      %d %.3f cov %.2f alt %.2f kw %.2f bi %.2f %v\n", c.FAQ, c.Score, c.Coverage, c.Alternate, c.Keywords, c.Bigram, c.Matched)
			}
		}
	}
}
