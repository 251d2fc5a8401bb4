package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
)

// openStore opens the session store: Redis when REDIS_URL is set, else the
// in-process memory store (one replica only). Sessions live as long as the
// engine's context (FAQBOT_CONTEXT_TTL).
func openStore(ctx context.Context, e env, log *slog.Logger) (bot.Store, error) {
	ttl, err := contextTTL(e)
	if err != nil {
		return nil, err
	}
	url := e.getenv("REDIS_URL")
	if url == "" {
		if log != nil {
			log.Info("REDIS_URL is not set: sessions are kept in this process's memory (one replica only)")
		}
		return memstore.New(memstore.Options{SessionTTL: ttl}), nil
	}
	s, err := redisstore.Open(ctx, url, redisstore.Options{Prefix: e.getenv("FAQBOT_REDIS_PREFIX"), SessionTTL: ttl})
	if err != nil {
		return nil, fmt.Errorf("open Redis at REDIS_URL: %w", err)
	}
	if log != nil {
		log.Info("sessions are kept in Redis")
	}
	return s, nil
}

// contextTTL is FAQBOT_CONTEXT_TTL: how long a conversation's context lasts.
func contextTTL(e env) (time.Duration, error) {
	return durationEnv(e, "FAQBOT_CONTEXT_TTL", 30*time.Minute)
}

// localEngine is the engine of the terminal commands (chat, replay): the
// configuration files, the store of REDIS_URL or memory, nothing served.
func localEngine(ctx context.Context, e env, paths configPaths) (*bot.Engine, bot.Store, error) {
	m, err := loadMatcher(paths)
	if err != nil {
		return nil, nil, reportConfigError(e, err)
	}
	ttl, err := contextTTL(e)
	if err != nil {
		return nil, nil, err
	}
	store, err := openStore(ctx, e, nil)
	if err != nil {
		return nil, nil, err
	}
	return bot.New(bot.Static{M: m}, store, bot.Options{ContextTTL: ttl}), store, nil
}
