package redisstore

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/redistest"
	"github.com/kzrh/faqbot/bot/storetest"
)

func TestConformance(t *testing.T) {
	testClient(t)
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T, cfg storetest.Config, now func() time.Time) bot.Store {
			return testStore(t, Options{
				SessionTTL:         cfg.SessionTTL,
				DedupTTL:           cfg.DedupTTL,
				Lease:              cfg.Lease,
				Retention:          cfg.Retention,
				MaxQuestionsPerDay: cfg.MaxQuestions,
				Now:                now,
			})
		},
		RealTime: true,
	})
}

func TestEveryKeyIsUnderThePrefixAndExpires(t *testing.T) {
	s := testStore(t, Options{})
	ctx := context.Background()
	key := bot.SessionKey{Channel: "wecom", User: "alice"}
	if _, err := s.Begin(ctx, key, "m1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Begin(ctx, bot.SessionKey{Channel: "mp", User: "bob"}, "m2"); err != nil {
		t.Fatal(err)
	}
	q := &bot.Question{Text: "要交什么", Kind: "fallback", Time: time.Now()}
	if err := s.Commit(ctx, key, "m1", bot.Session{LastFAQ: 3}, bot.Reply{Text: "x"}, q); err != nil {
		t.Fatal(err)
	}
	if err := s.TokenCache().Set("access_token", "tok", time.Hour); err != nil {
		t.Fatal(err)
	}
	keys, err := scanKeys(ctx, s.client, s.opts.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	// session, two marks, the day's counts and metadata, the token
	if len(keys) != 6 {
		t.Errorf("keys %q, want 6", keys)
	}
	for _, k := range keys {
		ttl, err := s.client.PTTL(ctx, k).Result()
		if err != nil || ttl <= 0 {
			t.Errorf("key %s has TTL %v (%v), want a positive one", k, ttl, err)
		}
	}
}

func TestQuestionBucketDropsMetadataWithTheQuestion(t *testing.T) {
	s := testStore(t, Options{MaxQuestionsPerDay: 3})
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	for i, text := range strings.Split("一 二 三 四 五 六 七 八", " ") {
		q := &bot.Question{Text: text, Kind: "fallback", Time: now.Add(time.Duration(i) * time.Minute)}
		if err := s.Commit(ctx, bot.SessionKey{}, "", bot.Session{}, bot.Reply{}, q); err != nil {
			t.Fatal(err)
		}
	}
	// MaxQuestionsPerDay 3 is too small to shard: one shard, 0.
	counts, _ := s.client.ZCard(ctx, s.keys.counts("20261126", 0)).Result()
	metas, _ := s.client.HLen(ctx, s.keys.meta("20261126", 0)).Result()
	if counts != 3 || metas != 3 {
		t.Errorf("bucket holds %d counts and %d metadata, want 3 and 3", counts, metas)
	}
}

func TestCommitSendsTheScriptWhenRedisForgotIt(t *testing.T) {
	// SCRIPT FLUSH clears every client's scripts: only on a server of the
	// test's own.
	srv := redistest.New(t)
	if !srv.Owned() {
		t.Fatal("SCRIPT FLUSH needs a server the test started itself")
	}
	s := storeOn(t, srv, Options{})
	ctx := context.Background()
	if err := s.client.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	q := &bot.Question{Text: "在哪个菜单", Kind: "fallback"}
	if err := s.Commit(ctx, bot.SessionKey{}, "m1", bot.Session{}, bot.Reply{}, q); err != nil {
		t.Fatalf("Commit after SCRIPT FLUSH: %v", err)
	}
	qs, err := s.Questions(ctx, time.Now().Add(-time.Hour), 0)
	if err != nil || len(qs) != 1 {
		t.Errorf("Questions = %+v, %v; want the question logged", qs, err)
	}
}

func TestUnreadableValuesDoNotFailTheMessage(t *testing.T) {
	s := testStore(t, Options{})
	ctx := context.Background()
	key := bot.SessionKey{Channel: "wecom", User: "alice"}
	s.client.Set(ctx, s.keys.session(key), "{not json", time.Minute)
	s.client.Set(ctx, s.keys.message("m1"), "{not json", time.Minute)
	c, err := s.Begin(ctx, key, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Duplicate || c.Reply != nil || c.Session.LastFAQ != 0 || c.Session.Topic != "" {
		t.Errorf("claim %+v, want a duplicate without reply and the zero session", c)
	}
}

// silentServer accepts connections and never answers: a Redis that hangs,
// the case that must not hang the bot.
func silentServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	t.Cleanup(func() { close(done); ln.Close() })
	return ln.Addr().String()
}

func TestUnreachableRedisFailsWithinTheTimeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	const slack = 1500 * time.Millisecond // generous: a shared 2-core CI machine; the point is "bounded", not a latency figure
	servers := map[string]string{
		"closed port":   "127.0.0.1:1",
		"silent server": silentServer(t),
	}
	for name, addr := range servers {
		t.Run(name, func(t *testing.T) {
			client, err := newClient("redis://" + addr)
			if err != nil {
				t.Fatal(err)
			}
			s := New(client, Options{Timeout: timeout, QuestionsTimeout: timeout})
			t.Cleanup(func() { client.Close() })
			ctx := context.Background() // no deadline of its own
			key := bot.SessionKey{Channel: "wecom", User: "alice"}
			calls := map[string]func() error{
				"Begin": func() error { _, err := s.Begin(ctx, key, "m1"); return err },
				"Commit": func() error {
					return s.Commit(ctx, key, "m1", bot.Session{}, bot.Reply{}, &bot.Question{Text: "x"})
				},
				"Reply":     func() error { _, err := s.Reply(ctx, "m1"); return err },
				"Questions": func() error { _, err := s.Questions(ctx, time.Time{}, 10); return err },
				"Ping":      func() error { return s.Ping(ctx) },
				"TokenCache.Set": func() error {
					return s.TokenCache().Set("k", "v", time.Minute)
				},
			}
			for call, f := range calls {
				began := time.Now()
				err := f()
				if took := time.Since(began); took > timeout+slack {
					t.Errorf("%s took %v, want at most %v", call, took, timeout+slack)
				}
				if err == nil {
					t.Errorf("%s succeeded against %s", call, addr)
				}
			}
			began := time.Now()
			if v := s.TokenCache().Get("k"); v != nil {
				t.Errorf("TokenCache.Get = %v, want nil", v)
			}
			if took := time.Since(began); took > timeout+slack {
				t.Errorf("TokenCache.Get took %v", took)
			}
		})
	}
}

func TestOpenGivesUpAtTheContextsDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := Open(ctx, "redis://:secret@"+silentServer(t)+"/0", Options{})
	if err == nil {
		t.Fatal("Open succeeded against a silent server")
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("Open took %v", took)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestOpenOwnsItsClient(t *testing.T) {
	s, err := Open(context.Background(), redistest.Shared(t).URL(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.client.Ping(context.Background()).Err(); err == nil {
		t.Error("the client still works after Close")
	}
	if err := s.Ping(context.Background()); !errors.Is(err, bot.ErrClosed) {
		t.Errorf("Ping after Close = %v, want bot.ErrClosed", err)
	}
}

func TestDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	want := Options{Prefix: "faqbot:", SessionTTL: 30 * time.Minute, DedupTTL: 10 * time.Minute,
		Lease: bot.DefaultLease, Retention: 7 * 24 * time.Hour, MaxQuestionsPerDay: 2000, Timeout: 300 * time.Millisecond,
		QuestionShards: 16, QuestionsTimeout: 5 * time.Second}
	if o.Now == nil {
		t.Error("no default clock")
	}
	o.Now = nil
	if !reflect.DeepEqual(o, want) {
		t.Errorf("defaults = %+v, want %+v", o, want)
	}
}

func TestScoreKeepsCountAndTimeExactly(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, count := range []int64{1, 2, 999, 1 << 20} {
		for _, at := range []time.Duration{0, time.Millisecond, 10*time.Hour + 123*time.Millisecond, 24*time.Hour - time.Millisecond} {
			score := float64(count) + float64(at.Milliseconds())/msPerDay
			e := decodeScore(score, day)
			if e.Count != count || !e.Last.Equal(day.Add(at)) {
				t.Errorf("decodeScore(%d + %v) = %d at %v", count, at, e.Count, e.Last.Sub(day))
			}
		}
	}
}
