// Package server is the bot's HTTP surface: it mounts the channel
// callbacks, the operator console, health, readiness and metrics on one
// mux, and runs it with timeouts and a graceful shutdown. Every route is
// in this file.
package server

import (
	"context"
	"encoding/json"
	"net/http"
)

// The paths the server can serve. Deploy manifests are tested against them.
const (
	PathHealth  = "/healthz"
	PathReady   = "/readyz"
	PathMetrics = "/metrics"
	PathWeCom   = "/wecom/callback"
	PathMP      = "/mp/callback"
	PathAdmin   = "/admin/"
)

// Routes lists every path the server can serve (some only when configured).
func Routes() []string {
	return []string{PathHealth, PathReady, PathMetrics, PathWeCom, PathMP, PathAdmin}
}

// Deps are the handlers and checks the server is built from. A nil channel
// or console handler means the route does not exist.
type Deps struct {
	WeCom, MP, Admin http.Handler
	Metrics          http.Handler
	// Ready reports whether the bot can answer: the configuration is
	// loaded and the server is not stopping. Its value is shown as JSON
	// under "status". The session store does not decide it: without
	// Redis the bot still answers, without context.
	Ready func(ctx context.Context) (any, error)
	// Store reports the session store's health, shown under "store".
	Store func(ctx context.Context) any
}

// New returns the server's handler.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PathHealth, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET "+PathReady, readyHandler(d.Ready, d.Store))
	if d.Metrics != nil {
		mux.Handle("GET "+PathMetrics, d.Metrics)
	}
	if d.WeCom != nil {
		mux.Handle(PathWeCom, d.WeCom)
	}
	if d.MP != nil {
		mux.Handle(PathMP, d.MP)
	}
	if d.Admin != nil {
		mux.Handle(PathAdmin, d.Admin)
	}
	return mux
}

func readyHandler(ready func(context.Context) (any, error), store func(context.Context) any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := map[string]any{"ready": true}
		status := http.StatusOK
		if store != nil {
			body["store"] = store(r.Context())
		}
		if ready != nil {
			v, err := ready(r.Context())
			body["status"] = v
			if err != nil {
				status = http.StatusServiceUnavailable
				body["ready"] = false
				body["error"] = err.Error()
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
	})
}
