package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/admin"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// devSetPath is the labelled set the console's Impact page scores edits
// against; FAQBOT_DEV_SET overrides it.
const devSetPath = "intents/testdata/dev.jsonl"

// adminHandler builds the operator console.
func adminHandler(e env, token string, engine *bot.Engine, store bot.Store, rl *reload.Reloader, reg *metrics.Registry, log *slog.Logger) http.Handler {
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
		Token:    token,
		Engine:   engine,
		Store:    store,
		Matchers: rl,
		DevSet:   dev,
		Logger:   log,
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
