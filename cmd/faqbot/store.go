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
// in-process memory store (one replica only). Sessions live for the
// engine's context lifetime (FAQBOT_CONTEXT_TTL) and a message's lease for
// the engine's Lease, so that the store and the engine agree on both.
func openStore(ctx context.Context, e env, log *slog.Logger, engine bot.Options) (bot.Store, error) {
	ttl, lease := engine.ContextTTL, engine.Lease()
	url := e.getenv("REDIS_URL")
	if url == "" {
		if log != nil {
			log.Info("REDIS_URL is not set: sessions are kept in this process's memory (one replica only)")
		}
		return memstore.New(memstore.Options{SessionTTL: ttl, Lease: lease}), nil
	}
	s, err := redisstore.Open(ctx, url, redisstore.Options{Prefix: e.getenv("FAQBOT_REDIS_PREFIX"), SessionTTL: ttl, Lease: lease})
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
// same engine as serve's, over the configuration files, with its own
// in-process store. Never REDIS_URL's: a replay run where the bot is
// deployed must not add its questions to the production question log or
// continue real users' conversations.
func localEngine(e env, paths configPaths) (*bot.Engine, bot.Store, error) {
	m, err := loadMatcher(e, paths)
	if err != nil {
		return nil, nil, reportConfigError(e, err)
	}
	ttl, err := contextTTL(e)
	if err != nil {
		return nil, nil, err
	}
	// A replay may carry old timestamps: keep its questions however old.
	store := memstore.New(memstore.Options{SessionTTL: ttl, Retention: 100 * 365 * 24 * time.Hour})
	return bot.New(bot.Static{M: m}, store, bot.Options{ContextTTL: ttl}), store, nil
}
