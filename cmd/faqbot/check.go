package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kzrh/faqbot/intents"
)

func runCheck(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "check", "check [--faq FILE] [--intents FILE]")
	var paths configPaths
	paths.register(fs, e)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	m, err := loadMatcher(e, paths)
	if err != nil {
		return reportConfigError(e, err)
	}
	cfg := m.Config()
	for _, sh := range m.Shadowed() {
		fmt.Fprintf(e.stdout, "note: %s: out_of_scope %q now reads as FAQ %d, so it is not learned as out of scope; remove it if FAQ %d answers it\n",
			cfg.IntentsFile, sh.Question, sh.FAQ, sh.FAQ)
	}
	for _, o := range m.OneWordExamples() {
		faqs := "FAQ"
		if len(o.Others) > 1 {
			faqs = "FAQs"
		}
		fmt.Fprintf(e.stdout, "note: %s: FAQ %d's example %q reads as the one word %s, which weighs more for %s %s: a message of just that word gets FAQ %d; add what sets the question apart\n",
			cfg.IntentsFile, o.FAQ, o.Question, o.Word, faqs, joinInts(o.Others), o.FAQ)
	}
	for _, no := range cfg.ChineseOnlyFAQs() {
		fmt.Fprintf(e.stdout, "note: %s: FAQ %d has no English yet: people who write in English get its official Chinese text; add question_en and answer_en\n",
			cfg.FAQFile, no)
	}
	fmt.Fprintf(e.stdout, "ok: %s (%d FAQs) and %s (%d rules, %d synonym groups) are valid; version %s\n",
		cfg.FAQFile, len(cfg.Content.FAQs), cfg.IntentsFile, len(cfg.Rules.FAQs), len(cfg.Rules.Synonyms), cfg.Version)
	return nil
}

// loadMatcher reads, validates and compiles the configuration, with the
// trained model's snapshot when FAQBOT_MODEL_CACHE keeps one (and saving
// one there when it trains).
func loadMatcher(e env, p configPaths) (*intents.Matcher, error) {
	cfg, err := intents.LoadFiles(p.faq, p.intents)
	if err != nil {
		return nil, err
	}
	m, _, err := intents.Open(cfg, modelSnapshots(e))
	if err != nil {
		// The cache failed; the model was trained and is good.
		fmt.Fprintf(e.stderr, "faqbot: FAQBOT_MODEL_CACHE: %v\n", err)
	}
	return m, nil
}

// reportConfigError prints every problem of a configuration, one a line,
// and ends the command with status 1.
func reportConfigError(e env, err error) error {
	var ve *intents.ValidationError
	if errors.As(err, &ve) {
		for _, p := range *ve {
			fmt.Fprintln(e.stderr, p)
		}
		fmt.Fprintf(e.stderr, "%d problem(s) found; nothing was loaded\n", len(*ve))
		return exitCode(1)
	}
	fmt.Fprintln(e.stderr, err)
	return exitCode(1)
}

// joinInts writes FAQ numbers as a list: 1, 2.
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
