package bot_test

import (
	"context"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
)

// countingStore counts the sessions an engine saves.
type countingStore struct {
	bot.Store
	commits *atomic.Int32
}

func (c countingStore) Commit(ctx context.Context, key bot.SessionKey, msgID string, s bot.Session, r bot.Reply, q *bot.Question) error {
	c.commits.Add(1)
	return c.Store.Commit(ctx, key, msgID, s, r, q)
}

// TestRetriesAcrossReplicasAreAnsweredOnce sends one message id three times
// at once to two engines that share one Redis: one answer, one context
// update, and every delivery gets the same reply.
func TestRetriesAcrossReplicasAreAnsweredOnce(t *testing.T) {
	srv := redistest.Shared(t)
	m := loadMatcher(t)
	prefix := srv.Prefix(t)
	first := newRedisStore(t, srv, redisstore.Options{Prefix: prefix})
	second := newRedisStore(t, srv, redisstore.Options{Prefix: prefix})
	var commits atomic.Int32
	replicas := []*bot.Engine{
		bot.New(bot.Static{M: m}, countingStore{first, &commits}, bot.Options{}),
		bot.New(bot.Static{M: m}, countingStore{second, &commits}, bot.Options{}),
	}
	msg := bot.Message{Channel: "wecom", User: "alice", ID: "7321", Text: "借书证丢了怎么补办"}
	var wg sync.WaitGroup
	replies := make([]bot.Reply, 6)
	errs := make([]error, 6)
	for i := range replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i], errs[i] = replicas[i%2].Handle(context.Background(), msg)
		}()
	}
	wg.Wait()
	for i := range replies {
		if errs[i] != nil {
			t.Fatalf("delivery %d: %v", i, errs[i])
		}
		if replies[i].Text != replies[0].Text || replies[i].FAQ != 2 {
			t.Errorf("delivery %d got %s %d, want the one answer to FAQ 2", i, replies[i].Kind, replies[i].FAQ)
		}
	}
	if n := commits.Load(); n != 1 {
		t.Errorf("the conversation advanced %d times, want once", n)
	}
	repeats := 0
	for _, r := range replies {
		if r.Repeat {
			repeats++
		}
	}
	if repeats != len(replies)-1 {
		t.Errorf("%d of %d deliveries marked as repeats, want all but the one answered", repeats, len(replies))
	}
}

// TestAnswersWithoutContextWhenRedisIsDown points the store at a closed
// port: the question is still answered, promptly, and the failure counted.
func TestAnswersWithoutContextWhenRedisIsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	client := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	store := redisstore.New(client, redisstore.Options{Timeout: 200 * time.Millisecond})
	defer store.Close()
	metrics := &recordingMetrics{}
	e := bot.New(bot.Static{M: loadMatcher(t)}, store, bot.Options{Metrics: metrics, StoreTimeout: 200 * time.Millisecond})

	start := time.Now()
	r, err := e.Handle(context.Background(), bot.Message{Channel: "wecom", User: "u", ID: "1", Text: "一次能借几本书"})
	took := time.Since(start)
	t.Logf("answered in %v with Redis down", took)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != "answer" || r.FAQ != 3 {
		t.Errorf("got %s %d, want answer 3", r.Kind, r.FAQ)
	}
	if took > 2*time.Second {
		t.Errorf("answering took %v with Redis down; the deadline is well under WeChat's 5 s", took)
	}
	if metrics.degraded.Load() == 0 {
		t.Error("the store failure was not counted")
	}
}

// TestAnswersWhenRedisHangs: a server that accepts connections but never
// answers must not hold the reply past the store deadline.
func TestAnswersWhenRedisHangs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	client := redis.NewClient(&redis.Options{Addr: ln.Addr().String(), ContextTimeoutEnabled: true, MaxRetries: -1})
	store := redisstore.New(client, redisstore.Options{Timeout: 200 * time.Millisecond})
	defer store.Close()
	e := bot.New(bot.Static{M: loadMatcher(t)}, store, bot.Options{StoreTimeout: 200 * time.Millisecond})
	start := time.Now()
	r, err := e.Handle(context.Background(), bot.Message{Channel: "wecom", User: "u", ID: "2", Text: "借书证丢了怎么补办"})
	if err != nil || r.FAQ != 2 {
		t.Fatalf("got %+v, %v; want answer 15", r, err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("answering took %v with a silent Redis", took)
	}
}

