package kf

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/kzrh/faqbot/bot/internal/wecomapi"
)

// handOver gives the conversation to a person: to the configured servicer
// (state 3) or to the queue (state 2), then tells the customer with the
// code the move returned. Outside the working hours it moves nothing and
// says when people answer and how else to reach the desk.
func (s *Service) handOver(ctx context.Context, r *reply, reason string) {
	s.countFallback(ctx, r, false)
	if !s.cfg.Hours.Open(s.cfg.Now()) {
		s.cfg.Metrics.KFEvent("handover_closed")
		s.sendText(ctx, r, s.closedText())
		return
	}
	cctx, cancel := s.call(ctx)
	defer cancel()
	code, err := "", error(nil)
	if s.cfg.Servicer != "" {
		code, err = s.api.trans(cctx, r.m.OpenKfID, r.m.User, stateServicer, s.cfg.Servicer)
		if wecomapi.Code(err) == codeNotOnDuty {
			s.log.Info("kf: the hand-over servicer is not receiving; the conversation goes to the queue")
		}
	}
	if s.cfg.Servicer == "" || err != nil {
		code, err = s.api.trans(cctx, r.m.OpenKfID, r.m.User, stateQueue, "")
	}
	if err != nil {
		// Most often the conversation is already with a person.
		s.cfg.Metrics.KFEvent("handover_failed")
		s.log.Warn("kf: hand-over refused", slog.String("reason", reason), slog.Int("errcode", wecomapi.Code(err)))
		return
	}
	s.cfg.Metrics.KFEvent("handover")
	s.log.Info("kf: conversation handed over", slog.String("reason", reason))
	if code == "" {
		return
	}
	// After the move send_msg is refused (95018): the notice goes with the
	// move's code, once.
	if err := s.api.sendOnEvent(cctx, eventText(code, sendID(r.m.OpenKfID, r.m.ID, r.part), handOverText)); err != nil {
		s.log.Warn("kf: the hand-over notice was refused", slog.Int("errcode", wecomapi.Code(err)))
	}
}

const handOverText = "正在为您转接人工客服，请稍候。人工客服接入前，您发送的消息都会保留。"

// closedText says when people answer, and how to reach the desk now.
func (s *Service) closedText() string {
	c := s.cfg.Matchers.Current().Config().Content.Counter
	var b strings.Builder
	fmt.Fprintf(&b, "现在是非工作时间，人工客服的服务时间为：%s（北京时间）。", s.cfg.Hours)
	if c.Phone != "" {
		fmt.Fprintf(&b, "\n咨询电话：%s", c.Phone)
	}
	if c.Name != "" || c.Address != "" {
		fmt.Fprintf(&b, "\n办理窗口：%s", strings.TrimSpace(c.Name+" "+c.Address))
	}
	b.WriteString("\n您也可以继续向我提问。")
	return b.String()
}
