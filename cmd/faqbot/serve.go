package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/report"
	"github.com/kzrh/faqbot/bot/server"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// startupGCPercent is the garbage collector's target while serve starts:
// the heap may grow to five times what is live before a collection, a few
// tens of MB for the shipped files (GOMEMLIMIT, when set, still bounds
// it).
const startupGCPercent = 400

// startupGC raises the garbage collector's target to startupGCPercent
// (unless GOGC is off or higher already) and returns the function that
// restores it and hands the freed memory back to the system; calling that
// again does nothing. serve calls it once its listener is up, or on its
// way out when it fails before: the window holds the first build of the
// matcher, opening the store and, when operators have published rules,
// the build of those. The first build of the matcher allocates about 30
// MB that is garbage as soon as it is done; with the deployed GOGC=40 the
// collector runs over and over during it, on the two cores the build
// needs: start-up to /readyz took 211 ms against 175 ms with it (medians
// of 9, BENCHMARKS.md).
func startupGC() (restore func()) {
	was := debug.SetGCPercent(startupGCPercent)
	if was < 0 || was > startupGCPercent {
		debug.SetGCPercent(was)
	}
	return sync.OnceFunc(func() {
		debug.SetGCPercent(was)
		debug.FreeOSMemory()
	})
}

func runServe(ctx context.Context, e env, args []string) error {
	// The segmenter's everyday dictionary does not depend on the rules
	// files: build it while they are read and checked.
	intents.Warm()
	restoreGC := startupGC()
	defer restoreGC()
	fs := newFlags(e, "serve", "serve [--addr :8080] [--faq FILE] [--intents FILE]\n\nConfiguration comes from the environment; see README.md for every variable.")
	var paths configPaths
	paths.register(fs, e)
	addr := fs.String("addr", orDefault(e.getenv("FAQBOT_ADDR"), ":8080"), "listen address (env FAQBOT_ADDR)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	// serve stops gracefully on SIGINT and SIGTERM. The other commands
	// keep the default: Ctrl-C ends chat or replay at once (status 130),
	// rather than being caught and ignored.
	ctx, stopSignals := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	// The watcher and the signal handler end with serve, whichever way it
	// ends.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	log, err := newLogger(e)
	if err != nil {
		return err
	}
	ttl, err := contextTTL(e)
	if err != nil {
		return err
	}

	reg := metrics.New()
	rl, err := reload.NewWithSnapshots(paths.faq, paths.intents, log, reg.Reloaded, modelSnapshots(e))
	if err != nil {
		return reportConfigError(e, err)
	}
	grace, err := shutdownGrace(e)
	if err != nil {
		return err
	}
	quiet, err := durationEnv(e, "FAQBOT_RELOAD_QUIET", reload.DefaultQuiet)
	if err != nil {
		return err
	}
	redisstore.RouteLibraryLogs(log)
	engineOpts := bot.Options{ContextTTL: ttl, Logger: log, Metrics: reg}
	opened, err := openStore(ctx, e, log, engineOpts)
	if err != nil {
		return err
	}
	store := guardStore(opened, engineOpts, log, reg)
	defer store.Close()
	if ss := statsStore(opened); ss != nil {
		daily := report.New(ss, nil, log)
		engineOpts.Metrics = countingMetrics{Registry: reg, daily: daily}
		dailyCtx, stopDaily := context.WithCancel(context.WithoutCancel(ctx))
		done := make(chan struct{})
		go func() { defer close(done); daily.Run(dailyCtx) }()
		defer func() { stopDaily(); <-done }() // the last counts, before the store closes
	}
	engine := bot.New(rl, store, engineOpts)

	// The channels get the store as opened: they keep WeChat's access
	// token in Redis beside the sessions.
	wc, mp, kfs, err := mountChannels(e, log, engine, opened, rl, reg)
	if err != nil {
		return err
	}
	if kfs != nil {
		kfs.Start()
	}
	var stopping atomic.Bool
	deps := server.Deps{
		WeCom:   wc,
		MP:      mp,
		Metrics: reg.Handler(),
		// Ready means "configuration loaded and able to answer": a
		// replica without Redis answers, without context, and must stay
		// in the Service. Only a replica that is stopping is not ready.
		Ready: func(ctx context.Context) (any, error) {
			if stopping.Load() {
				return rl.Status(), errors.New("stopping")
			}
			return rl.Status(), nil
		},
		Store: func(ctx context.Context) any { return checkStore(ctx, store) },
	}
	ops, err := operators(e)
	if err != nil {
		return err
	}
	if len(ops) > 0 {
		deps.Admin = adminHandler(e, ops, engine, store, rl, reg, log)
		log.Info("operator console mounted", slog.String("path", server.PathAdmin))
	}
	// Rules published from the console win over intents.yaml (see
	// intents/reload/published.go): load the latest before serving, then
	// follow.
	if rs := rulesStore(store); rs != nil {
		if _, err := rl.SyncPublished(ctx, rulesSource{rs}, 0); err != nil {
			log.Error("the published rules do not validate; the deployed files serve", slog.String("error", err.Error()))
		}
		go rl.Follow(ctx, rulesSource{rs}, reload.FollowEvery)
	}

	go func() {
		if err := rl.Watch(ctx, quiet); err != nil {
			log.Error("configuration watch stopped; reload with SIGHUP", slog.String("error", err.Error()))
		}
	}()
	// Registered before serving: a SIGHUP that arrives before the handler
	// is in place would end the process (the default action).
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go reloadOnHangup(ctx, hup, rl, log)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("version", rl.Status().Version))
	// Restore the collector's setting and hand the build's garbage back
	// now rather than whenever the scavenger gets to it, but after the
	// listener is up: it costs a collection, which need not delay
	// readiness.
	go restoreGC()
	err = server.Run(ctx, ln, server.New(deps), log, server.Stop{Grace: grace, Stopping: func() { stopping.Store(true) }})
	// Late answers and Customer Service's messages in flight share one
	// ShutdownTimeout, so that the stop fits the pod's grace period: the
	// grace, the drain, then this (deploy/k8s_test.go).
	late, cancelLate := context.WithTimeout(context.Background(), server.ShutdownTimeout)
	defer cancelLate()
	waitForDeliveries(late, log, wc, mp)
	stopKF(late, log, kfs)
	return err
}

