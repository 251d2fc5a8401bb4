package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/server"
	"github.com/kzrh/faqbot/intents/reload"
)

// TestVersionAsksARunningServer: version --server prints the version a
// running faqbot serves and its last reload's result, from /readyz, and
// exits with status 1 when that reload was rejected or the server is not
// ready, so that a script notices.
func TestVersionAsksARunningServer(t *testing.T) {
	st := reload.Status{Version: "abc123def456", LoadedAt: time.Now(), LastAttempt: time.Now(),
		LastResult: "rejected", LastError: "intents.yaml:12: decision.max_suggestions: must be between 2 and 5, got 9"}
	srv := httptest.NewServer(server.New(server.Deps{Ready: func(context.Context) (any, error) {
		return st, errors.New("redis unreachable")
	}}))
	defer srv.Close()
	r := cliRun(t, nil, "", "version", "--server", srv.URL)
	if r.err != exitCode(1) {
		t.Fatalf("version --server, reload rejected and not ready: want exitCode(1); got %s", r)
	}
	for _, want := range []string{"serving configuration abc123def456", "last reload rejected", "intents.yaml:12", "not ready: redis unreachable"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	st.LastResult, st.LastError = "ok", ""
	ok := httptest.NewServer(server.New(server.Deps{Ready: func(context.Context) (any, error) { return st, nil }}))
	defer ok.Close()
	if r := cliRun(t, nil, "", "version", "--server", ok.URL); r.status() != 0 || !strings.Contains(r.stdout, "last reload ok") {
		t.Errorf("version --server, ready and reloaded: want status 0; got %s", r)
	}
	if r := cliRun(t, nil, "", "version", "--server", "http://127.0.0.1:1"); r.status() == 0 {
		t.Errorf("version --server with nothing listening succeeded:\n%s", r)
	}
}
