package bot_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// conversation is one multi-turn conversation of testdata/conversations.yaml.
type conversation struct {
	Name  string `yaml:"name"`
	Turns []struct {
		Say   string        `yaml:"say"`
		After time.Duration `yaml:"after"`
		// Want lists acceptable FAQ numbers or outcomes (fallback,
		// clarify, greeting, thanks, human, help).
		Want []string `yaml:"want"`
		// Pick, when set, says a number and expects the answer to be the
		// FAQ offered at that position by the previous turn.
		Pick int `yaml:"pick"`
	} `yaml:"turns"`
}

// loadMatcher is the matcher of the tests' own rules (bot/testrules):
// the engine's tests do not depend on the shipped rules, which operators
// tune.
func loadMatcher(t testing.TB) *intents.Matcher {
	t.Helper()
	return testrules.Matcher(t)
}

// shippedMatcher is the matcher of the shipped faq.yaml and
// intents/intents.yaml, for the evaluation tests (TestEval*) and the
// benchmarks, which measure the bot as shipped.
func shippedMatcher(t testing.TB) *intents.Matcher {
	t.Helper()
	cfg, err := intents.LoadFiles("../faq.yaml", "../intents/intents.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := intents.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func loadConversations(t *testing.T, path string) []conversation {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cs []conversation
	dec := yaml.NewDecoder(bytesReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cs); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cs
}

// The floors of the conversation evaluations: a little under the figures
// measured with the learned matcher (README).
const (
	conversationFloor        = 0.93
	holdoutConversationFloor = 0.83
	// 152 of 163 (0.933) at the thirteenth session's end.
	tunedConversation2026bFloor = 0.90
	// 159 of 179 (0.888) at the fourteenth session's start, before its
	// misses were read; 164 (0.916) at its end.
	tunedConversation2026eFloor = 0.88
)

func accepts(want []string, r bot.Reply) bool {
	for _, w := range want {
		switch {
		case r.Kind == "answer" && w == strconv.Itoa(r.FAQ):
			return true
		case r.Kind == "smalltalk" && w == r.Intent:
			return true
		case (r.Kind == "clarify" || r.Kind == "fallback") && w == r.Kind:
			return true
		}
	}
	return false
}

// TestEvalConversations replays every conversation of testdata on every store:
// follow-ups, clarification choices, topic switches and expiry. It is an
// evaluation of the shipped rules: a numbered pick must always answer the
// FAQ offered (that is the engine's job), while the share of the other
// turns answered as expected is measured against a floor (the matcher's
// quality; these conversations have been tuned on).
func TestEvalConversations(t *testing.T) {
	m := shippedMatcher(t)
	var convs []conversation
	for _, f := range []string{"testdata/conversations.yaml", "testdata/choices.yaml"} {
		convs = append(convs, loadConversations(t, f)...)
	}
	if len(convs) < 30 {
		t.Fatalf("only %d conversations; the suite needs at least 30", len(convs))
	}
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		ok, turns := 0, 0
		defer func() {
			share := float64(ok) / float64(turns)
			t.Logf("%d of %d turns as expected (%.3f)", ok, turns, share)
			if share < conversationFloor {
				t.Errorf("only %.3f of the conversation turns are answered as expected; the floor is %.2f", share, conversationFloor)
			}
		}()
		for _, c := range convs {
			t.Run(c.Name, func(t *testing.T) {
				clock := newClock()
				e := bot.New(bot.Static{M: m}, newStore(t, clock.Now), bot.Options{Now: clock.Now})
				var prev bot.Reply
				for i, turn := range c.Turns {
					clock.Advance(turn.After + time.Second)
					text := turn.Say
					if turn.Pick > 0 {
						text = strconv.Itoa(turn.Pick)
					}
					r, err := e.Handle(context.Background(), bot.Message{Channel: "test", User: c.Name, Text: text, Time: clock.Now()})
					if err != nil {
						t.Fatalf("turn %d %q: %v", i+1, text, err)
					}
					switch {
					case turn.Pick > 0:
						if turn.Pick > len(prev.Suggestions) || r.Kind != "answer" || r.FAQ != prev.Suggestions[turn.Pick-1] {
							t.Errorf("turn %d: picking %d of %v got %s %d", i+1, turn.Pick, prev.Suggestions, r.Kind, r.FAQ)
						}
					case accepts(turn.Want, r):
						ok++
						turns++
					default:
						turns++
						t.Logf("turn %d %q: want %v, got %s faq=%d intent=%s suggestions=%v score=%.3f",
							i+1, text, turn.Want, r.Kind, r.FAQ, r.Intent, r.Suggestions, r.Score)
					}
					prev = r
				}
			})
		}
	})
}

