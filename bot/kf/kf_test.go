package kf_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/kf"
)

func TestAnswersAQuestionThroughTheCallback(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		got := s.next(t)
		if got.API != "kf" || got.KF != account || got.User != customer || !strings.HasPrefix(got.Text, s.faqAnswer(3)) {
			t.Fatalf("sent %+v, want FAQ 1's answer to the customer", got)
		}
		if len(got.MsgID) > 32 || got.MsgID == "" {
			t.Errorf("msgid %q: want a derived id of at most 32 bytes", got.MsgID)
		}
		s.none(t)
	})
}

func TestCallbackRetryGivesOneAnswer(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		// WeCom retries a callback it got no timely answer to; both arrive.
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.post()
			}()
		}
		wg.Wait()
		r.settle()
		s.next(t)
		s.none(t)
	})
}

func TestTwoReplicasAnswerEachMessageOnceAndTheCursorOnlyMovesForward(t *testing.T) {
	s := newShared(t, backend{name: "redis", redis: true})
	cursors := &cursorLog{}
	a := s.replica(t, options{store: cursors.wrap})
	b := s.replica(t, options{store: cursors.wrap})
	questions := []string{"一次能借几本书", "书到期了怎么续借", "图书馆几点开门", "自习室要预约吗"}
	want := map[string]bool{}
	answered := map[string]int{}
	for round := range 6 {
		for u := range 4 {
			id := s.api.KFCustomerSays(account, "wmUSER"+strconv.Itoa(u), questions[(round+u)%len(questions)])
			want[id] = true
		}
		// Callbacks interleave on both replicas, some while the other
		// replica holds the lock.
		var wg sync.WaitGroup
		for _, r := range []*replica{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.post()
			}()
		}
		wg.Wait()
		a.settle()
		b.settle()
		for range 4 {
			answered[s.next(t).MsgID]++
		}
	}
	s.none(t)
	for id, n := range answered {
		if n != 1 || !strings.HasSuffix(id, "-0") {
			t.Errorf("answer %s sent %d times", id, n)
		}
	}
	if len(answered) != len(want) {
		t.Errorf("%d distinct answers for %d messages", len(answered), len(want))
	}
	cursors.check(t)
}

// cursorLog records every cursor saved, by every replica.
type cursorLog struct {
	mu    sync.Mutex
	saved []int
}

func (c *cursorLog) wrap(s store) store { return &cursorStore{store: s, log: c} }

type cursorStore struct {
	store
	log *cursorLog
}

func (s *cursorStore) SaveKFCursor(ctx context.Context, openKfID, owner, cursor string) error {
	err := s.store.SaveKFCursor(ctx, openKfID, owner, cursor)
	if err == nil {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(cursor, "n"), "e"))
		s.log.mu.Lock()
		s.log.saved = append(s.log.saved, n)
		s.log.mu.Unlock()
	}
	return err
}

func (c *cursorLog) check(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 1; i < len(c.saved); i++ {
		if c.saved[i] < c.saved[i-1] {
			t.Fatalf("the cursor moved back: %v", c.saved)
		}
	}
	if len(c.saved) == 0 {
		t.Fatal("no cursor was saved")
	}
}

// crashStore fails every call once the crash point is reached, as a
// replica that died there would make none.
type crashStore struct {
	store
	at      string // "finish" or "cursor"
	mu      sync.Mutex
	crashed bool
}

var errCrashed = errors.New("the replica crashed")

func (c *crashStore) dead(point string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if point == c.at {
		c.crashed = true
	}
	return c.crashed
}

func (c *crashStore) FinishKFMessage(ctx context.Context, msgID string, keep time.Duration) error {
	if c.dead("finish") {
		return errCrashed
	}
	return c.store.FinishKFMessage(ctx, msgID, keep)
}

func (c *crashStore) SaveKFCursor(ctx context.Context, openKfID, owner, cursor string) error {
	if c.dead("cursor") {
		return errCrashed
	}
	return c.store.SaveKFCursor(ctx, openKfID, owner, cursor)
}

func (c *crashStore) UnlockKF(ctx context.Context, openKfID, owner string) error {
	if c.dead("") {
		return errCrashed // a dead replica's lock is left to expire
	}
	return c.store.UnlockKF(ctx, openKfID, owner)
}

