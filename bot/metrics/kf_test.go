package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestKFMetricsAreExportedAndSatisfactionShowsToday(t *testing.T) {
	r := New()
	r.KFEvent("silenced")
	r.KFSendFailed(6)
	r.KFWelcome("poster", "sent")
	r.KFSatisfaction("满意")
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`faqbot_kf_events_total{event="silenced"} 1`,
		`faqbot_kf_send_failures_total{fail_type="6"} 1`,
		`faqbot_kf_welcomes_total{outcome="sent",scene="poster"} 1`,
		`faqbot_kf_satisfaction_total{answer="满意"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if r.Today()["满意度·满意"] != 1 {
		t.Errorf("Today() = %v, want the satisfaction answer counted", r.Today())
	}
}
