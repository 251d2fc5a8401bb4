package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/kf"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/bot/officialaccount"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/wecom"
)

// mountChannels builds the WeCom and Official Account handlers from the
// environment. A channel with none of its variables is not mounted; one
// with only some of them is a configuration error.
func mountChannels(e env, log *slog.Logger, engine *bot.Engine, store bot.Store, m bot.Matchers, reg *metrics.Registry) (wc, mp http.Handler, kfs *kf.Service, err error) {
	tokens := tokenCache(store)

	wcVars := map[string]string{}
	for _, k := range []string{"WECOM_CORP_ID", "WECOM_TOKEN", "WECOM_AES_KEY", "WECOM_AGENT_ID", "WECOM_SECRET"} {
		wcVars[k] = e.getenv(k)
	}
	if present(wcVars) {
		if missing := absent(wcVars, "WECOM_CORP_ID", "WECOM_TOKEN", "WECOM_AES_KEY"); missing != "" {
			return nil, nil, nil, fmt.Errorf("WeCom is partly configured: set %s too (or none of the WECOM_ variables)", missing)
		}
		cfg := wecom.Config{
			CorpID: wcVars["WECOM_CORP_ID"], Token: wcVars["WECOM_TOKEN"], EncodingAESKey: wcVars["WECOM_AES_KEY"],
			AgentID: wcVars["WECOM_AGENT_ID"], Secret: wcVars["WECOM_SECRET"], APIBase: e.getenv("WECOM_API_BASE"),
			OnReject: func(string) { reg.Rejected(wecom.Channel) },
			Logger:   log,
		}
		if kfs, err = kfService(e, log, engine, store, m, tokens, reg); err != nil {
			return nil, nil, nil, err
		}
		if kfs != nil {
			cfg.KF = kfs
		}
		var sender wecom.Sender = unavailableSender{"WECOM_AGENT_ID and WECOM_SECRET"}
		if cfg.AgentID != "" && cfg.Secret != "" {
			s, err := wecom.NewSender(cfg, tokens)
			if err != nil {
				return nil, nil, nil, err
			}
			sender = s
		} else {
			log.Warn("WECOM_AGENT_ID or WECOM_SECRET is not set: a reply later than 4 s or longer than 2048 bytes cannot be sent actively")
		}
		h, err := wecom.New(cfg, engine, sender)
		if err != nil {
			return nil, nil, nil, err
		}
		wc = h
		log.Info("WeCom channel mounted", slog.String("path", "/wecom/callback"))
	} else {
		log.Info("WeCom channel not mounted: no WECOM_ variables")
	}

	mpVars := map[string]string{}
	for _, k := range []string{"MP_APP_ID", "MP_TOKEN", "MP_AES_KEY", "MP_APP_SECRET"} {
		mpVars[k] = e.getenv(k)
	}
	if present(mpVars) {
		if missing := absent(mpVars, "MP_APP_ID", "MP_TOKEN"); missing != "" {
			return nil, nil, nil, fmt.Errorf("the Official Account is partly configured: set %s too (or none of the MP_ variables)", missing)
		}
		cfg := officialaccount.Config{
			AppID: mpVars["MP_APP_ID"], Token: mpVars["MP_TOKEN"], EncodingAESKey: mpVars["MP_AES_KEY"], AppSecret: mpVars["MP_APP_SECRET"],
			OnReject: func(string) { reg.Rejected(officialaccount.Channel) },
			Logger:   log,
		}
		var sender officialaccount.Sender = unavailableSender{"MP_APP_SECRET"}
		if cfg.AppSecret != "" {
			s, err := officialaccount.NewSender(cfg, tokens)
			if err != nil {
				return nil, nil, nil, err
			}
			sender = s
		} else {
			log.Warn("MP_APP_SECRET is not set: a late or long reply cannot be sent actively")
		}
		h, err := officialaccount.New(cfg, engine, sender)
		if err != nil {
			return nil, nil, nil, err
		}
		mp = h
		log.Info("Official Account channel mounted", slog.String("path", "/mp/callback"))
	} else {
		log.Info("Official Account channel not mounted: no MP_ variables")
	}
	return wc, mp, kfs, nil
}

// tokenCache keeps WeChat access tokens in Redis when sessions are there,
// so that replicas share one token, else in memory.
func tokenCache(store bot.Store) officialaccount.TokenCache {
	if rs, ok := store.(*redisstore.Store); ok {
		return rs.TokenCache()
	}
	// Not cache.NewMemory: it reads its map without a lock.
	return memstore.NewTokenCache()
}

func present(vars map[string]string) bool {
	for _, v := range vars {
		if v != "" {
			return true
		}
	}
	return false
}

func absent(vars map[string]string, required ...string) string {
	var missing []string
	for _, k := range required {
		if vars[k] == "" {
			missing = append(missing, k)
		}
	}
	return strings.Join(missing, ", ")
}

// unavailableSender stands in when a channel has no credentials for
// active messages: a late or long reply fails loudly (the channel logs it)
// instead of vanishing.
type unavailableSender struct{ missing string }

func (u unavailableSender) SendText(context.Context, string, string) error {
	return errors.New("cannot send actively: " + u.missing + " not set")
}