func TestCrashBetweenSendingAndSavingTheCursorGivesNoDuplicate(t *testing.T) {
	for _, point := range []string{"finish", "cursor"} {
		t.Run("before "+point, func(t *testing.T) {
			each(t, func(t *testing.T, s *shared) {
				// A replica that has pulled before: the account has a cursor.
				warm := s.replica(t, options{})
				s.api.KFCustomerSays(account, "wmEARLIER", "图书馆几点开门")
				warm.callback()
				s.next(t)
				crashed := s.replica(t, options{store: func(st store) store { return &crashStore{store: st, at: point} }})
				s.api.KFCustomerSays(account, customer, "一次能借几本书")
				crashed.callback()
				first := s.next(t)
				// The dead replica's lock and its claim on the message
				// lapse; another replica reads the page again.
				time.Sleep(1500 * time.Millisecond) // past the lock's TTL, on Redis's clock
				s.clock.Advance(3 * time.Minute)
				r := s.replica(t, options{})
				s.api.KFCustomerSays(account, customer, "书到期了怎么续借")
				r.callback()
				if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(4)) || got.MsgID == first.MsgID {
					t.Fatalf("after the crash sent %+v, want only the new question's answer", got)
				}
				s.none(t)
				if point == "finish" && r.metrics.get("duplicate_send") != 1 {
					t.Errorf("duplicate_send = %d, want the refused second delivery counted", r.metrics.get("duplicate_send"))
				}
			})
		})
	}
}

func TestBacklogIsNotAnsweredOnFirstStart(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		now := s.clock.Now()
		s.api.KFCustomerSaysAt(now.Add(-time.Hour), account, customer, "一次能借几本书")
		s.api.KFCustomerSaysAt(now.Add(-10*time.Minute), account, customer, "图书馆几点开门")
		s.api.KFCustomerSaysAt(now.Add(-30*time.Second), account, "wmOTHER", "书到期了怎么续借")
		r := s.replica(t, options{})
		r.svc.Start()
		r.settle()
		if got := s.next(t); got.User != "wmOTHER" || !strings.HasPrefix(got.Text, s.faqAnswer(4)) {
			t.Fatalf("sent %+v, want only the recent question answered", got)
		}
		s.none(t)
		if n := r.metrics.get("backlog_skipped"); n != 2 {
			t.Errorf("backlog_skipped = %d, want 2", n)
		}
		// Later pulls answer what comes, however the first one went.
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		if got := s.next(t); got.User != customer {
			t.Fatalf("sent %+v after the first pull", got)
		}
	})
}

func TestPagingThroughEmptyPagesWithHasMore(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		s.api.KFEmptyPages(true)
		r := s.replica(t, options{})
		for u := range 3 {
			s.api.KFCustomerSays(account, "wmUSER"+strconv.Itoa(u), "一次能借几本书")
		}
		r.callback()
		for range 3 {
			s.next(t)
		}
		s.none(t)
	})
}

func TestWelcomeMenuWithinTheCodeWindowOnly(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFEnterSession(account, customer, "poster_2026", true)
		r.callback()
		got := s.next(t)
		if got.API != "kf_event" || got.Menu != "topic-1,topic-2,topic-3,human" {
			t.Fatalf("welcome %+v, want the topic menu and 转人工 sent with the welcome code", got)
		}
		if r.metrics.get("welcome_poster_2026_sent") != 1 {
			t.Errorf("welcome not counted by scene: %v", r.metrics.counts)
		}
		// A topic line clicked: its FAQs are offered as click items.
		s.api.KFCustomerClicks(account, customer, "topic-2", "借书与续借")
		r.callback()
		if got := s.next(t); got.Menu != "faq-3,faq-4,none,human" {
			t.Fatalf("topic click sent %+v, want FAQs 3 and 4 offered", got)
		}

		s.api.KFEnterSession(account, "wmLATE", "", true)
		s.clock.Advance(25 * time.Second) // the pull comes after the code's 20 s
		r.callback()
		s.none(t)
		if r.metrics.get("welcome_none_expired") != 1 {
			t.Errorf("expired welcome not counted: %v", r.metrics.counts)
		}
	})
}

