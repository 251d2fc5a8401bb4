package kf

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/platform"
	"github.com/kzrh/faqbot/bot/internal/wecomapi"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/lang"
)

// handle answers one pulled message or event. first is true on an
// account's first pull, when history is not answered.
func (s *Service) handle(ctx context.Context, m message, first bool) {
	switch {
	case m.Type == "event":
		s.event(ctx, m)
	case m.Origin == originCustomer:
		s.customer(ctx, m, first)
	}
	// A servicer's messages (origin 5) and system messages need nothing.
}

// customer answers a customer's message.
func (s *Service) customer(ctx context.Context, m message, first bool) {
	if first && s.cfg.Now().Sub(m.sent()) > s.cfg.Backlog {
		s.cfg.Metrics.KFEvent("backlog_skipped")
		return
	}
	r, ok := s.claim(ctx, m)
	if !ok {
		return
	}
	s.answer(ctx, r, m)
	s.finish(ctx, m)
}

// reply is what answering one customer message sends: its parts go out in
// order, each with its own derived msgid.
type reply struct {
	m       message
	resumed bool // an earlier attempt may have sent some parts
	part    int
}

// claim claims the message for answering; ok is false when it was
// answered or is being answered elsewhere.
func (s *Service) claim(ctx context.Context, m message) (*reply, bool) {
	cctx, cancel := s.call(ctx)
	c, err := s.cfg.Store.ClaimKFMessage(cctx, m.OpenKfID+":"+m.ID, s.cfg.Now(), s.cfg.Lease, s.cfg.Keep)
	cancel()
	switch {
	case err != nil:
		// Answering without a claim could answer twice; the next pull
		// reads the message again only if the cursor did not move, so
		// this message may go unanswered. Say so.
		s.log.Error("kf: claiming a message failed; it is not answered", slog.Any("err", err))
		return nil, false
	case c == bot.KFBusy || c == bot.KFDone:
		return nil, false
	}
	return &reply{m: m, resumed: c == bot.KFResumed}, true
}

func (s *Service) finish(ctx context.Context, m message) {
	cctx, cancel := s.call(ctx)
	defer cancel()
	if err := s.cfg.Store.FinishKFMessage(cctx, m.OpenKfID+":"+m.ID, s.cfg.Keep); err != nil {
		s.log.Warn("kf: recording an answered message failed; a crash now could answer it again", slog.Any("err", err))
	}
}

// handOverWords are what customers type to reach a person.
var handOverWords = []string{"转人工", "人工客服", "人工服务", "投诉"}

