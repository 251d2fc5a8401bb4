// Package redistest gives tests a Redis server that is theirs to use.
//
// Shared returns the test binary's server:
//   - FAQBOT_TEST_REDIS_URL when it is set (an explicit test server, which
//     must name a database other than 0);
//   - else a redis-server started on a free loopback port, without
//     persistence, in a temporary directory of its own, once per test
//     binary, and stopped when the binary ends;
//   - else the test is skipped, saying why and how to run it.
//
// New starts a server for one test alone, which the test may freeze, stop
// and restart (fault tests).
//
// This package never touches db 0 of a server it did not start, and never
// runs SCRIPT FLUSH, FLUSHDB or FLUSHALL there: keys are written under a
// prefix of the test's own and deleted by it. A package that uses it calls
// Main from its TestMain, so that the server is stopped and the skips are
// reported (package testskip).
package redistest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot/testskip"
)

// EnvURL names the variable that points the tests at an explicit server.
const EnvURL = "FAQBOT_TEST_REDIS_URL"

// howToRun ends every skip message.
const howToRun = "install redis-server (the tests start their own), or set " + EnvURL + "=redis://HOST:PORT/N with a database N other than 0"

// Server is a Redis server the tests may use.
type Server struct {
	url  string
	addr string
	db   int
	proc *process // nil for a server the tests did not start
}

// URL is the server's redis:// URL, database included.
func (s *Server) URL() string { return s.url }

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.addr }

// Owned reports whether the tests started this server, and may therefore
// flush it, freeze it or stop it.
func (s *Server) Owned() bool { return s.proc != nil }

// Options are go-redis options for a client of the server.
func (s *Server) Options() *redis.Options {
	opt, err := redis.ParseURL(s.url)
	if err != nil {
		panic(fmt.Sprintf("redistest: own URL %q: %v", s.url, err))
	}
	return opt
}

// Client returns a client of the server, closed when tb ends.
func (s *Server) Client(tb testing.TB) *redis.Client {
	tb.Helper()
	c := redis.NewClient(s.Options())
	tb.Cleanup(func() { c.Close() })
	return c
}

// Prefix returns a key prefix no other test uses; the keys under it are
// deleted when tb ends.
func (s *Server) Prefix(tb testing.TB) string {
	tb.Helper()
	prefix := fmt.Sprintf("faqbottest:%016x:", rand.Uint64())
	tb.Cleanup(func() {
		c := redis.NewClient(s.Options())
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var keys []string
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		err := iter.Err()
		if err == nil && len(keys) > 0 {
			err = c.Del(ctx, keys...).Err()
		}
		if err != nil && s.alive() {
			tb.Errorf("redistest: deleting the keys under %s: %v", prefix, err)
		}
	})
	return prefix
}

var shared struct {
	once   sync.Once
	server *Server
	skip   string // why there is no server, when the tests must skip
	err    error  // what went wrong with the server there should be
}

// Shared returns the test binary's server, or skips tb when there is none.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	shared.once.Do(func() {
		if raw := os.Getenv(EnvURL); raw != "" {
			shared.server, shared.err = explicit(raw)
			return
		}
		if _, err := redisServerPath(); err != nil {
			shared.skip = "no Redis for the tests: redis-server is not on PATH and " + EnvURL + " is not set; " + howToRun
			return
		}
		shared.server, shared.err = start(0)
	})
	switch {
	case shared.err != nil:
		tb.Fatal(shared.err)
	case shared.skip != "":
		testskip.Skipf(tb, "%s", shared.skip)
	}
	return shared.server
}

// New starts a server for tb alone, stopped when tb ends. Fault tests use
// it to freeze, stop and restart their server. It needs redis-server on
// PATH even when FAQBOT_TEST_REDIS_URL is set, and skips tb without it.
func New(tb testing.TB) *Server {
	tb.Helper()
	if _, err := redisServerPath(); err != nil {
		testskip.Skipf(tb, "this test needs a Redis server of its own and redis-server is not on PATH; install redis-server to run it")
	}
	s, err := start(0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.stop)
	return s
}

// explicit is the server that FAQBOT_TEST_REDIS_URL names.
func explicit(raw string) (*Server, error) {
	opt, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not a redis:// URL of one server: %w", EnvURL, err)
	}
	if opt.DB == 0 {
		return nil, fmt.Errorf("%s names database 0; the tests never use db 0 of a server they did not start: add a database other than 0, e.g. %s/9", EnvURL, raw)
	}
	probe := *opt
	probe.MaxRetries = -1
	c := redis.NewClient(&probe)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("%s: the server does not answer (%v); start it or unset %s to let the tests start their own", EnvURL, err, EnvURL)
	}
	return &Server{url: raw, addr: opt.Addr, db: opt.DB}, nil
}

// Main runs the package's tests, then stops the shared server and reports
// the skips. A package whose tests use Redis calls it from TestMain:
//
//	func TestMain(m *testing.M) { redistest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if s := shared.server; s != nil && s.proc != nil {
		s.stop()
	}
	testskip.Report()
	os.Exit(code)
}

// alive reports whether the server answers a PING now.
func (s *Server) alive() bool {
	c := redis.NewClient(s.Options())
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	return c.Ping(ctx).Err() == nil
}

var errNotOwned = errors.New("redistest: the tests did not start this server; use redistest.New for a server the test may freeze or stop")