// clarify gets user a clarification between FAQs 1 and 2 (the shared
// fixture's 要带什么, asked without context) and returns its click items.
func clarify(t *testing.T, s *shared, r *replica, user string) []string {
	t.Helper()
	s.api.KFCustomerSays(account, user, "要带什么")
	r.callback()
	menu := s.next(t)
	items := strings.Split(menu.Menu, ",")
	if menu.API != "kf" || len(items) != 4 || items[2] != "none" || items[3] != "human" ||
		items[0]+items[1] != "faq-1faq-2" && items[0]+items[1] != "faq-2faq-1" {
		t.Fatalf("clarification sent %+v, want a menu of FAQs 1 and 2, 都不是 and 转人工", menu)
	}
	return items
}

func faqOf(item string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(item, "faq-"))
	return n
}

func TestClarificationMenuClickTypedNumberAndStaleClick(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		items := clarify(t, s, r, customer)
		s.api.KFCustomerClicks(account, customer, items[1], "2. …")
		r.callback()
		if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(faqOf(items[1]))) {
			t.Fatalf("click sent %+v, want FAQ %d", got, faqOf(items[1]))
		}

		typed := clarify(t, s, r, "wmTYPIST")
		s.api.KFCustomerSays(account, "wmTYPIST", "2")
		r.callback()
		if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(faqOf(typed[1]))) {
			t.Fatalf("typed 2 got %+v, want FAQ %d", got, faqOf(typed[1]))
		}

		// Another question later, the first menu is clicked again.
		s.api.KFCustomerSays(account, customer, "图书馆几点开门")
		r.callback()
		s.next(t)
		s.api.KFCustomerClicks(account, customer, items[0], "1. …")
		r.callback()
		if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(faqOf(items[0]))) {
			t.Fatalf("stale click got %+v, want FAQ %d", got, faqOf(items[0]))
		}
		// 都不是 counts as a fallback; with the one before, that is two.
		s.api.KFCustomerSays(account, customer, "停车场在哪")
		r.callback()
		s.next(t)
		s.api.KFCustomerClicks(account, customer, "none", "都不是")
		r.callback()
		if got := s.next(t); got.API != "kf_event" {
			t.Fatalf("都不是 after a fallback sent %+v, want the hand-over notice", got)
		}
	})
}

func TestHandOverAfterTwoFallbacksSilenceWhileAPersonServesAndSatisfaction(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSays(account, customer, "停车场在哪")
		r.callback()
		if got := s.next(t); got.API != "kf" || !strings.Contains(got.Text, "暂时无法回答") {
			t.Fatalf("first fallback sent %+v", got)
		}
		s.api.KFCustomerSays(account, customer, "明天天气怎么样")
		r.callback()
		notice := s.next(t)
		if notice.API != "kf_event" || !strings.Contains(notice.Text, "人工") {
			t.Fatalf("second fallback sent %+v, want the hand-over notice with the move's code", notice)
		}
		if state, _ := s.api.KFState(account, customer); state != 2 {
			t.Fatalf("state %d after the hand-over, want 2 (queue)", state)
		}

		// Queued, then served: the bot stays silent but logs the question.
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		s.api.KFServicerTakes(account, customer, "zhangsan")
		s.api.KFServicerWrites(account, customer, "zhangsan", "您好，我来帮您")
		s.api.KFCustomerSays(account, customer, "书到期了怎么续借")
		r.callback()
		s.none(t)
		if r.metrics.get("silenced") != 2 {
			t.Errorf("silenced = %d, want 2", r.metrics.get("silenced"))
		}
		logged, err := s.store.Questions(context.Background(), time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !loggedText(logged, "书到期了怎么续借") {
			t.Errorf("questions asked while a person served were not logged: %+v", logged)
		}

		// The servicer ends it: satisfaction within the end code's 20 s.
		s.api.KFServicerEnds(account, customer)
		r.callback()
		// The conversation's language is long gone by then: the menu
		// speaks both.
		if got := s.next(t); got.API != "kf_event" || got.Menu != "sat-1,sat-2,sat-3" ||
			!strings.Contains(got.Text, "评价") || !strings.Contains(got.Text, "How did we do") {
			t.Fatalf("after the end sent %+v, want the satisfaction menu in Chinese and English", got)
		}
		s.api.KFCustomerClicks(account, customer, "sat-1", "满意 Satisfied")
		r.callback()
		if got := s.next(t); !strings.Contains(got.Text, "感谢") || !strings.Contains(got.Text, "Thank you") {
			t.Fatalf("satisfaction answer got %+v", got)
		}
		if r.metrics.get("satisfaction_满意") != 1 {
			t.Errorf("satisfaction not counted: %v", r.metrics.counts)
		}
		// The bot answers again.
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(3)) {
			t.Fatalf("after the conversation ended sent %+v, want an answer", got)
		}
	})
}

