package kf

import (
	"context"
	"log/slog"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wecomapi"
)

// event handles a system event (origin 4).
func (s *Service) event(ctx context.Context, m message) {
	switch m.Event.Type {
	case "enter_session":
		s.welcome(ctx, m)
	case "session_status_change":
		if m.Event.ChangeType == changeEnded && m.Event.OldServicer != "" {
			s.offerSatisfaction(ctx, m)
		}
	case "msg_send_fail":
		s.cfg.Metrics.KFSendFailed(m.Event.FailType)
		s.log.Warn("kf: WeCom reports an answer undelivered", slog.Int("fail_type", m.Event.FailType))
	}
}

// welcome greets a customer who opened the conversation, with the topic
// menu, when WeCom gave a welcome code: it is good once, for 20 seconds.
func (s *Service) welcome(ctx context.Context, m message) {
	scene := s.sceneLabel(m.Event.Scene)
	if m.Event.WelcomeCode == "" {
		// WeCom sent its own welcome, or the customer had one in the
		// last 48 hours, or the bot already wrote to them.
		s.cfg.Metrics.KFWelcome(scene, "no_code")
		return
	}
	if s.cfg.Now().Sub(m.sent()) > codeWindow {
		s.cfg.Metrics.KFWelcome(scene, "expired")
		return
	}
	r, ok := s.claim(ctx, m)
	if !ok {
		return
	}
	defer s.finish(ctx, m)
	// The engine learns that a menu was shown: a number typed next picks
	// a line of it.
	if _, err := s.cfg.Engine.Handle(ctx, bot.Message{Channel: Channel, User: m.conv(), ID: m.ID, Event: bot.EventWelcome, Time: m.sent()}); err != nil {
		s.log.Debug("kf: the engine did not record the welcome", slog.Any("err", err))
	}
	cctx, cancel := s.call(ctx)
	defer cancel()
	err := s.api.sendOnEvent(cctx, eventMenu(m.Event.WelcomeCode, sendID(m.OpenKfID, m.ID, r.part), welcomeMenu(s.cfg.Matchers.Current().Config())))
	if err != nil {
		s.cfg.Metrics.KFWelcome(scene, "failed")
		s.log.Warn("kf: the welcome was refused (its code lasts 20 s and works once)", slog.Int("errcode", wecomapi.Code(err)))
		return
	}
	s.cfg.Metrics.KFWelcome(scene, "sent")
}

// offerSatisfaction asks, with the end code (20 s, once), how the person
// who ended the conversation served.
func (s *Service) offerSatisfaction(ctx context.Context, m message) {
	if m.Event.MsgCode == "" || s.cfg.Now().Sub(m.sent()) > codeWindow {
		return
	}
	r, ok := s.claim(ctx, m)
	if !ok {
		return
	}
	defer s.finish(ctx, m)
	cctx, cancel := s.call(ctx)
	defer cancel()
	if err := s.api.sendOnEvent(cctx, eventMenu(m.Event.MsgCode, sendID(m.OpenKfID, m.ID, r.part), satisfactionMenu())); err != nil {
		s.log.Warn("kf: the satisfaction menu was refused", slog.Int("errcode", wecomapi.Code(err)))
	}
}

// maxScenes bounds the scene label's values: scenes are set by whoever
// makes the account's links, and each value is a metric series.
const maxScenes = 50

// sceneLabel is the entry scene as a metric label: "none" when the link
// had none, "other" past maxScenes distinct values or for anything but
// the [0-9a-zA-Z_-]{1,32} WeCom allows.
func (s *Service) sceneLabel(scene string) string {
	if scene == "" {
		return "none"
	}
	if len(scene) > 32 {
		return "other"
	}
	for _, c := range scene {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return "other"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.scenes[scene] && len(s.scenes) >= maxScenes {
		return "other"
	}
	s.scenes[scene] = true
	return scene
}
