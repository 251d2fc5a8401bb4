package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/kf"
	"github.com/kzrh/faqbot/bot/metrics"
)

// kfService builds the WeCom Customer Service channel (微信客服) from the
// environment. It runs whenever the self-built application is fully
// configured (WECOM_CORP_ID, WECOM_TOKEN, WECOM_AES_KEY, WECOM_AGENT_ID,
// WECOM_SECRET): its events reach the application's callback URL, and
// without an account given to the application it has nothing to do.
// It returns nil when the application is not fully configured.
func kfService(e env, log *slog.Logger, engine *bot.Engine, store bot.Store, m bot.Matchers, tokens kf.TokenCache, reg *metrics.Registry) (*kf.Service, error) {
	for _, k := range []string{"WECOM_CORP_ID", "WECOM_TOKEN", "WECOM_AES_KEY", "WECOM_AGENT_ID", "WECOM_SECRET"} {
		if e.getenv(k) == "" {
			log.Info("WeCom Customer Service (微信客服) not served: " + k + " is not set")
			return nil, nil
		}
	}
	ks, ok := store.(bot.KFStore)
	if !ok {
		return nil, fmt.Errorf("the session store cannot keep WeCom Customer Service state")
	}
	cfg := kf.Config{
		CorpID: e.getenv("WECOM_CORP_ID"), AgentID: e.getenv("WECOM_AGENT_ID"), Secret: e.getenv("WECOM_SECRET"),
		APIBase: e.getenv("WECOM_API_BASE"), Tokens: tokens,
		Store: ks, Engine: engine, Matchers: m, Metrics: reg, Logger: log,
		Servicer: e.getenv("WECOM_KF_SERVICER"),
	}
	for _, id := range strings.Split(e.getenv("WECOM_KF_OPEN_KFIDS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			cfg.OpenKfIDs = append(cfg.OpenKfIDs, id)
		}
	}
	if v := e.getenv("WECOM_KF_HANDOVER_AFTER"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("WECOM_KF_HANDOVER_AFTER=%q: want the number of fallbacks in a row that hand a conversation to a person (0: never)", v)
		}
		cfg.HandOverAfter = n
		if n == 0 {
			cfg.HandOverAfter = -1
		}
	}
	hours, err := kf.ParseHours(e.getenv("WECOM_KF_HOURS"))
	if err != nil {
		return nil, fmt.Errorf("WECOM_KF_HOURS: %w", err)
	}
	cfg.Hours = hours
	s, err := kf.New(cfg)
	if err != nil {
		return nil, err
	}
	hoursText := "always"
	if !hours.Always() {
		hoursText = hours.String()
	}
	log.Info("WeCom Customer Service (微信客服) served on the WeCom callback",
		slog.Int("accounts_allowed", len(cfg.OpenKfIDs)), slog.String("hand_over_hours", hoursText))
	return s, nil
}

// stopKF lets the Customer Service pulls in flight finish, until ctx ends.
func stopKF(ctx context.Context, log *slog.Logger, s *kf.Service) {
	if s == nil {
		return
	}
	if err := s.Stop(ctx); err != nil {
		log.Warn("stopped with Customer Service messages still being answered", slog.String("error", err.Error()))
	}
}
