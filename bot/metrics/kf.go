package metrics

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// The WeCom Customer Service channel's metrics (bot/kf.Metrics), made on
// first use so that a server without the channel exports none of them.
type kfMetrics struct {
	events       *prometheus.CounterVec
	sendFailures *prometheus.CounterVec
	welcomes     *prometheus.CounterVec
	satisfaction *prometheus.CounterVec
}

func (r *Registry) kf() *kfMetrics {
	r.kfOnce.Do(func() {
		m := &kfMetrics{
			events: prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "faqbot_kf_events_total",
				Help: "Customer Service events: token_refresh, rate_limited (45009), silenced (95018: a person has the conversation), " +
					"quota_exhausted, window_closed, duplicate_send, send_failed, backlog_skipped, handover, handover_closed (outside the hours), handover_failed.",
			}, []string{"event"}),
			sendFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "faqbot_kf_send_failures_total",
				Help: "msg_send_fail events by WeCom's fail_type (4: past 48 hours, 6: over 5 messages, 10: refused by the customer, ...).",
			}, []string{"fail_type"}),
			welcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "faqbot_kf_welcomes_total",
				Help: "Customers entering a conversation, by the scene of the link they came from and the welcome's outcome (sent, expired, failed, no_code).",
			}, []string{"scene", "outcome"}),
			satisfaction: prometheus.NewCounterVec(prometheus.CounterOpts{
				Name: "faqbot_kf_satisfaction_total",
				Help: "Answers to the satisfaction menu offered when a person ends a conversation.",
			}, []string{"answer"}),
		}
		for _, e := range []string{"rate_limited", "silenced", "quota_exhausted", "send_failed", "handover"} {
			m.events.WithLabelValues(e)
		}
		r.reg.MustRegister(m.events, m.sendFailures, m.welcomes, m.satisfaction)
		r.kfm = m
	})
	return r.kfm
}

// KFEvent counts a Customer Service event.
func (r *Registry) KFEvent(event string) { r.kf().events.WithLabelValues(event).Inc() }

// KFSendFailed counts a msg_send_fail event.
func (r *Registry) KFSendFailed(failType int) {
	r.kf().sendFailures.WithLabelValues(strconv.Itoa(failType)).Inc()
}

// KFWelcome counts a customer entering a conversation.
func (r *Registry) KFWelcome(scene, outcome string) {
	r.kf().welcomes.WithLabelValues(scene, outcome).Inc()
}

// KFSatisfaction counts an answer to the satisfaction menu. It is also
// counted in Today, under "满意度·<answer>", for the console's status page.
func (r *Registry) KFSatisfaction(answer string) {
	r.kf().satisfaction.WithLabelValues(answer).Inc()
	r.countToday("满意度·" + answer)
}