// TestNewQuestionIsNotBentByContext: a complete question gets the same
// answer with or without an earlier conversation.
func TestNewQuestionIsNotBentByContext(t *testing.T) {
	m := loadMatcher(t)
	complete := []string{"借书证丢了怎么补办", "一次能借几本书", "自习室要预约吗", "图书馆几点开门"}
	openers := []string{"读者证怎么办理", "书到期了怎么续借", "你好", "停车场在哪"}
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		for _, q := range complete {
			alone := m.Match(q)
			for _, o := range openers {
				clock := newClock()
				e := bot.New(bot.Static{M: m}, newStore(t, clock.Now), bot.Options{Now: clock.Now})
				ctx := context.Background()
				if _, err := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: o, Time: clock.Now()}); err != nil {
					t.Fatal(err)
				}
				clock.Advance(time.Minute)
				r, err := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: q, Time: clock.Now()})
				if err != nil {
					t.Fatal(err)
				}
				if r.Kind != string(alone.Kind) || r.FAQ != alone.FAQ {
					t.Errorf("after %q, %q got %s %d; alone it gets %s %d", o, q, r.Kind, r.FAQ, alone.Kind, alone.FAQ)
				}
			}
		}
	})
}

// TestContextIsScopedPerChannelAndUser: one user's topic does not complete
// another user's, nor the same user's on another channel.
func TestContextIsScopedPerChannelAndUser(t *testing.T) {
	m := loadMatcher(t)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		e := bot.New(bot.Static{M: m}, newStore(t, clock.Now), bot.Options{Now: clock.Now})
		ctx := context.Background()
		e.Handle(ctx, bot.Message{Channel: "wecom", User: "alice", Text: "读者证怎么办理", Time: clock.Now()})
		clock.Advance(time.Minute)
		own, _ := e.Handle(ctx, bot.Message{Channel: "wecom", User: "alice", Text: "要带什么", Time: clock.Now()})
		other, _ := e.Handle(ctx, bot.Message{Channel: "wecom", User: "bob", Text: "要带什么", Time: clock.Now()})
		otherChannel, _ := e.Handle(ctx, bot.Message{Channel: "mp", User: "alice", Text: "要带什么", Time: clock.Now()})
		if own.Kind != "answer" || own.FAQ != 1 {
			t.Errorf("alice's follow-up: got %s %d, want answer 1", own.Kind, own.FAQ)
		}
		for _, r := range []bot.Reply{other, otherChannel} {
			if r.Kind == "answer" && r.FAQ == 1 {
				t.Errorf("a follow-up without context was completed from another conversation")
			}
		}
	})
}

func TestChoiceOutOfRangeIsANewQuestion(t *testing.T) {
	m := loadMatcher(t)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		e := bot.New(bot.Static{M: m}, newStore(t, clock.Now), bot.Options{Now: clock.Now})
		ctx := context.Background()
		r, _ := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: "帮助", Time: clock.Now()})
		if r.Kind != "smalltalk" || r.Intent != "help" {
			t.Fatalf("帮助: got %s %s", r.Kind, r.Intent)
		}
		r, _ = e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: "99", Time: clock.Now()})
		if r.Kind == "answer" || (r.Kind == "clarify" && r.Score == 1) {
			t.Errorf("an out-of-range number picked something: %+v", r)
		}
	})
}

// TestPickingAMenuLineMovesTheConversationToIt: after a question on
// reissuing a card, the menu's line on borrowing is picked; a follow-up is
// then read with that line's topic, not the card's.
func TestPickingAMenuLineMovesTheConversationToIt(t *testing.T) {
	m := loadMatcher(t)
	say := func(e *bot.Engine, c *clock, texts ...string) bot.Reply {
		var r bot.Reply
		for _, text := range texts {
			c.Advance(time.Second)
			r, _ = e.Handle(context.Background(), bot.Message{Channel: "t", User: "u", Text: text, Time: c.Now()})
		}
		return r
	}
	clock := newClock()
	e := bot.New(bot.Static{M: m}, memstore.New(memstore.Options{Now: clock.Now}), bot.Options{Now: clock.Now})
	if r := say(e, clock, "读者证丢了怎么补办", "帮助", "2"); r.Kind != "clarify" || len(r.Suggestions) != 2 || r.Suggestions[0] != 3 {
		t.Fatalf("menu line 2: got %s %v, want FAQs 3 and 4 offered", r.Kind, r.Suggestions)
	}
	if r := say(e, clock, "要带什么"); r.Kind == "answer" && r.FAQ == 2 {
		t.Errorf("要带什么 after picking the borrowing line: answered FAQ 2, the card's, from the question before the menu")
	}
	clock = newClock()
	e = bot.New(bot.Static{M: m}, memstore.New(memstore.Options{Now: clock.Now}), bot.Options{Now: clock.Now})
	if r := say(e, clock, "读者证丢了怎么补办", "帮助", "2", "能延长多久"); r.Kind != "answer" || r.FAQ != 4 {
		t.Errorf("能延长多久 after picking the borrowing line: got %s %d, want FAQ 4", r.Kind, r.FAQ)
	}
}

