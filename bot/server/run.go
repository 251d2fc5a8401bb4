package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout bounds how long in-flight requests may take to finish
// after a stop signal; WeChat gives up on a callback after 5 s anyway.
const ShutdownTimeout = 10 * time.Second

// DefaultGrace covers the removal of a stopping pod from the Service's
// endpoints, which kube-proxy and ingress controllers apply within a few
// seconds of SIGTERM.
const DefaultGrace = 5 * time.Second

// Stop says how Run stops.
type Stop struct {
	// Grace is how long the server goes on serving after ctx ends, and
	// after Stopping, before it stops accepting: long enough for load
	// balancers and kube-proxy to stop routing to it, so that requests
	// already on their way are not refused (FAQBOT_SHUTDOWN_GRACE).
	Grace time.Duration
	// Stopping, when set, is called as soon as ctx ends: /readyz reports
	// not ready from then on.
	Stopping func()
}

// Run serves h on ln until ctx is done; then it reports not ready, keeps
// serving for the grace period, stops accepting and lets requests in
// flight finish.
func Run(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, stop Stop) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if stop.Stopping != nil {
		stop.Stopping()
	}
	if stop.Grace > 0 {
		log.Info("stopping: reporting not ready, still serving during the grace period", slog.Duration("grace", stop.Grace))
		select {
		case err := <-errc:
			return err
		case <-time.After(stop.Grace):
		}
	}
	log.Info("shutting down; finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
