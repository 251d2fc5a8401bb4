package main

import (
	"net/http"
	"testing"
	"time"
)

// TestServeStopsGracefully is a rolling update's SIGTERM: the replica
// reports not ready at once, so that the Service stops routing to it, but
// goes on answering the callbacks already on their way for the grace
// period, and only then stops.
func TestServeStopsGracefully(t *testing.T) {
	c := loadReplyContent(t)
	const grace = 1500 * time.Millisecond
	s := startE2E(t, e2eEnv(map[string]string{"FAQBOT_SHUTDOWN_GRACE": grace.String()}))
	if resp, body := s.get(t, "/readyz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz before the stop = %d %s", resp.StatusCode, body)
	}
	stopped := time.Now()
	s.stop() // what SIGTERM does to serve's context

	deadline := time.Now().Add(time.Second)
	for {
		resp, _ := s.get(t, "/readyz")
		if resp.StatusCode == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz = %d a second after the stop, want 503", resp.StatusCode)
		}
		time.Sleep(10 * time.Millisecond)
	}
	wantInReply(t, "an answer during the grace period", s.wecom().say(t, "grace-user", "一次能借几本书"), c.heading(3))
	if returned, err := s.wait(5 * time.Second); !returned || err != nil {
		t.Fatalf("serve returned %v, %v after the grace period", returned, err)
	}
	if took := time.Since(stopped); took < grace {
		t.Errorf("serve returned %v after the stop, before its grace of %v", took, grace)
	}
}