// TestUnmatchedQuestionsAreLoggedMasked: fallbacks and clarifications are
// logged for operators with personal data masked; answers are logged as
// answered.
func TestUnmatchedQuestionsAreLoggedMasked(t *testing.T) {
	m := loadMatcher(t)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		store := newStore(t, clock.Now)
		e := bot.New(bot.Static{M: m}, store, bot.Options{Now: clock.Now})
		ctx := context.Background()
		for _, text := range []string{
			"我的手机13812345678，帮我订明天去北京的高铁票",
			"我的手机13812345678，帮我订明天去北京的高铁票",
			"护照号E12345678的员工医保怎么报销，邮箱hr@example.com",
			"自习室要预约吗",
		} {
			clock.Advance(time.Second)
			if _, err := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: text, Time: clock.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		qs, err := store.Questions(ctx, clock.Now().Add(-time.Hour), 10, "fallback", "clarify")
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 2 {
			t.Fatalf("logged %d unmatched questions, want 2: %+v", len(qs), qs)
		}
		if qs[0].Count != 2 {
			t.Errorf("the repeated question counts %d, want 2", qs[0].Count)
		}
		for _, q := range qs {
			for _, secret := range []string{"13812345678", "E12345678", "e12345678", "hr@example.com"} {
				if strings.Contains(q.Text, secret) {
					t.Errorf("logged question %q keeps personal data %q", q.Text, secret)
				}
			}
		}
	})
}

// TestALongQuestionIsLoggedCut: a long message is logged cut to
// bot.MaxQuestionBytes at a character, in every store, and what personal
// details it holds are masked before the cut.
func TestALongQuestionIsLoggedCut(t *testing.T) {
	m := loadMatcher(t)
	// The mobile number straddles the cut (169 characters of 3 bytes end
	// at byte 507): cut first, its first digits would be logged.
	long := strings.Repeat("停", 169) + "13812345678" + strings.Repeat("停车场在哪里，", 200)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		store := newStore(t, clock.Now)
		e := bot.New(bot.Static{M: m}, store, bot.Options{Now: clock.Now})
		ctx := context.Background()
		clock.Advance(time.Second)
		if _, err := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: long, Time: clock.Now()}); err != nil {
			t.Fatal(err)
		}
		qs, err := store.Questions(ctx, clock.Now().Add(-time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 1 || len(qs[0].Text) > bot.MaxQuestionBytes || !utf8.ValidString(qs[0].Text) || !strings.HasPrefix(qs[0].Text, "停停停") {
			t.Fatalf("logged %+v, want the question cut to at most %d bytes", qs, bot.MaxQuestionBytes)
		}
		if strings.Contains(qs[0].Text, "138") {
			t.Errorf("logged %q: the mobile number's first digits are left, want it masked before the cut", qs[0].Text)
		}
	})
}

type recordingMetrics struct{ degraded atomic.Int32 }

func (m *recordingMetrics) Replied(string, string, int, time.Duration) {}
func (m *recordingMetrics) Matched(time.Duration)                      {}
func (m *recordingMetrics) Degraded(string)                            { m.degraded.Add(1) }
func (m *recordingMetrics) Reclaimed(string)                           {}

// TestWelcomeOncePerConversation: entering the app again while a
// conversation is alive gets no second greeting, and keeps the pending
// clarification.
func TestWelcomeOncePerConversation(t *testing.T) {
	m := loadMatcher(t)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		e := bot.New(bot.Static{M: m}, newStore(t, clock.Now), bot.Options{Now: clock.Now})
		ctx := context.Background()
		welcome := bot.Message{Channel: "wecom", User: "u", Event: bot.EventWelcome}
		welcome.Time = clock.Now()
		first, _ := e.Handle(ctx, welcome)
		if first.Text == "" {
			t.Fatal("a new conversation got no welcome")
		}
		clock.Advance(time.Minute)
		e.Handle(ctx, bot.Message{Channel: "wecom", User: "u", Text: "帮助", Time: clock.Now()})
		clock.Advance(time.Minute)
		welcome.Time = clock.Now()
		if again, _ := e.Handle(ctx, welcome); again.Text != "" {
			t.Errorf("re-entering a live conversation was greeted again: %q", again.Text)
		}
		clock.Advance(time.Minute)
		if r, _ := e.Handle(ctx, bot.Message{Channel: "wecom", User: "u", Text: "3", Time: clock.Now()}); r.Kind != "clarify" {
			t.Errorf("the menu offered before re-entering was lost: 3 got %s", r.Kind)
		}
		clock.Advance(31 * time.Minute)
		welcome.Time = clock.Now()
		if later, _ := e.Handle(ctx, welcome); later.Text == "" {
			t.Error("a visit after the context expired got no welcome")
		}
	})
}
