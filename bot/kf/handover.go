package kf

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/kzrh/faqbot/bot/internal/wecomapi"
	"github.com/kzrh/faqbot/intents/lang"
)

// handOver gives the conversation to a person: to the configured servicer
// (state 3) or to the queue (state 2), then tells the customer with the
// code the move returned. Outside the working hours it moves nothing and
// says when people answer and how else to reach the desk. Its notices
// are in the conversation's language l (English, or else Chinese).
func (s *Service) handOver(ctx context.Context, r *reply, reason string, l lang.Language) {
	s.countFallback(ctx, r, false)
	if !s.cfg.Hours.Open(s.cfg.Now()) {
		s.cfg.Metrics.KFEvent("handover_closed")
		s.sendText(ctx, r, s.closedText(l))
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
	notice := handOverText
	if l == lang.English {
		notice = handOverTextEn
	}
	if err := s.api.sendOnEvent(cctx, eventText(code, sendID(r.m.OpenKfID, r.m.ID, r.part), notice)); err != nil {
		s.log.Warn("kf: the hand-over notice was refused", slog.Int("errcode", wecomapi.Code(err)))
	}
}

const (
	handOverText   = "正在为您转接人工客服，请稍候。人工客服接入前，您发送的消息都会保留。"
	handOverTextEn = "Connecting you to a person at the desk, please wait. Your messages are kept until they join."
)

// closedText says when people answer, and how to reach the desk now, in
// language l.
func (s *Service) closedText(l lang.Language) string {
	c := s.cfg.Matchers.Current().Config().Content.Counter
	var b strings.Builder
	if l == lang.English {
		fmt.Fprintf(&b, "The desk is closed now. People answer here %s (Beijing time).", s.cfg.Hours.English())
		if c.Phone != "" {
			fmt.Fprintf(&b, "\nPhone: %s", c.Phone)
		}
		var counter []string
		for _, v := range [][2]string{{c.NameEn, c.Name}, {c.AddressEn, c.Address}} {
			if v[0] != "" {
				counter = append(counter, v[0])
			} else if v[1] != "" {
				counter = append(counter, v[1])
			}
		}
		if len(counter) > 0 {
			fmt.Fprintf(&b, "\nCounter: %s", strings.Join(counter, ", "))
		}
		b.WriteString("\nYou can also go on asking me.")
		return b.String()
	}
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