func loggedText(qs []bot.QuestionCount, text string) bool {
	for _, q := range qs {
		if strings.Contains(q.Text, text) {
			return true
		}
	}
	return false
}

func TestHandOverFollowsWorkingHoursAndTheServicer(t *testing.T) {
	// 2026-12-02 (a Wednesday) 10:00 in Beijing.
	wednesday10 := time.Date(2026, 12, 2, 10, 0, 0, 0, kf.Beijing)
	cases := []struct {
		name, hours, servicer string
		onDuty                bool
		state                 int
		closed                bool
	}{
		{name: "no hours: always", state: 2},
		{name: "within the hours", hours: "1-5 09:00-12:00,13:30-17:30", state: 2},
		{name: "outside the hours", hours: "1-5 13:30-17:30; 6 09:00-12:00", state: 0, closed: true},
		{name: "servicer on duty", servicer: "lisi", onDuty: true, state: 3},
		{name: "servicer away: the queue", servicer: "lisi", state: 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newShared(t, backend{name: "memory"})
			s.clock.Advance(wednesday10.Sub(s.clock.Now()))
			hours, err := kf.ParseHours(c.hours)
			if err != nil {
				t.Fatal(err)
			}
			s.api.KFOnDuty("lisi", c.onDuty)
			r := s.replica(t, options{cfg: func(cfg *kf.Config) { cfg.Hours, cfg.Servicer = hours, c.servicer }})
			s.api.KFCustomerSays(account, customer, "转人工")
			r.callback()
			got := s.next(t)
			state, servicer := s.api.KFState(account, customer)
			if state != c.state || (c.state == 3 && servicer != "lisi") {
				t.Fatalf("state %d (%q), want %d", state, servicer, c.state)
			}
			if c.closed != (got.API == "kf") {
				t.Fatalf("sent %+v", got)
			}
			if c.closed && (!strings.Contains(got.Text, "周一至周五 13:30-17:30") || !strings.Contains(got.Text, "0000-12345678")) {
				t.Errorf("out-of-hours reply %q lacks the hours or the phone", got.Text)
			}
		})
	}
}

// TestEnglishClicksGetEnglishReplies: the items of a menu shown in English
// bring English replies: 'None of these' an English request to ask again,
// 'Talk to a person' out of hours the hours, phone and counter in English.
func TestEnglishClicksGetEnglishReplies(t *testing.T) {
	wednesday10 := time.Date(2026, 12, 2, 10, 0, 0, 0, kf.Beijing)
	s := newShared(t, backend{name: "memory"})
	s.clock.Advance(wednesday10.Sub(s.clock.Now()))
	hours, err := kf.ParseHours("1-5 13:30-17:30; 6 09:00-12:00")
	if err != nil {
		t.Fatal(err)
	}
	r := s.replica(t, options{cfg: func(cfg *kf.Config) { cfg.Hours = hours }})
	s.api.KFCustomerClicks(account, customer, "none.en", "None of these")
	r.callback()
	if got := s.next(t); !strings.HasPrefix(got.Text, "Please ask again") {
		t.Errorf("None of these: sent %q, want the English request to ask again", got.Text)
	}
	s.api.KFCustomerClicks(account, customer, "human.en", "Talk to a person")
	r.callback()
	got := s.next(t)
	if !strings.Contains(got.Text, "Mon–Fri 13:30-17:30; Sat 09:00-12:00") || !strings.Contains(got.Text, "0000-12345678") || strings.Contains(got.Text, "周") {
		t.Errorf("Talk to a person out of hours: sent %q, want the hours and the phone in English", got.Text)
	}
}

