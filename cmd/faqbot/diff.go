package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
)

func runDiff(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "diff", `diff --intents NEW.yaml [--faq NEW.yaml] [--questions FILE | --unmatched] [--dev FILE]

Replays questions against the current configuration and an edited one and
lists every question whose outcome changes, plus the accuracy on the labelled
dev set before and after. Exits 1 when the edit makes the dev-set accuracy
worse, so it can gate a merge.`)
	var cur configPaths
	fs.StringVar(&cur.faq, "current-faq", orDefault(e.getenv("FAQBOT_FAQ"), "faq.yaml"), "the current FAQ file (env FAQBOT_FAQ)")
	fs.StringVar(&cur.intents, "current-intents", orDefault(e.getenv("FAQBOT_INTENTS"), "intents/intents.yaml"), "the current rules file (env FAQBOT_INTENTS)")
	newIntents := fs.String("intents", "", "the edited intents.yaml (required)")
	newFAQ := fs.String("faq", "", "the edited faq.yaml (default: the current one)")
	questions := fs.String("questions", "", "questions to replay: JSON lines with a \"text\" field (default: the dev set)")
	unmatched := fs.Bool("unmatched", false, "replay the questions logged in the Redis at REDIS_URL over the last 7 days: the unmatched ones and the answered ones, so that an edit's effect on real traffic shows")
	dev := fs.String("dev", orDefault(e.getenv("FAQBOT_DEV_SET"), devSetPath), "the labelled dev set that decides the exit status (env FAQBOT_DEV_SET)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *newIntents == "" {
		fs.Usage()
		return exitCode(2)
	}
	if *questions != "" && *unmatched {
		return errors.New("use --questions or --unmatched, not both")
	}
	before, err := loadMatcher(e, cur)
	if err != nil {
		fmt.Fprintln(e.stderr, "the current configuration is invalid:")
		return reportConfigError(e, err)
	}
	after, err := loadMatcher(e, configPaths{faq: orDefault(*newFAQ, cur.faq), intents: *newIntents})
	if err != nil {
		fmt.Fprintln(e.stderr, "the edited configuration is invalid:")
		return reportConfigError(e, err)
	}
	examples, err := readExampleFile(*dev)
	if err != nil {
		return err
	}
	var texts []string
	switch {
	case *questions != "":
		if texts, err = readQuestionTexts(*questions); err != nil {
			return err
		}
	case *unmatched:
		if e.getenv("REDIS_URL") == "" {
			return errors.New("--unmatched reads the question log in Redis: set REDIS_URL")
		}
		store, err := openStore(ctx, e, nil, bot.Options{}) // reads the question log only
		if err != nil {
			return err
		}
		defer store.Close()
		qs, err := store.Questions(ctx, time.Now().Add(-7*24*time.Hour), 10000)
		if err != nil {
			return fmt.Errorf("read the question log: %w", err)
		}
		for _, q := range qs {
			texts = append(texts, q.Text)
		}
	default:
		for _, ex := range examples {
			texts = append(texts, ex.Text)
		}
	}

	changes := intents.Diff(before, after, texts)
	cmp := intents.Compare(before, after, examples)
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%d of %d questions change outcome:\n", len(changes), len(texts))
	for _, c := range changes {
		fmt.Fprintf(w, "  %s\n      before: %s\n      after:  %s\n", c.Text, describe(c.Before), describe(c.After))
	}
	fmt.Fprintf(w, "\ndev set %s: accuracy %.3f → %.3f (in scope %.3f → %.3f, fallback %.3f → %.3f, wrong answers %d → %d)\n",
		*dev, cmp.Before.Accuracy(), cmp.After.Accuracy(),
		cmp.Before.InScopeAccuracy(), cmp.After.InScopeAccuracy(),
		cmp.Before.FallbackAccuracy(), cmp.After.FallbackAccuracy(),
		cmp.Before.WrongAnswers, cmp.After.WrongAnswers)
	fmt.Fprintf(w, "fixed %d, broken %d\n", len(cmp.Fixed), len(cmp.Broken))
	for _, c := range cmp.Broken {
		fmt.Fprintf(w, "  broken: %s (%s → %s)\n", c.Text, describe(c.Before), describe(c.After))
	}
	if cmp.After.Accuracy() < cmp.Before.Accuracy() {
		w.Flush()
		fmt.Fprintln(e.stderr, "the edit makes the dev-set accuracy worse")
		return exitCode(1)
	}
	return nil
}

func describe(d intents.Decision) string {
	switch d.Kind {
	case intents.KindAnswer:
		return fmt.Sprintf("answer %d %s (%.3f)", d.FAQ, d.Intent, d.Score)
	case intents.KindClarify:
		return fmt.Sprintf("clarify %v (%.3f)", d.Suggestions, d.Score)
	case intents.KindSmallTalk:
		return "smalltalk " + d.Intent
	}
	return fmt.Sprintf("fallback (%.3f)", d.Score)
}

// readQuestionTexts reads JSON lines with a "text" field (labelled sets and
// replay inputs both qualify).
func readQuestionTexts(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var texts []string
	for i, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var q struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(line, &q); err != nil || q.Text == "" {
			return nil, fmt.Errorf("%s:%d: want a JSON object with a \"text\" field", path, i+1)
		}
		texts = append(texts, q.Text)
	}
	return texts, nil
}
