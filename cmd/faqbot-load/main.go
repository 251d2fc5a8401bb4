// Command faqbot-load plays the WeCom platform against a running
// `faqbot serve`: it sends signed, encrypted text-message callbacks, checks
// the encrypted passive replies, and reports throughput, latency, errors and
// MsgIds answered twice differently.
//
// Every run is bounded in request count and time, and it refuses any target
// that is not on this machine unless --allow-remote is given: a load test
// must never reach someone else's server by accident.
//
// main only wires; run is the program, so tests run it in-process.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "faqbot-load:", err)
		os.Exit(1)
	}
}