// longAnswers makes every answer six messages long.
type longAnswers struct{ kf.Answerer }

func (l longAnswers) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	r, err := l.Answerer.Handle(ctx, m)
	r.Text = strings.Repeat(strings.Repeat("长", 600)+"\n", 6)
	return r, err
}

func TestNeverMoreThanFiveMessagesPerCustomerMessage(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{engine: func(a kf.Answerer) kf.Answerer { return longAnswers{a} }})
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		for range 5 {
			s.next(t)
		}
		s.none(t)
		if r.metrics.get("quota_exhausted") != 1 {
			t.Errorf("quota_exhausted = %d, want 1", r.metrics.get("quota_exhausted"))
		}
		// The customer's next message opens a new window.
		s.api.KFCustomerSays(account, customer, "书到期了怎么续借")
		r.callback()
		s.next(t)
	})
}

// TestASendThatMayPassIsTriedAgain: a send WeCom answers with system busy
// is sent again and reaches the customer; one that went out though its
// answer was lost is sent again and refused as a repeat, and the customer
// has it once.
func TestASendThatMayPassIsTriedAgain(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{cfg: func(c *kf.Config) { c.SendRetry = 10 * time.Millisecond }})
		s.api.KFBusySends(2)
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(3)) {
			t.Errorf("after two busy answers: sent %q, want FAQ 3's answer", got.Text)
		}
		s.none(t)

		s.api.KFLostSends(1)
		s.api.KFCustomerSays(account, customer, "书到期了怎么续借")
		r.callback()
		s.next(t)
		s.none(t)
		if r.metrics.get("send_failed") != 0 || r.metrics.get("duplicate_send") != 1 {
			t.Errorf("send_failed %d, duplicate_send %d; want 0 and 1", r.metrics.get("send_failed"), r.metrics.get("duplicate_send"))
		}
	})
}

func TestAnExpiredTokenIsRefreshedOnce(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback()
		s.next(t)
		s.api.ExpireToken()
		s.api.KFCustomerSays(account, customer, "书到期了怎么续借")
		r.callback()
		if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(4)) {
			t.Fatalf("sent %+v", got)
		}
		if n := r.metrics.get("token_refresh"); n != 1 {
			t.Errorf("token_refresh = %d, want 1", n)
		}
		if n := s.api.TokenCalls(); n != 2 {
			t.Errorf("%d token fetches, want 2", n)
		}
	})
}

func TestRateLimitedPullBacksOffAndResumes(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFRateLimit(1)
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		r.callback() // settles after the 200 ms back-off and the second pull
		s.next(t)
		if r.metrics.get("rate_limited") != 1 || s.api.KFSyncCalls() < 2 {
			t.Errorf("rate_limited = %d with %d sync calls", r.metrics.get("rate_limited"), s.api.KFSyncCalls())
		}
	})
}

func TestSilentWhenWeComRoutedTheConversationToAPerson(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSays(account, customer, "一次能借几本书")
		s.api.KFSetState(account, customer, 3, "zhangsan")
		r.callback()
		s.none(t)
		if r.metrics.get("silenced") != 1 {
			t.Errorf("silenced = %d", r.metrics.get("silenced"))
		}
	})
}

func TestSendFailuresAreCountedByType(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFSendFailed(account, customer, "fbX-0", 4)
		s.api.KFSendFailed(account, customer, "fbY-0", 6)
		r.callback()
		if r.metrics.get("send_fail_4") != 1 || r.metrics.get("send_fail_6") != 1 {
			t.Errorf("send failures counted %v", r.metrics.counts)
		}
	})
}

func TestUnsupportedMessagesAskToType(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSends(account, customer, "image")
		r.callback()
		if got := s.next(t); !strings.Contains(got.Text, "文字") {
			t.Fatalf("image got %+v, want a request to type", got)
		}
	})
}

func TestAccountsOutsideTheAllowListAreNotServed(t *testing.T) {
	s := newShared(t, backend{name: "memory"})
	r := s.replica(t, options{cfg: func(c *kf.Config) { c.OpenKfIDs = []string{"wkOTHER"} }})
	s.api.KFCustomerSays(account, customer, "一次能借几本书")
	r.callback()
	s.none(t)
	if n := s.api.KFSyncCalls(); n != 0 {
		t.Errorf("%d sync calls for an account not served", n)
	}
}

