package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
)

// openStore opens the session store: Redis when REDIS_URL is set, else the
// in-process memory store (one replica only).
func openStore(ctx context.Context, e env, log *slog.Logger) (bot.Store, error) {
	url := e.getenv("REDIS_URL")
	if url == "" {
		if log != nil {
			log.Info("REDIS_URL is not set: sessions are kept in this process's memory (one replica only)")
		}
		return memstore.New(memstore.Options{}), nil
	}
	s, err := redisstore.Open(ctx, url, redisstore.Options{Prefix: e.getenv("FAQBOT_REDIS_PREFIX")})
	if err != nil {
		return nil, fmt.Errorf("open Redis at REDIS_URL: %w", err)
	}
	if log != nil {
		log.Info("sessions are kept in Redis")
	}
	return s, nil
}