// TestYesPicksTheOneFAQOffered: 是的 to 您是想问这个问题吗？ answers it.
func TestYesPicksTheOneFAQOffered(t *testing.T) {
	m := loadMatcher(t)
	for _, yes := range []string{"是的", "yes"} {
		clock := newClock()
		e := bot.New(bot.Static{M: m}, memstore.New(memstore.Options{Now: clock.Now}), bot.Options{Now: clock.Now})
		r, _ := e.Handle(context.Background(), bot.Message{Channel: "t", User: "u", Text: "能延长多久", Time: clock.Now()})
		if r.Kind != "clarify" || len(r.Suggestions) != 1 {
			t.Fatalf("能延长多久 alone: got %s %v, want one FAQ offered", r.Kind, r.Suggestions)
		}
		clock.Advance(time.Second)
		if r2, _ := e.Handle(context.Background(), bot.Message{Channel: "t", User: "u", Text: yes, Time: clock.Now()}); r2.Kind != "answer" || r2.FAQ != r.Suggestions[0] {
			t.Errorf("%s after one FAQ offered: got %s %d, want FAQ %d", yes, r2.Kind, r2.FAQ, r.Suggestions[0])
		}
	}
}

// seedSession saves sess as key's session, as a turn before would have.
func seedSession(t *testing.T, store bot.Store, key bot.SessionKey, sess bot.Session) {
	t.Helper()
	ctx := context.Background()
	if _, err := store.Begin(ctx, key, ""); err != nil {
		t.Fatal(err)
	}
	if err := store.Commit(ctx, key, "", sess, bot.Reply{}, nil); err != nil {
		t.Fatal(err)
	}
}

// TestChoiceAfterAMention: in a group chat a numbered pick, or a yes,
// comes after an @mention of the bot; it is a pick all the same.
func TestChoiceAfterAMention(t *testing.T) {
	m := loadMatcher(t)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		store := newStore(t, clock.Now)
		key := bot.SessionKey{Channel: "t", User: "u"}
		ctx := context.Background()
		e := bot.New(bot.Static{M: m}, store, bot.Options{Now: clock.Now})
		for _, c := range []struct {
			offered []int
			say     string
			want    int
		}{{[]int{1, 2}, "@小助手\u20052", 2}, {[]int{2}, "@小助手 是的", 2}} {
			seedSession(t, store, key, bot.Session{Offered: c.offered, Updated: clock.Now()})
			clock.Advance(time.Second)
			r, err := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: c.say, Time: clock.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != "answer" || r.FAQ != c.want {
				t.Errorf("%q after %v offered: got %s %d, want FAQ %d", c.say, c.offered, r.Kind, r.FAQ, c.want)
			}
			clock.Advance(time.Second)
		}
	})
}

// TestChoiceOfARemovedFAQIsANewQuestion: a session saved before a reload
// may offer a FAQ the new configuration no longer has; picking it must
// not crash the engine.
func TestChoiceOfARemovedFAQIsANewQuestion(t *testing.T) {
	m := loadMatcher(t)
	forEachStore(t, func(t *testing.T, newStore storeFactory) {
		clock := newClock()
		store := newStore(t, clock.Now)
		key := bot.SessionKey{Channel: "t", User: "u"}
		ctx := context.Background()
		seedSession(t, store, key, bot.Session{Offered: []int{99, 2}, Updated: clock.Now()})
		e := bot.New(bot.Static{M: m}, store, bot.Options{Now: clock.Now})
		clock.Advance(time.Second)
		r, err := e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: "1", Time: clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if r.Kind == "answer" {
			t.Errorf("picking a removed FAQ answered FAQ %d", r.FAQ)
		}
		clock.Advance(time.Second)
		if r, _ = e.Handle(ctx, bot.Message{Channel: "t", User: "u", Text: "2", Time: clock.Now()}); r.Kind == "answer" && r.FAQ != 2 {
			t.Errorf("picking 2 answered FAQ %d", r.FAQ)
		}
	})
}

