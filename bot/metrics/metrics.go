// Package metrics exposes the bot's counters and latencies in the
// Prometheus format with github.com/prometheus/client_golang, the reference
// client that every Prometheus-compatible scraper understands. Each
// Registry has its own prometheus.Registry (no global state), so tests and
// several servers in one process do not collide.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kzrh/faqbot/bot"
)

// Registry holds the bot's metrics. It implements bot.Metrics.
type Registry struct {
	reg       *prometheus.Registry
	messages  *prometheus.CounterVec
	answers   *prometheus.CounterVec
	replyTime *prometheus.HistogramVec
	matchTime prometheus.Histogram
	degraded  *prometheus.CounterVec
	reloads   *prometheus.CounterVec
	reclaimed *prometheus.CounterVec
	storeUp   prometheus.Gauge

	kfOnce sync.Once
	kfm    *kfMetrics // the Customer Service channel's (kf.go), made on first use

	mu    sync.Mutex
	day   string           // the UTC+8 date today counts
	today map[string]int64 // messages by outcome on day
}

// New registers the bot's metrics, plus the Go runtime and process ones.
func New() *Registry {
	r := &Registry{
		reg: prometheus.NewRegistry(),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_messages_total",
			Help: "Messages by channel and outcome (answer, clarify, fallback, smalltalk, handover, deduplicated, in_flight, rejected).",
		}, []string{"channel", "outcome"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_faq_answers_total",
			Help: "Answers given, by FAQ number.",
		}, []string{"faq"}),
		replyTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "faqbot_reply_seconds",
			Help:    "Time the engine took to answer a message, store calls included.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"channel"}),
		matchTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "faqbot_match_seconds",
			Help:    "Time the matcher took for one question.",
			Buckets: []float64{.000005, .00001, .000025, .00005, .0001, .00025, .0005, .001, .005},
		}),
		degraded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_store_errors_total",
			Help: "Session store (Redis) calls the bot answered without, from this process's memory, by operation: calls that failed and calls skipped while the circuit is open (faqbot_store_up 0).",
		}, []string{"op"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_reloads_total",
			Help: "Configuration reloads by result (ok, unchanged, rejected).",
		}, []string{"result"}),
		reclaimed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_leases_reclaimed_total",
			Help: "Retries that took over an expired lease: the first delivery was never answered (a crash or a store stall), so this one answered.",
		}, []string{"channel"}),
		storeUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "faqbot_store_up",
			Help: "1 while the session store (Redis) answers, 0 while the bot answers without it (circuit open).",
		}),
	}
	r.storeUp.Set(1)
	// Series that alerts watch exist from the start, at zero, rather than
	// appearing with their first event.
	for _, op := range []string{"begin", "commit"} {
		r.degraded.WithLabelValues(op)
	}
	for _, result := range []string{"ok", "unchanged", "rejected"} {
		r.reloads.WithLabelValues(result)
	}
	r.reg.MustRegister(r.messages, r.answers, r.replyTime, r.matchTime, r.degraded, r.reloads, r.reclaimed, r.storeUp,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Handler serves /metrics.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{})
}

// Replied counts a message and its latency.
func (r *Registry) Replied(channel, outcome string, faq int, took time.Duration) {
	r.messages.WithLabelValues(channel, outcome).Inc()
	if bot.PersonAsked(channel) {
		r.countToday(outcome) // people's messages, as the daily report counts
	}
	if outcome != "deduplicated" && outcome != "in_flight" {
		r.replyTime.WithLabelValues(channel).Observe(took.Seconds())
	}
	if outcome == "answer" && faq > 0 {
		r.answers.WithLabelValues(strconv.Itoa(faq)).Inc()
	}
}

// StoreUp sets faqbot_store_up.
func (r *Registry) StoreUp(up bool) {
	if up {
		r.storeUp.Set(1)
	} else {
		r.storeUp.Set(0)
	}
}

// Reclaimed counts a retry that took over an expired lease.
func (r *Registry) Reclaimed(channel string) { r.reclaimed.WithLabelValues(channel).Inc() }

// Matched times a matcher call.
func (r *Registry) Matched(took time.Duration) { r.matchTime.Observe(took.Seconds()) }

// Degraded counts a store failure.
func (r *Registry) Degraded(op string) { r.degraded.WithLabelValues(op).Inc() }

// Rejected counts a callback refused before it reached the engine (bad
// signature, stale timestamp, ...). The reason is logged by the channel,
// not made a label: the outcome series stays one per channel.
func (r *Registry) Rejected(channel string) {
	r.messages.WithLabelValues(channel, "rejected").Inc()
	r.countToday("rejected")
}

// Reloaded counts a configuration reload by result.
func (r *Registry) Reloaded(result string) { r.reloads.WithLabelValues(result).Inc() }

// china is the desk's time zone: "today" is a Shenzhen day.
var china = time.FixedZone("CST", 8*3600)

func (r *Registry) countToday(outcome string) {
	day := time.Now().In(china).Format("2006-01-02")
	r.mu.Lock()
	defer r.mu.Unlock()
	if day != r.day || r.today == nil {
		r.day, r.today = day, map[string]int64{}
	}
	r.today[outcome]++
}

// Today returns this replica's messages by outcome since midnight in
// Shenzhen, for the console's status page.
func (r *Registry) Today() map[string]int64 {
	day := time.Now().In(china).Format("2006-01-02")
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int64, len(r.today))
	if day == r.day {
		for k, v := range r.today {
			out[k] = v
		}
	}
	return out
}
