package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"
)

// run is the whole program: parse and bound the flags, refuse a remote
// target, pre-build every request, send them, report.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := checkTarget(ctx, c.target.Hostname(), c.allowRemote); err != nil {
		return err
	}
	w := wecom{token: c.token, aesKey: c.aesKey, corpID: c.corpID}

	// A fixed seed gives every run the same mix, so two runs compare.
	rng := rand.New(rand.NewPCG(1, 2))
	built := time.Now()
	plan, err := buildPlan(c, w, built, rng)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "target      %s\n", c.target)
	fmt.Fprintf(stdout, "plan        %s; built in %s\n", describePlan(c, plan), time.Since(built).Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	sep := "?"
	if c.target.RawQuery != "" {
		sep = "&"
	}
	s := &sender{client: newClient(c), target: c.target.String() + sep, wecom: w, pace: newPacer(c.rate)}
	results := make([][]outcome, len(plan))
	start := time.Now()
	var wg sync.WaitGroup
	for i, queue := range plan {
		wg.Go(func() { results[i] = s.work(ctx, queue) })
	}
	wg.Wait()
	s.client.CloseIdleConnections()

	r := summarize(results, c.requests, time.Since(start))
	r.print(stdout, stderr)
	if r.errors > 0 || r.duplicates > 0 {
		return fmt.Errorf("%d error(s), %d MsgId(s) answered differently", r.errors, r.duplicates)
	}
	return nil
}

func describePlan(c config, plan [][]message) string {
	msgs, dups := 0, 0
	for _, q := range plan {
		for _, m := range q {
			msgs++
			if m.dup {
				dups++
			}
		}
	}
	rate := "unlimited"
	if c.rate > 0 {
		rate = fmt.Sprintf("%g/s", c.rate)
	}
	return fmt.Sprintf("%d requests (%d messages, %d sent twice), %d workers, %d users, rate %s, at most %s",
		msgs+dups, msgs, dups, c.concurrency, c.users, rate, c.duration)
}
