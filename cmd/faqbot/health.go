package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/breaker"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/bot/redisstore"
)

// guardStore puts a circuit breaker in front of a Redis store: after three
// failed calls the bot stops waiting for Redis, answers at once from this
// process's memory, and probes Redis in the background. The memory store
// needs no guard.
func guardStore(store bot.Store, engine bot.Options, log *slog.Logger, reg *metrics.Registry) bot.Store {
	if _, ok := store.(*redisstore.Store); !ok {
		return store
	}
	fallback := memstore.New(memstore.Options{
		SessionTTL: engine.ContextTTL, Lease: engine.Lease(), MaxBytes: breaker.FallbackMaxBytes,
	})
	return breaker.New(store, breaker.Options{
		Fallback: fallback, Logger: log,
		OnChange: reg.StoreUp, OnFallback: reg.Degraded,
	})
}

// storeHealth is the session store's state for /readyz and the console.
type storeHealth struct {
	Kind  string    `json:"kind"` // redis or memory
	Up    bool      `json:"up"`
	State string    `json:"state"`
	Since time.Time `json:"since,omitzero"` // when Redis became unreachable
}

// checkStore reports the store's health: the breaker's state, and for a
// closed circuit a ping with a short deadline.
func checkStore(ctx context.Context, store bot.Store) storeHealth {
	var b *breaker.Store
	switch s := store.(type) {
	case *breaker.Store:
		b = s
	case *redisstore.Store:
	default:
		return storeHealth{Kind: "memory", Up: true, State: "in this process's memory (one replica only)"}
	}
	if b != nil && !b.Up() {
		return storeHealth{Kind: "redis", State: b.String(), Since: b.Since()}
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := store.Ping(ctx); err != nil {
		return storeHealth{Kind: "redis", State: "unreachable: " + err.Error()}
	}
	return storeHealth{Kind: "redis", Up: true, State: "connected"}
}
