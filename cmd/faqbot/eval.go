package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/kzrh/faqbot/intents"
)

func runEval(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "eval", "eval [--min ACCURACY] [--summary] [-v] [--faq FILE] [--intents FILE] FILE.jsonl\n\nFILE.jsonl holds one {\"text\": ..., \"want\": [FAQ numbers or intent names]} a line; \"want\": [] means no FAQ answers it (fallback).")
	var paths configPaths
	paths.register(fs, e)
	min := fs.Float64("min", 0, "exit with status 1 when the overall accuracy is below this (0..1)")
	verbose := fs.Bool("v", false, "list every miss with its top candidates")
	summary := fs.Bool("summary", false, "print the figures only, no question text (for held-out sets, whose misses must not be read while tuning)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() == 0:
		fs.Usage()
		return exitCode(2)
	case fs.NArg() > 1:
		return fmt.Errorf("eval takes one FILE.jsonl, after its flags (got %q): faqbot eval --min 0.9 FILE.jsonl", strings.Join(fs.Args(), " "))
	}
	m, err := loadMatcher(e, paths)
	if err != nil {
		return reportConfigError(e, err)
	}
	examples, err := readExampleFile(fs.Arg(0))
	if err != nil {
		return err
	}
	r := intents.Evaluate(m, examples)
	printReport(e, r, *verbose, *summary)
	if r.Accuracy() < *min {
		fmt.Fprintf(e.stderr, "accuracy %.3f is below --min %.3f\n", r.Accuracy(), *min)
		return exitCode(1)
	}
	return nil
}

func readExampleFile(path string) ([]intents.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ex, err := intents.ReadExamples(path, f)
	if err == nil && len(ex) == 0 {
		// Every figure of an empty set is 1: a gate on it would pass.
		return nil, fmt.Errorf("%s: no labelled questions", path)
	}
	return ex, err
}

func printReport(e env, r intents.Report, verbose, summary bool) {
	w := e.stdout
	fmt.Fprintf(w, "accuracy            %.3f  (%d/%d)\n", r.Accuracy(), r.Correct, r.Total)
	fmt.Fprintf(w, "in scope answered   %.3f  (%d/%d)\n", r.InScopeAccuracy(), r.InScopeCorrect, r.InScope)
	fmt.Fprintf(w, "out of scope → fallback %.3f  (%d/%d)\n", r.FallbackAccuracy(), r.FallbackCorrect, r.Fallback)
	fmt.Fprintf(w, "small talk          %.3f  (%d/%d)\n", r.SmallTalkAccuracy(), r.SmallCorrect, r.SmallTalk)
	fmt.Fprintf(w, "wrong answers       %d\n\n", r.WrongAnswers)
	if len(r.ByStyle) > 0 {
		fmt.Fprintln(w, "style          right  wrong answers")
		for _, st := range r.ByStyle {
			fmt.Fprintf(w, "%-12s %3d/%-3d %5.1f %%  %d\n", st.Style, st.Correct, st.Total, 100*float64(st.Correct)/float64(st.Total), st.Wrong)
		}
		fmt.Fprintln(w)
	}
	if summary {
		return
	}
	fmt.Fprintln(w, "FAQ  precision recall  TP FP FN")
	for _, s := range r.PerFAQ {
		fmt.Fprintf(w, "%3d  %9.3f %6.3f %3d %2d %2d\n", s.No, s.Precision, s.Recall, s.TP, s.FP, s.FN)
	}
	if len(r.Misses) == 0 {
		return
	}
	fmt.Fprintf(w, "\nmisses (%d):\n", len(r.Misses))
	for _, o := range r.Misses {
		d := o.Decision
		got := string(d.Kind)
		switch d.Kind {
		case intents.KindAnswer:
			got = fmt.Sprintf("answer %d", d.FAQ)
		case intents.KindClarify:
			got = fmt.Sprintf("clarify %v", d.Suggestions)
		case intents.KindSmallTalk:
			got = "smalltalk " + d.Intent
		}
		fmt.Fprintf(w, "  line %d: want %v, got %s (score %.3f): %s\n", o.Example.Line, o.Example.Want, got, d.Score, o.Example.Text)
		if verbose && d.Explanation != nil {
			fmt.Fprintf(w, "      words %v\n", d.Explanation.Tokens)
			for _, c := range d.Explanation.Candidates {
				fmt.Fprintf(w, "      %-32s %.3f %v\n", fmt.Sprintf("%d %s", c.FAQ, c.Intent), c.Score, c.Words)
			}
		}
	}
}