// TestEvalHoldoutConversations evaluates the shipped rules on
// conversations written apart from them (testdata/holdout*_conversations.yaml)
// and guards the share of turns answered as a person would expect. Unlike
// TestEvalConversations it tolerates misses: it measures how follow-ups
// generalise.
func TestEvalHoldoutConversations(t *testing.T) {
	replayTuningSets(t, "the hold-out conversation turns", holdoutConversationFloor,
		"testdata/holdout_conversations.yaml", "testdata/holdout2_conversations.yaml")
}

// TestTunedConversations2026b replays testdata/tuned_conversations_2026_12b.yaml,
// written blind in the thirteenth session and read for its misses in that
// session (a tuning set since): it logs each miss and the figure, and
// guards a floor a little under it.
func TestTunedConversations2026b(t *testing.T) {
	replayTuningSets(t, "tuned_conversations_2026_12b's turns", tunedConversation2026bFloor,
		"testdata/tuned_conversations_2026_12b.yaml")
}

// TestTunedConversations2026e replays testdata/tuned_conversations_2026_12e.yaml,
// written blind in the fourteenth session beside the held-out
// heldout_conversations_2026_12d.yaml, and read for its misses in that
// session (a tuning set): it logs each miss and the figure, and guards a
// floor a little under it.
func TestTunedConversations2026e(t *testing.T) {
	replayTuningSets(t, "tuned_conversations_2026_12e's turns", tunedConversation2026eFloor,
		"testdata/tuned_conversations_2026_12e.yaml")
}

// replayTuningSets replays conversation sets that have been tuned on: it
// logs each miss and the share of turns answered as expected, what,
// and fails when the share is below floor.
func replayTuningSets(t *testing.T, what string, floor float64, files ...string) {
	t.Helper()
	m := shippedMatcher(t)
	var convs []conversation
	for _, f := range files {
		convs = append(convs, loadConversations(t, f)...)
	}
	ok, turns := replayConversations(t, m, convs, func(c conversation, i int, r bot.Reply) {
		turn := c.Turns[i]
		t.Logf("%s turn %d %q: want %v, got %s %d %v", c.Name, i+1, turn.Say, turn.Want, r.Kind, r.FAQ, r.Suggestions)
	})
	share := float64(ok) / float64(turns)
	t.Logf("%s: %d of %d turns as expected (%.3f)", what, ok, turns, share)
	if share < floor {
		t.Errorf("only %.3f of %s are answered as expected; the floor is %.2f", share, what, floor)
	}
}

// TestHeldOutConversations replays the held-out conversation sets, written
// blind from the FAQ source: testdata/heldout_conversations_2026_12.yaml
// after the matcher was built, and heldout_conversations_2026_12c.yaml late
// in the thirteenth session of issue 10 (its first reading is of the
// matcher as that session had left it by then), and
// heldout_conversations_2026_12d.yaml before the fourteenth session's
// changes. They are read by their
// figures only: the test logs how many turns went as expected, never which
// turns missed, and has no floor (a floor, or reading their misses, would
// make them tuning sets).
func TestHeldOutConversations(t *testing.T) {
	m := shippedMatcher(t)
	for _, set := range []struct{ file, label string }{
		{"testdata/heldout_conversations_2026_12.yaml", "held-out conversations"},
		{"testdata/heldout_conversations_2026_12c.yaml", "third held-out conversations"},
		{"testdata/heldout_conversations_2026_12d.yaml", "fourth held-out conversations"},
	} {
		convs := loadConversations(t, set.file)
		ok, turns := replayConversations(t, m, convs, nil) // no misses are shown
		t.Logf("%s: %d of %d turns as expected (%.3f)", set.label, ok, turns, float64(ok)/float64(turns))
	}
}

// replayConversations plays each conversation to a fresh engine on a
// memory store and counts the turns answered as expected; miss, when not
// nil, is told of each other turn.
func replayConversations(t *testing.T, m *intents.Matcher, convs []conversation, miss func(c conversation, turn int, r bot.Reply)) (ok, turns int) {
	t.Helper()
	for _, c := range convs {
		clock := newClock()
		store := memstore.New(memstore.Options{Now: clock.Now})
		e := bot.New(bot.Static{M: m}, store, bot.Options{Now: clock.Now})
		for i, turn := range c.Turns {
			clock.Advance(turn.After + time.Second)
			r, err := e.Handle(context.Background(), bot.Message{Channel: "t", User: c.Name, Text: turn.Say, Time: clock.Now()})
			if err != nil {
				t.Fatal(err)
			}
			turns++
			if accepts(turn.Want, r) {
				ok++
			} else if miss != nil {
				miss(c, i, r)
			}
		}
		store.Close()
	}
	return ok, turns
}
