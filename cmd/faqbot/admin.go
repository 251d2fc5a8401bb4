package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/admin"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// devSetPath is the labelled set the console's Impact page and diff
// score edits against; FAQBOT_DEV_SET overrides it.
const devSetPath = "intents/testdata/dev.jsonl"

// adminHandler builds the operator console.
func adminHandler(e env, ops []admin.Operator, engine *bot.Engine, store bot.Store, rl *reload.Reloader, reg *metrics.Registry, log *slog.Logger) http.Handler {
	var dev []intents.Example
	path := orDefault(e.getenv("FAQBOT_DEV_SET"), devSetPath)
	if f, err := os.Open(path); err == nil {
		dev, err = intents.ReadExamples(path, f)
		f.Close()
		if err != nil {
			log.Warn("the dev set could not be read; the Impact page shows no accuracy", slog.String("error", err.Error()))
		}
	} else {
		log.Info("no dev set; the Impact page shows no accuracy", slog.String("path", path))
	}
	return admin.New(admin.Deps{
		Operators: ops,
		Engine:    engine,
		Store:     store,
		Matchers:  rl,
		DevSet:    dev,
		Rules:     rulesStore(store),
		Stats:     statsStore(store),
		Sync: func(ctx context.Context) {
			if rs := rulesStore(store); rs != nil {
				rl.SyncPublished(ctx, rulesSource{rs}, 0) // a failure is logged and shown on Status
			}
		},
		Serving: rl.Serving,
		// Sessions and rules share one store: in Redis every replica
		// sees a publish; in memory only this one.
		SharedRules: isRedis(store),
		Logger:      log,
		Status: func(ctx context.Context) admin.Status {
			st := rl.Status()
			s := admin.Status{Version: st.Version, LoadedAt: st.LoadedAt, LastReload: st.LastAttempt,
				ReloadResult: st.LastResult, ReloadError: st.LastError, Today: reg.Today(),
				Redis: "not used (sessions in memory, one replica only)"}
			if h := checkStore(ctx, store); h.Kind == "redis" {
				s.Redis = h.State
			}
			return s
		},
	})
}

// rulesStore is the store's published-rules side, behind the circuit
// breaker (which guards the messages' path only); nil if it has none.
func rulesStore(store bot.Store) bot.RulesStore {
	if u, ok := store.(interface{ Unwrap() bot.Store }); ok {
		store = u.Unwrap()
	}
	rs, _ := store.(bot.RulesStore)
	return rs
}

func isRedis(store bot.Store) bool {
	if u, ok := store.(interface{ Unwrap() bot.Store }); ok {
		store = u.Unwrap()
	}
	_, ok := store.(*redisstore.Store)
	return ok
}
