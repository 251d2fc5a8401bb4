package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// ask commits a message that logs the question text with its outcome.
func ask(t *testing.T, s bot.Store, text, kind string, faq int, at time.Time) {
	t.Helper()
	q := &bot.Question{Text: text, Kind: kind, FAQ: faq, Time: at}
	commit(t, s, alice, "", bot.Session{}, bot.Reply{Kind: kind, FAQ: faq}, q)
}

func questions(t *testing.T, s bot.Store, since time.Time, top int, kinds ...string) []bot.QuestionCount {
	t.Helper()
	qs, err := s.Questions(context.Background(), since, top, kinds...)
	if err != nil {
		t.Fatalf("Questions(%v, %d, %v): %v", since, top, kinds, err)
	}
	return qs
}

func texts(qs []bot.QuestionCount) []string {
	out := make([]string, 0, len(qs))
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func wantTexts(t *testing.T, what string, qs []bot.QuestionCount, want ...string) {
	t.Helper()
	if got := texts(qs); !slices.Equal(got, want) {
		t.Errorf("%s: questions %q, want %q", what, got, want)
	}
}

// logSample logs, relative to now: a twice (fallback, then clarify), b
// once half an hour ago and c once twenty minutes ago.
func logSample(t *testing.T, s bot.Store, now time.Time) {
	ask(t, s, "年纪大的呢", "fallback", 0, now.Add(-2*time.Hour))
	ask(t, s, "年纪大的呢", "clarify", 3, now.Add(-time.Hour))
	ask(t, s, "照片 JPG 多大", "fallback", 0, now.Add(-30*time.Minute))
	ask(t, s, "在哪个菜单", "fallback", 0, now.Add(-20*time.Minute))
}

func testQuestionCounts(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now()
	logSample(t, s, now)
	qs := questions(t, s, now.Add(-3*time.Hour), 0)
	// Equal counts rank the most recently seen first.
	wantTexts(t, "all", qs, "年纪大的呢", "在哪个菜单", "照片 JPG 多大")
	if len(qs) != 3 {
		return
	}
	want := bot.QuestionCount{Text: "年纪大的呢", Kind: "clarify", FAQ: 3, Count: 2, LastSeen: now.Add(-time.Hour)}
	if got := qs[0]; got.Count != want.Count || got.Kind != want.Kind || got.FAQ != want.FAQ || !got.LastSeen.Equal(want.LastSeen) {
		t.Errorf("top question %+v, want %+v", got, want)
	}
	if got := qs[1]; got.Count != 1 || !got.LastSeen.Equal(now.Add(-20*time.Minute)) {
		t.Errorf("second question %+v, want count 1 last seen %v", got, now.Add(-20*time.Minute))
	}
	wantTexts(t, "top 1", questions(t, s, now.Add(-3*time.Hour), 1), "年纪大的呢")
}

func testQuestionKinds(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now()
	logSample(t, s, now)
	since := now.Add(-3 * time.Hour)
	// A question is filtered by the outcome it got last.
	wantTexts(t, "fallback", questions(t, s, since, 0, "fallback"), "在哪个菜单", "照片 JPG 多大")
	wantTexts(t, "clarify", questions(t, s, since, 0, "clarify"), "年纪大的呢")
	wantTexts(t, "answer", questions(t, s, since, 0, "answer"))
	wantTexts(t, "clarify or fallback", questions(t, s, since, 0, "clarify", "fallback"),
		"年纪大的呢", "在哪个菜单", "照片 JPG 多大")
}

func testQuestionSince(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now()
	logSample(t, s, now)
	wantTexts(t, "since 45 minutes ago", questions(t, s, now.Add(-45*time.Minute), 0), "在哪个菜单", "照片 JPG 多大")
	wantTexts(t, "since now", questions(t, s, now.Add(time.Minute), 0))
}

func testQuestionDays(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now() // 10:00 UTC
	yesterday, today, twoDaysAgo := now.Add(-11*time.Hour), now.Add(-9*time.Hour), now.Add(-48*time.Hour)
	ask(t, s, "要交什么", "fallback", 0, yesterday) // 23:00 yesterday
	ask(t, s, "要交什么", "fallback", 0, today)     // 01:00 today
	ask(t, s, "社保卡", "fallback", 0, twoDaysAgo)
	qs := questions(t, s, now.Add(-36*time.Hour), 0)
	wantTexts(t, "since 36 hours ago", qs, "要交什么")
	if len(qs) == 1 && (qs[0].Count != 2 || !qs[0].LastSeen.Equal(today)) {
		t.Errorf("merged over two days: %+v, want count 2 last seen %v", qs[0], today)
	}
	wantTexts(t, "since three days ago", questions(t, s, now.Add(-72*time.Hour), 0), "要交什么", "社保卡")
}

func testQuestionRetention(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	now := f.clock.Now()
	ask(t, s, "太旧了", "fallback", 0, now.Add(-cfg.Retention-time.Hour))
	ask(t, s, "新问题", "fallback", 0, now.Add(-time.Hour))
	wantTexts(t, "since forever", questions(t, s, time.Time{}, 0), "新问题")
	// Only the store's clock moves here: even a store whose server has not
	// expired the bucket yet must not report it.
	f.clock.Advance(cfg.Retention)
	wantTexts(t, "a retention later", questions(t, s, time.Time{}, 0))
}

func testQuestionBound(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	cfg.MaxQuestions = 3
	s := f.store(cfg)
	now := f.clock.Now()
	at := func(m int) time.Time { return now.Add(time.Duration(m-60) * time.Minute) }
	ask(t, s, "a", "fallback", 0, at(1))
	ask(t, s, "a", "fallback", 0, at(2))
	ask(t, s, "b", "fallback", 0, at(3))
	ask(t, s, "c", "fallback", 0, at(4))
	ask(t, s, "d", "fallback", 0, at(5))
	// A full log drops the least asked, least recently seen question.
	wantTexts(t, "after d", questions(t, s, now.Add(-2*time.Hour), 0), "a", "d", "c")
	ask(t, s, "e", "fallback", 0, at(6))
	wantTexts(t, "after e", questions(t, s, now.Add(-2*time.Hour), 0), "a", "e", "d")
}

func testQuestionNow(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now()
	ask(t, s, "没有时间", "fallback", 0, time.Time{})
	qs := questions(t, s, now.Add(-time.Minute), 0)
	if len(qs) != 1 || !qs[0].LastSeen.Equal(now) {
		t.Errorf("questions %+v, want one last seen at the store's now %v", qs, now)
	}
}

func testNoQuestionWithoutQ(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	commit(t, s, alice, "m1", bot.Session{}, sampleReply(), nil)
	wantTexts(t, "after a commit without question", questions(t, s, time.Time{}, 0))
}

// testLateQuestion is two replicas' commits arriving out of order: the
// later question decides the last-seen time and the outcome.
func testLateQuestion(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	now := f.clock.Now()
	ask(t, s, "要交什么", "clarify", 4, now.Add(-time.Hour))
	ask(t, s, "要交什么", "fallback", 0, now.Add(-2*time.Hour))
	qs := questions(t, s, now.Add(-3*time.Hour), 0)
	if len(qs) != 1 || qs[0].Count != 2 || qs[0].Kind != "clarify" || qs[0].FAQ != 4 || !qs[0].LastSeen.Equal(now.Add(-time.Hour)) {
		t.Errorf("questions %+v, want count 2, clarify/4 last seen %v", qs, now.Add(-time.Hour))
	}
}