func asksForPerson(text string) bool {
	s := strings.TrimSpace(intents.Normalize(text))
	if s == "人工" || s == "找人工" || s == "要人工" {
		return true
	}
	for _, w := range handOverWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// answer decides and sends the answer to a customer's message.
func (s *Service) answer(ctx context.Context, r *reply, m message) {
	msg := bot.Message{Channel: Channel, User: m.conv(), ID: m.ID, Time: m.sent()}
	switch m.Type {
	case "text":
		msg.Text = m.Text.Content
	default:
		msg.Event = bot.EventUnsupported // image, voice, file, location…: ask to type
	}
	if c, ok := parseClick(m.Text.MenuID); ok && m.Type == "text" {
		switch {
		case c.human:
			s.handOver(ctx, r, "asked", c.lang)
			return
		case c.none:
			text := "请换个说法再问一次，或回复“转人工”联系人工客服。"
			if c.lang == lang.English {
				text = "Please ask again in other words, or tap “Talk to a person” to reach the desk."
			}
			s.fallback(ctx, r, text, c.lang)
			return
		case c.satisfaction != "":
			s.cfg.Metrics.KFSatisfaction(c.satisfaction)
			s.sendText(ctx, r, satisfactionThanks)
			return
		case c.faq > 0:
			msg.FAQ = c.faq
		case c.topic > 0:
			switch faqs := s.topicFAQs(c.topic); len(faqs) {
			case 0: // the menu changed since: the title is a question
			case 1:
				msg.FAQ = faqs[0]
			default:
				s.sendMenu(ctx, r, clarifyMenu(s.cfg.Matchers.Current().Config(), faqs, lang.Unknown))
				return
			}
		}
	}
	if msg.Event == "" && msg.FAQ == 0 && asksForPerson(msg.Text) {
		s.handOver(ctx, r, "asked", lang.Unknown)
		return
	}
	cfg := s.cfg.Matchers.Current().Config()
	got, err := s.cfg.Engine.Handle(ctx, msg)
	if errors.Is(err, bot.ErrInProgress) {
		return
	}
	if err != nil {
		s.log.Error("kf: no answer", slog.Any("err", err))
		return
	}
	if got.Kind == string(intents.KindFallback) {
		if n := s.countFallback(ctx, r, true); s.cfg.HandOverAfter > 0 && n >= s.cfg.HandOverAfter {
			s.handOver(ctx, r, "fallbacks", lang.Language(got.Lang))
			return
		}
	} else {
		s.countFallback(ctx, r, false)
	}
	if got.Kind == string(intents.KindClarify) && len(got.Suggestions) > 0 {
		s.sendMenu(ctx, r, clarifyMenu(cfg, got.Suggestions, lang.Language(got.Lang)))
		return
	}
	s.sendText(ctx, r, got.Text)
}

// fallback sends text and counts a fallback, handing over (in language
// l) when there were enough in a row.
func (s *Service) fallback(ctx context.Context, r *reply, text string, l lang.Language) {
	if n := s.countFallback(ctx, r, true); s.cfg.HandOverAfter > 0 && n >= s.cfg.HandOverAfter {
		s.handOver(ctx, r, "fallbacks", l)
		return
	}
	s.sendText(ctx, r, text)
}

func (s *Service) countFallback(ctx context.Context, r *reply, fallback bool) int {
	cctx, cancel := s.call(ctx)
	defer cancel()
	n, err := s.cfg.Store.CountKFFallback(cctx, r.m.conv(), fallback, sendWindow)
	if err != nil {
		s.log.Warn("kf: counting fallbacks failed", slog.Any("err", err))
	}
	return n
}

func (s *Service) topicFAQs(line int) []int {
	menu := s.cfg.Matchers.Current().Config().Rules.Menu
	if line <= len(menu) {
		return menu[line-1].FAQs
	}
	return nil
}

// errSilent stops an answer: the conversation is not the bot's to answer
// now, or its messages are used up.
var errSilent = errors.New("kf: not sending")

// sendText sends text as one or more messages of at most 2048 bytes.
func (s *Service) sendText(ctx context.Context, r *reply, text string) {
	for _, part := range platform.SplitText(text, platform.MaxTextBytes) {
		if s.send(ctx, r, func(id string) any { return textMessage(r.m.OpenKfID, r.m.User, id, part) }) != nil {
			return
		}
	}
}

func (s *Service) sendMenu(ctx context.Context, r *reply, m menu) {
	_ = s.send(ctx, r, func(id string) any { return menuMessage(r.m.OpenKfID, r.m.User, id, m) })
}

// send sends the reply's next part, within the conversation's quota.
func (s *Service) send(ctx context.Context, r *reply, build func(msgID string) any) error {
	id := sendID(r.m.OpenKfID, r.m.ID, r.part)
	r.part++
	cctx, cancel := s.call(ctx)
	defer cancel()
	ok, err := s.cfg.Store.TakeKFSend(cctx, r.m.conv(), s.cfg.Now(), sendLimit)
	if err != nil {
		s.log.Error("kf: counting the conversation's messages failed; not sending", slog.Any("err", err))
		return errSilent
	}
	if !ok {
		s.cfg.Metrics.KFEvent("quota_exhausted")
		return errSilent
	}
	msg := build(id)
	err = s.api.send(cctx, msg)
	retried := false
	for _, pause := range []time.Duration{s.cfg.SendRetry, 2 * s.cfg.SendRetry} {
		if err == nil || !mayPass(err) || ctx.Err() != nil {
			break
		}
		// System busy or the network: the part may not have gone out.
		// Send it again with the same msgid, which WeCom refuses if it
		// did (below), so that the customer gets the answer, once.
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		retried = true
		rctx, rcancel := s.call(ctx)
		err = s.api.send(rctx, msg)
		rcancel()
	}
	switch code := wecomapi.Code(err); {
	case err == nil:
		return nil
	case code == codeWrongState:
		s.silenced(cctx, r.m)
		return errSilent
	case code == codeQuota:
		s.cfg.Metrics.KFEvent("quota_exhausted")
		return errSilent
	case code == codeExpired:
		s.cfg.Metrics.KFEvent("window_closed")
		return errSilent
	case (r.resumed || retried) && code != 0 && !mayPass(err):
		// A second delivery of a part an earlier attempt sent: WeCom
		// refuses the repeated msgid, and the customer has it already.
		s.cfg.Metrics.KFEvent("duplicate_send")
		return nil
	}
	s.cfg.Metrics.KFEvent("send_failed")
	s.log.Error("kf: sending an answer failed", slog.Any("err", err))
	return err
}

// mayPass reports whether a send's failure may pass if the part is sent
// again: WeCom's system busy (-1), its rate limit, or no answer at all (a
// network error or a time-out).
func mayPass(err error) bool {
	code := wecomapi.Code(err)
	return code == -1 || code == codeRateLimited || code == 0 && err != nil
}

// silenced notes that a person has the conversation (or it is closed):
// the bot says nothing, and its fallbacks in a row start again.
func (s *Service) silenced(ctx context.Context, m message) {
	s.cfg.Metrics.KFEvent("silenced")
	state, err := s.api.state(ctx, m.OpenKfID, m.User)
	if err == nil {
		s.log.Debug("kf: conversation is not the bot's; silent", slog.Int("state", state))
	}
	_, _ = s.cfg.Store.CountKFFallback(ctx, m.conv(), false, sendWindow)
}