// waitForDeliveries lets answers that were late for their callback, and
// the rest of long answers, reach their users before the store closes, or
// until ctx ends.
func waitForDeliveries(ctx context.Context, log *slog.Logger, channels ...http.Handler) {
	for _, h := range channels {
		if w, ok := h.(interface{ Wait(context.Context) error }); ok {
			if err := w.Wait(ctx); err != nil {
				log.Warn("stopped with answers still being sent", slog.String("error", err.Error()))
			}
		}
	}
}

func reloadOnHangup(ctx context.Context, hup <-chan os.Signal, rl *reload.Reloader, log *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			log.Info("SIGHUP: reloading configuration")
			_ = rl.Reload() // logged and counted by the reloader
		}
	}
}

// newLogger builds the structured logger: text by default, JSON when
// FAQBOT_LOG_FORMAT=json. Message text is logged at no level above debug.
func newLogger(e env) (*slog.Logger, error) {
	var level slog.Level
	if v := e.getenv("FAQBOT_LOG_LEVEL"); v != "" {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("FAQBOT_LOG_LEVEL=%q: want debug, info, warn or error", v)
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f := strings.ToLower(e.getenv("FAQBOT_LOG_FORMAT")); f {
	case "", "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	default:
		return nil, fmt.Errorf("FAQBOT_LOG_FORMAT=%q: want text or json", f)
	}
}

// shutdownGrace is FAQBOT_SHUTDOWN_GRACE: how long serve goes on serving,
// reporting not ready, after SIGTERM. 0 stops at once.
func shutdownGrace(e env) (time.Duration, error) {
	v := e.getenv("FAQBOT_SHUTDOWN_GRACE")
	if v == "" {
		return server.DefaultGrace, nil
	}
	if v == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("FAQBOT_SHUTDOWN_GRACE=%q: want 0 (stop at once) or a duration such as 5s", v)
	}
	return d, nil
}

func durationEnv(e env, name string, def time.Duration) (time.Duration, error) {
	v := e.getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive duration such as 30m", name, v)
	}
	return d, nil
}
