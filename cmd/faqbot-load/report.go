package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"sort"
	"time"
)

// report sums up a run.
type report struct {
	elapsed    time.Duration
	sent       int // requests that got an answer or failed
	unsent     int // planned but cut short by --duration or an interrupt
	answered   int // an encrypted passive reply came back
	noReply    int
	checked    int
	errors     int
	errorKinds map[string]int
	retried    int // MsgIds sent more than once
	duplicates int // MsgIds whose replies carried different texts
	latencies  []time.Duration
}

func summarize(results [][]outcome, planned int, elapsed time.Duration) report {
	r := report{elapsed: elapsed, errorKinds: map[string]int{}}
	// Only checked replies are compared, and every retried MsgId is
	// checked: the maps stay a fraction of a million-request run.
	answers := map[int64][]string{}
	sends := map[int64]int{}
	for _, queue := range results {
		for _, o := range queue {
			if o.canceled {
				continue
			}
			r.sent++
			if o.checked {
				sends[o.msgID]++
			}
			if o.err != nil {
				r.errors++
				r.errorKinds[errorKind(o.err)]++
				continue
			}
			r.latencies = append(r.latencies, o.latency)
			if o.noReply {
				r.noReply++
			} else {
				r.answered++
			}
			if o.checked && o.content != "" {
				r.checked++
				if !slices.Contains(answers[o.msgID], o.content) {
					answers[o.msgID] = append(answers[o.msgID], o.content)
				}
			}
		}
	}
	for id, n := range sends {
		if n > 1 {
			r.retried++
		}
		if len(answers[id]) > 1 {
			r.duplicates++
		}
	}
	slices.Sort(r.latencies)
	r.unsent = planned - r.sent
	return r
}

// errorKind drops what differs between requests (the URL with its
// signature) so that errors group.
func errorKind(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

func (r report) print(stdout, stderr io.Writer) {
	secs := r.elapsed.Seconds()
	fmt.Fprintf(stdout, "sent        %d in %s: %.1f req/s", r.sent, r.elapsed.Round(time.Millisecond), float64(r.sent)/max(secs, 1e-9))
	if r.unsent > 0 {
		fmt.Fprintf(stdout, " (stopped by --duration or interrupt; %d not sent)", r.unsent)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "latency     p50 %s  p90 %s  p99 %s  max %s\n",
		ms(r.percentile(0.50)), ms(r.percentile(0.90)), ms(r.percentile(0.99)), ms(r.percentile(1)))
	fmt.Fprintf(stdout, "replies     %d answered, %d without a passive reply (\"success\" or empty), %d decrypted and checked\n",
		r.answered, r.noReply, r.checked)
	fmt.Fprintf(stdout, "errors      %d\n", r.errors)
	fmt.Fprintf(stdout, "duplicates  %d MsgIds answered with different texts (of %d sent twice)\n", r.duplicates, r.retried)
	kinds := make([]string, 0, len(r.errorKinds))
	for k := range r.errorKinds {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return r.errorKinds[kinds[i]] > r.errorKinds[kinds[j]] })
	for i, k := range kinds {
		if i == 5 {
			fmt.Fprintf(stderr, "  ... and %d other kinds of error\n", len(kinds)-i)
			break
		}
		fmt.Fprintf(stderr, "  %6d × %s\n", r.errorKinds[k], k)
	}
}

// percentile is the nearest-rank percentile of the successful requests'
// latencies.
func (r report) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(r.latencies)))) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}
