package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/testrules"
)

// hotWait bounds every wait of these tests: a reload builds a segmenter,
// which takes a second or more under -race on a busy machine.
const hotWait = 20 * time.Second

// hotLog is serve's stderr, written by its goroutines while the test reads.
type hotLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *hotLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *hotLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// hotServer is `faqbot serve` running in this process on files in a
// temporary directory.
type hotServer struct {
	t    *testing.T
	base string
	dir  string
	log  *hotLog
}

// startHot writes the tests' own rules (bot/testrules) to a temporary
// directory and serves them on a free loopback port until the test ends.
func startHot(t *testing.T) *hotServer {
	t.Helper()
	s := &hotServer{t: t, dir: t.TempDir(), log: &hotLog{}}
	testrules.WriteTo(t, s.dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s.base = "http://" + addr

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	env := map[string]string{
		"FAQBOT_ADDR":    addr,
		"FAQBOT_FAQ":     filepath.Join(s.dir, "faq.yaml"),
		"FAQBOT_INTENTS": filepath.Join(s.dir, "intents.yaml"),
		// Shorter than waitWatching's touches, which would otherwise
		// postpone every reload.
		"FAQBOT_RELOAD_QUIET": "100ms",
	}
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, s.log)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v\nlog:\n%s", err, s.log)
			}
		case <-time.After(hotWait):
			t.Errorf("serve did not stop within %v", hotWait)
		}
	})

	deadline := time.Now().Add(hotWait)
	for {
		if code, _ := s.get("/healthz"); code == http.StatusOK {
			return s
		}
		select {
		case err := <-done:
			t.Fatalf("serve returned before answering /healthz: %v\nlog:\n%s", err, s.log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer /healthz within %v\nlog:\n%s", hotWait, s.log)
		}
	}
}

// get returns the status and body of a GET, or 0 when the server is not
// answering.
func (s *hotServer) get(path string) (int, string) {
	resp, err := http.Get(s.base + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// hotReady is the body of /readyz.
type hotReady struct {
	Ready  bool `json:"ready"`
	Status struct {
		Version    string `json:"version"`
		LastResult string `json:"last_result"`
		LastError  string `json:"last_error"`
	} `json:"status"`
}

func (s *hotServer) ready() hotReady {
	s.t.Helper()
	code, body := s.get("/readyz")
	var r hotReady
	if err := json.Unmarshal([]byte(body), &r); err != nil || code != http.StatusOK || !r.Ready {
		s.t.Fatalf("GET /readyz: %d %s (%v)", code, body, err)
	}
	return r
}

// reloads returns faqbot_reloads_total{result=...} from /metrics, 0 when
// the series is not there yet.
func (s *hotServer) reloads(result string) float64 {
	s.t.Helper()
	code, body := s.get("/metrics")
	if code != http.StatusOK {
		s.t.Fatalf("GET /metrics: %d %s", code, body)
	}
	m := regexp.MustCompile(`(?m)^faqbot_reloads_total\{result="` + result + `"\} (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		s.t.Fatalf("faqbot_reloads_total{result=%q} = %q", result, m[1])
	}
	return v
}

// eventually polls cond until it holds or the wait is over.
func (s *hotServer) eventually(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(hotWait)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("after %v: %s\nreadyz: %+v\nlog:\n%s", hotWait, what, s.ready(), s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitWatching returns once serve reloads on a change in the files'
// directory: its watch starts in a goroutine of its own.
func (s *hotServer) waitWatching() {
	s.t.Helper()
	before := s.reloads("unchanged")
	// Rewrite faq.yaml as it is: a change the watch must see, and an
	// "unchanged" reload. (Other files in the directory are ignored.)
	probe := filepath.Join(s.dir, "faq.yaml")
	same, err := os.ReadFile(probe)
	if err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(hotWait)
	for s.reloads("unchanged") == before {
		if time.Now().After(deadline) {
			s.t.Fatalf("serve did not reload on a change in %s\nlog:\n%s", s.dir, s.log)
		}
		// Slower than the debounce, or every touch would postpone the reload.
		if err := os.WriteFile(probe, same, 0o644); err != nil {
			s.t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// replace writes intents.yaml the way editors do: beside, then rename.
func (s *hotServer) replace(data []byte) string {
	s.t.Helper()
	path := filepath.Join(s.dir, "intents.yaml")
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		s.t.Fatal(err)
	}
	return path
}

func TestServeReloadsEditedRulesAndKeepsServingThroughABrokenEdit(t *testing.T) {
	edited := cliWithAlternates(t, testrules.Intents(), testrules.TeachFAQ, testrules.TeachQuestion)
	loc := regexp.MustCompile(`(?m)^  max_suggestions: *\d+`).FindIndex(edited)
	if loc == nil {
		t.Fatal("intents.yaml has no decision.max_suggestions")
	}
	badLine := 1 + bytes.Count(edited[:loc[0]], []byte("\n"))
	bad := []byte(string(edited[:loc[0]]) + "  max_suggestions: 9" + string(edited[loc[1]:]))

	s := startHot(t)
	first := s.ready().Status
	if first.Version == "" || first.LastResult != "ok" {
		t.Fatalf("status at start: %+v", first)
	}
	s.waitWatching()

	s.replace(edited)
	s.eventually("the edit was not loaded", func() bool { return s.ready().Status.Version != first.Version })
	second := s.ready().Status
	if second.LastResult != "ok" || s.reloads("ok") < 1 {
		t.Errorf("after the edit: status %+v, reloads ok %v; want ok", second, s.reloads("ok"))
	}

	path := s.replace(bad)
	s.eventually("the broken edit was not rejected", func() bool { return s.ready().Status.LastResult == "rejected" })
	st := s.ready().Status
	if st.Version != second.Version {
		t.Errorf("version %s after a rejected edit, want the serving %s", st.Version, second.Version)
	}
	if want := fmt.Sprintf("%s:%d: decision.max_suggestions", path, badLine); !strings.Contains(st.LastError, want) {
		t.Errorf("/readyz last_error %q, want it to name %s", st.LastError, want)
	}
	if s.reloads("rejected") < 1 {
		t.Error(`faqbot_reloads_total{result="rejected"} did not count the broken edit`)
	}

	// Repairing the file brings back the version that kept serving.
	s.replace(edited)
	s.eventually("the repaired file was not read", func() bool { return s.ready().Status.LastResult == "unchanged" })
	if v := s.ready().Status.Version; v != second.Version {
		t.Errorf("version %s after the repair, want %s", v, second.Version)
	}
}

func TestServeReloadsOnSIGHUP(t *testing.T) {
	// Belt and braces: while this channel is registered a SIGHUP cannot
	// end the test binary, even if serve had not registered its own.
	guard := make(chan os.Signal, 1)
	signal.Notify(guard, syscall.SIGHUP)
	defer signal.Stop(guard)
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}

	s := startHot(t) // serve registers for SIGHUP before /healthz answers
	before := s.reloads("unchanged")
	if err := self.Signal(syscall.SIGHUP); err != nil {
		t.Skipf("cannot send SIGHUP here: %v", err)
	}
	s.eventually("SIGHUP made no reload", func() bool {
		return s.reloads("unchanged") > before && strings.Contains(s.log.String(), "SIGHUP: reloading configuration")
	})
	if st := s.ready().Status; st.LastResult != "unchanged" {
		t.Errorf("status after SIGHUP: %+v, want unchanged", st)
	}
}
