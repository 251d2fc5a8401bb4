package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kzrh/faqbot/bot"
)

func runUnmatched(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "unmatched", "unmatched [--top N] [--since 24h] [--all]\n\nLists the questions the bot answered with fallback or clarify, most frequent first,\nfrom the Redis at REDIS_URL. (With the memory store use: faqbot replay --unmatched.)")
	top := fs.Int("top", 20, "how many questions to list")
	since := fs.Duration("since", 24*time.Hour, "only questions seen within this long")
	all := fs.Bool("all", false, "list answered questions too")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if e.getenv("REDIS_URL") == "" {
		return errors.New("REDIS_URL is not set: the unmatched log lives in the bot's Redis; with the memory store use faqbot replay --unmatched")
	}
	if *top <= 0 || *since <= 0 {
		return errors.New("--top and --since must be positive")
	}
	store, err := openStore(ctx, e, nil, bot.Options{}) // reads the question log only
	if err != nil {
		return err
	}
	defer store.Close()
	kinds := []string{"fallback", "clarify"}
	if *all {
		kinds = nil
	}
	qs, err := store.Questions(ctx, time.Now().Add(-*since), *top, kinds...)
	if err != nil {
		return fmt.Errorf("read the question log: %w", err)
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%6s  %-8s  %-4s  %-25s  %s\n", "count", "outcome", "lang", "last seen", "question (personal data masked)")
	printQuestions(w, qs)
	return nil
}