func TestNothingIsSentPastThe48HourWindow(t *testing.T) {
	each(t, func(t *testing.T, s *shared) {
		r := s.replica(t, options{})
		s.api.KFCustomerSays(account, "wmEARLIER", "图书馆几点开门")
		r.callback() // the account now has a cursor: later pulls answer what they find
		s.next(t)
		s.api.KFCustomerSaysAt(s.clock.Now().Add(-49*time.Hour), account, customer, "一次能借几本书")
		r.callback()
		s.none(t)
		if r.metrics.get("quota_exhausted") != 1 {
			t.Errorf("quota_exhausted = %d, want the closed window counted", r.metrics.get("quota_exhausted"))
		}
	})
}

// stalledStore hangs on the pending mark, as a stalled Redis would.
type stalledStore struct {
	store
	release chan struct{}
}

func (s *stalledStore) MarkKFPending(ctx context.Context, openKfID, token string, ttl time.Duration) error {
	select {
	case <-s.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.store.MarkKFPending(ctx, openKfID, token, ttl)
}

func TestTheCallbackIsAnsweredAtOnceWhateverTheStoreDoes(t *testing.T) {
	s := newShared(t, backend{name: "memory"})
	stalled := &stalledStore{release: make(chan struct{})}
	r := s.replica(t, options{store: func(st store) store { stalled.store = st; return stalled }})
	s.api.KFCustomerSays(account, customer, "一次能借几本书")
	start := time.Now()
	r.post()
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the callback took %v with the store stalled; WeCom retries after 5 s", took)
	}
	close(stalled.release)
	r.settle()
	if got := s.next(t); !strings.HasPrefix(got.Text, s.faqAnswer(3)) {
		t.Fatalf("sent %+v once the store answered", got)
	}
}

func TestAnAccountGivenToTheAppLaterIsServed(t *testing.T) {
	s := newShared(t, backend{name: "memory"})
	r := s.replica(t, options{})
	r.svc.Start()
	r.settle()
	// 微信客服 → 通过API管理微信客服账号: a second account is given to the app.
	s.api.KFAccounts(account, "wkSECOND")
	s.api.KFCustomerSays("wkSECOND", customer, "一次能借几本书")
	code, body := s.keys.Post(t, r.url, wxtest.KFCallback(s.corp, "wkSECOND", s.api.KFToken(), time.Now()))
	if code != 200 || body != "success" {
		t.Fatalf("callback answered %d %q", code, body)
	}
	r.settle()
	if got := s.next(t); got.KF != "wkSECOND" || !strings.HasPrefix(got.Text, s.faqAnswer(3)) {
		t.Fatalf("sent %+v, want the second account's customer answered", got)
	}
}

// TestAMessageDuringAnAccountListingIsServed: a customer's first message
// to an account given to the app arrives while the accounts are being
// listed (after kf_account_auth_change): it waits for that listing rather
// than being dropped as an account the app may not serve.
func TestAMessageDuringAnAccountListingIsServed(t *testing.T) {
	s := newShared(t, backend{name: "memory"})
	r := s.replica(t, options{})
	r.svc.Start()
	r.settle()
	release := s.api.KFHoldAccountList()
	defer release()
	r.svc.AccountsChanged() // a listing that waits
	time.Sleep(50 * time.Millisecond)
	s.api.KFAccounts(account, "wkSECOND")
	s.api.KFCustomerSays("wkSECOND", customer, "一次能借几本书")
	code, body := s.keys.Post(t, r.url, wxtest.KFCallback(s.corp, "wkSECOND", s.api.KFToken(), time.Now()))
	if code != 200 || body != "success" {
		t.Fatalf("callback answered %d %q", code, body)
	}
	time.Sleep(50 * time.Millisecond)
	release()
	r.settle()
	if got := s.next(t); got.KF != "wkSECOND" || !strings.HasPrefix(got.Text, s.faqAnswer(3)) {
		t.Fatalf("sent %+v, want the second account's customer answered", got)
	}
}
