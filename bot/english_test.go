package bot_test

import (
	"context"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// The English tests use their own rule files, the English fixture of
// bot/testrules: four FAQs with English, English alternates and the
// English fixed replies.

func langMatcher(t testing.TB, faq, rules []byte) *intents.Matcher {
	t.Helper()
	cfg, err := intents.Parse("faq.yaml", faq, "intents.yaml", rules)
	if err != nil {
		t.Fatal(err)
	}
	m, err := intents.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func langFiles(t testing.TB) (faq, rules []byte) {
	t.Helper()
	return testrules.LangFAQ(), testrules.LangIntents()
}

// chineseOnly is the fixture's faq.yaml as it was before the translation.
func chineseOnly(faq []byte) []byte {
	return regexp.MustCompile(`(?m)^ +(?:question_en|answer_en|name_en|address_en): .*\n(?:      .*\n)*`).ReplaceAll(faq, nil)
}

// chat is one conversation with an engine.
type chat struct {
	t    *testing.T
	m    *intents.Matcher
	e    *bot.Engine
	user string
	now  time.Time
}

func newChat(t *testing.T, m *intents.Matcher, store bot.Store) *chat {
	return &chat{t: t, m: m, e: bot.New(bot.Static{M: m}, store, bot.Options{}), user: "u1", now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *chat) say(text string) bot.Reply {
	c.t.Helper()
	c.now = c.now.Add(time.Minute)
	r, err := c.e.Handle(context.Background(), bot.Message{Channel: "t", User: c.user, Text: text, Time: c.now})
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

func (c *chat) event(event string) bot.Reply {
	c.t.Helper()
	c.now = c.now.Add(time.Minute)
	r, err := c.e.Handle(context.Background(), bot.Message{Channel: "t", User: c.user, Event: event, Time: c.now})
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

func wantReply(t *testing.T, said string, r bot.Reply, kind string, faq int, lang string, contains ...string) {
	t.Helper()
	if r.Kind != kind || r.FAQ != faq || r.Lang != lang {
		t.Errorf("%q got %s %d in %q, want %s %d in %q:\n%s", said, r.Kind, r.FAQ, r.Lang, kind, faq, lang, r.Text)
		return
	}
	for _, s := range contains {
		if !strings.Contains(r.Text, s) {
			t.Errorf("%q: the reply lacks %q:\n%s", said, s, r.Text)
		}
	}
}

func TestAnEnglishQuestionGetsTheEnglishAnswerThenTheOfficialChinese(t *testing.T) {
	faq, rules := langFiles(t)
	m := langMatcher(t, faq, rules)
	c := newChat(t, m, memstore.New(memstore.Options{}))
	f := m.Config().FAQ(15)
	r := c.say("What materials do I need to replace the electronic permit?")
	want := "【What materials are needed to replace the permit with the electronic one?】\n" + f.AnswerEn +
		"\n\nOfficial wording (Chinese)｜官方原文：\n【换发电子证照需要哪些材料？】\n" + f.Answer +
		"\n\nWebsites:\n" + `<a href="https://fwp.safea.gov.cn/lhgzweb/">Foreigners' Work Management Service System (外国人来华工作管理服务系统)</a>`
	if r.Kind != "answer" || r.FAQ != 15 || r.Lang != "en" || r.Text != want {
		t.Errorf("got %s %d in %q:\n%s\nwant answer 15 in en:\n%s", r.Kind, r.FAQ, r.Lang, r.Text, want)
	}
}

// TestAFAQNotTranslatedYetAnswersEnglishInChinese: a FAQ an operator has
// just added, without English, answers an English question with its
// official Chinese text under a label that says so, and is offered in an
// English clarification by its Chinese question.
func TestAFAQNotTranslatedYetAnswersEnglishInChinese(t *testing.T) {
	faq, rules := langFiles(t)
	untranslated := regexp.MustCompile(`(?m)^    (question_en: What materials are needed.*|answer_en: The application form and the original.*)\n`)
	faq = untranslated.ReplaceAll(faq, nil)
	m := langMatcher(t, faq, rules)
	f := m.Config().FAQ(15)
	if !f.ChineseOnly() {
		t.Fatalf("the fixture's FAQ 15 still has English: %q / %q", f.QuestionEn, f.AnswerEn)
	}
	c := newChat(t, m, memstore.New(memstore.Options{}))
	said := "What materials do I need to replace the electronic permit?"
	wantReply(t, said, c.say(said), "answer", 15, "en", intents.DefaultChineseOnly+"\n【换发电子证照需要哪些材料？】\n"+f.Answer)
}

// TestAChineseQuestionGetsTodaysReply compares every kind of reply to a
// Chinese message with the reply the same content gets without English.
func TestAChineseQuestionGetsTodaysReply(t *testing.T) {
	faq, rules := langFiles(t)
	withEnglish := newChat(t, langMatcher(t, faq, rules), memstore.New(memstore.Options{}))
	today := newChat(t, langMatcher(t, chineseOnly(faq), rules), memstore.New(memstore.Options{}))
	script := []string{"你好", "3", "2", "照片有什么要求", "换发电子证照需要什么材料", "旧卡要交回去吗", "收费吗", "1", "谢谢", "转人工", "帮助", "？"}
	for _, text := range script {
		got, want := withEnglish.say(text), today.say(text)
		if got.Text != want.Text || got.Kind != want.Kind || got.FAQ != want.FAQ || got.Lang != "zh" || want.Lang != "zh" {
			t.Errorf("%q got %s %d %q:\n%s\nwant today's %s %d %q:\n%s", text, got.Kind, got.FAQ, got.Lang, got.Text, want.Kind, want.FAQ, want.Lang, want.Text)
		}
	}
	r := today.say("业务流程是否发生变化？")
	want := "【业务流程是否发生变化？】\n" + strings.TrimSpace(today.m.Config().FAQ(4).Answer) +
		"\n\n相关网站：\n<a href=\"https://fwp.safea.gov.cn/lhgzweb/\">外国人来华工作管理服务系统</a>"
	if r.Text != want {
		t.Errorf("a Chinese answer:\n%s\nwant:\n%s", r.Text, want)
	}
}

// TestAConversationKeepsItsLanguage: numbered choices, a bare question
// mark and events carry no language of their own; they are answered in the
// conversation's, until a message in the other language switches it.
func TestAConversationKeepsItsLanguage(t *testing.T) {
	faq, rules := langFiles(t)
	m := langMatcher(t, faq, rules)
	cfg := m.Config()
	c := newChat(t, m, memstore.New(memstore.Options{}))
	steps := []struct {
		say      string
		event    string
		kind     string
		faq      int
		lang     string
		contains []string
	}{
		{say: "hello there", kind: "smalltalk", lang: "en", contains: []string{"Hello!", "3. Replacing the permit with the electronic one (materials, old card)"}},
		{say: "3", kind: "clarify", lang: "en", contains: []string{"Which of these questions do you mean?", "1. " + cfg.FAQ(15).QuestionEn, "2. " + cfg.FAQ(14).QuestionEn}},
		{say: "２", kind: "answer", faq: 14, lang: "en", contains: []string{"【" + cfg.FAQ(14).QuestionEn + "】", "官方原文", "【换发电子证照是否需要回收旧卡？】"}},
		{say: "？", kind: "fallback", lang: "en", contains: []string{"Sorry", "0755-88121678", cfg.Content.Counter.AddressEn, "Official websites:", "Shenzhen Foreigners' Comprehensive Service Platform (深圳市外国人综合服务管理平台)"}},
		{say: "1", kind: "answer", faq: 4, lang: "en", contains: []string{"【Has the application process changed?】"}},
		{event: bot.EventUnsupported, kind: "smalltalk", lang: "en", contains: []string{"I can only read typed questions", "2. Photo requirements"}},
		{say: "2", kind: "answer", faq: 11, lang: "en", contains: []string{"【" + cfg.FAQ(11).QuestionEn + "】"}},
		{say: "thanks", kind: "smalltalk", lang: "en", contains: []string{"You're welcome!"}},
		{say: "talk to a person", kind: "smalltalk", lang: "en", contains: []string{"call 0755-88121678", "Foreign Experts Bureau counter (外专局窗口): Window 50"}},
		{say: "ok", kind: "smalltalk", lang: "en"},
		// A Chinese message switches the conversation to Chinese.
		{say: "换发电子证照需要什么材料", kind: "answer", faq: 15, lang: "zh", contains: []string{"【换发电子证照需要哪些材料？】\n申请表"}},
		{say: "帮助", kind: "smalltalk", lang: "zh", contains: []string{"我可以回答以下问题"}},
		{say: "2", kind: "answer", faq: 11, lang: "zh", contains: []string{"【卡证融合申请外国人来华工作许可对照片是否有特殊要求？】\n是。"}},
		// And back, with a follow-up that leans on the conversation.
		{say: "What materials do I need to replace the electronic permit?", kind: "answer", faq: 15, lang: "en"},
		{say: "and the old card?", kind: "answer", faq: 14, lang: "en", contains: []string{"【" + cfg.FAQ(14).QuestionEn + "】"}},
	}
	for _, s := range steps {
		var r bot.Reply
		what := s.say
		if s.event != "" {
			r, what = c.event(s.event), "event "+s.event
		} else {
			r = c.say(s.say)
		}
		wantReply(t, what, r, s.kind, s.faq, s.lang, s.contains...)
		if r.Lang == "en" && strings.Contains(r.Text, "请") && r.Kind != "answer" {
			t.Errorf("%s: an English fixed reply holds Chinese:\n%s", what, r.Text)
		}
	}
}

// TestEnglishWithoutEnglishContentGetsTheChineseReply: until the content
// has English, an English question gets today's Chinese reply.
func TestEnglishWithoutEnglishContentGetsTheChineseReply(t *testing.T) {
	faq, rules := langFiles(t)
	m := langMatcher(t, chineseOnly(faq), rules)
	c := newChat(t, m, memstore.New(memstore.Options{}))
	r := c.say("What materials do I need to replace the electronic permit?")
	wantReply(t, "an English question", r, "answer", 15, "zh", "【换发电子证照需要哪些材料？】")
	if strings.Contains(r.Text, "Official") {
		t.Errorf("an English label in a reply of content without English:\n%s", r.Text)
	}
}

// TestTheQuestionLogSaysWhichQuestionsCameInEnglish (the in-memory store;
// the conformance suite checks that both stores keep the language).
func TestTheQuestionLogSaysWhichQuestionsCameInEnglish(t *testing.T) {
	faq, rules := langFiles(t)
	store := memstore.New(memstore.Options{})
	c := newChat(t, langMatcher(t, faq, rules), store)
	c.say("How much is the fee?")
	c.say("收费吗")
	c.say("1")
	qs, err := store.Questions(context.Background(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, q := range qs {
		got[q.Text] = q.Lang
	}
	if got["how much is the fee"] != "en" || got["收费吗"] != "zh" {
		t.Errorf("logged languages %v, want the English question en and the Chinese one zh", got)
	}
}

// TestALoneHiStartsAConversationInEnglishButDoesNotSwitchOne: a welcome
// event says nothing about the language (Chinese greeting), a lone hi then
// starts the conversation in English; in a Chinese conversation a lone ok
// stays Chinese.
func TestALoneHiStartsAConversationInEnglishButDoesNotSwitchOne(t *testing.T) {
	faq, rules := langFiles(t)
	m := langMatcher(t, faq, rules)
	store := memstore.New(memstore.Options{})
	c := newChat(t, m, store)
	wantReply(t, "welcome", c.event(bot.EventWelcome), "smalltalk", 0, "zh", "您好！")
	wantReply(t, "hi", c.say("hi"), "smalltalk", 0, "en", "Hello!")

	c = newChat(t, m, store)
	c.user = "u2"
	wantReply(t, "照片有什么要求", c.say("照片有什么要求"), "answer", 11, "zh")
	wantReply(t, "ok", c.say("ok"), "smalltalk", 0, "zh", "不客气")
}

// swappable is a Matchers that a test reloads.
type swappable struct {
	p atomic.Pointer[intents.Matcher]
}

func (s *swappable) Current() *intents.Matcher { return s.p.Load() }

// TestEnglishRepliesReloadWithTheRules: an operator's edit of replies_en
// is what the next English reply says.
func TestEnglishRepliesReloadWithTheRules(t *testing.T) {
	faq, rules := langFiles(t)
	var ms swappable
	ms.p.Store(langMatcher(t, faq, rules))
	e := bot.New(&ms, memstore.New(memstore.Options{}), bot.Options{})
	ask := func() string {
		r, err := e.Handle(context.Background(), bot.Message{Channel: "t", User: "u", Text: "thank you"})
		if err != nil {
			t.Fatal(err)
		}
		return r.Text
	}
	if got := ask(); got != "You're welcome!" {
		t.Fatalf("thanks before the edit: %q", got)
	}
	edited := strings.Replace(string(rules), "thanks: You're welcome!", "thanks: Glad to help!", 1)
	ms.p.Store(langMatcher(t, faq, []byte(edited)))
	if got := ask(); got != "Glad to help!" {
		t.Errorf("thanks after the edit: %q, want the edited reply", got)
	}
}

// TestAFallbackSaysWhatTheAnswersDoNotGive: a question on a subject the
// FAQ answers that asks what no answer gives (how long, how much, where)
// falls back, and the reply says so first, in the language of the person
// asking. 多少钱 alone names no subject: its fallback claims nothing.
func TestAFallbackSaysWhatTheAnswersDoNotGive(t *testing.T) {
	faq, rules := langFiles(t)
	m := langMatcher(t, faq, rules)
	for _, tc := range []struct{ said, lang, first string }{
		{"换发电子证照要多久", "zh", "官方答复中没有写明具体时长。\n\n"},
		{"换发电子证照收费吗", "zh", "官方答复中没有写明费用。\n\n"},
		{"How long does it take to replace the permit with the electronic one?", "en", "The official answers do not say how long it takes.\n\n"},
	} {
		c := newChat(t, m, memstore.New(memstore.Options{}))
		r := c.say(tc.said)
		wantReply(t, tc.said, r, "fallback", 0, tc.lang)
		if !strings.HasPrefix(r.Text, tc.first) {
			t.Errorf("%q: the fallback does not begin with %q:\n%s", tc.said, tc.first, r.Text)
		}
	}
	c := newChat(t, m, memstore.New(memstore.Options{}))
	if r := c.say("多少钱"); r.Kind != "fallback" || strings.HasPrefix(r.Text, "官方答复中没有写明") {
		t.Errorf("a fallback on another subject: got %s:\n%s", r.Kind, r.Text)
	}
}

// TestEveryAspectHasItsWords: each kind of thing a question can ask that
// the answers lack has its words in both languages; the telephone has
// none, since every fallback gives the desk's number.
func TestEveryAspectHasItsWords(t *testing.T) {
	faq, rules := langFiles(t)
	m := langMatcher(t, faq, rules)
	for _, a := range []intents.Aspect{intents.AspectDuration, intents.AspectPrice, intents.AspectPlace, intents.AspectRate, intents.AspectAddress} {
		zh, en := bot.NotGivenText(m, a)
		if !strings.HasPrefix(zh, "官方答复中没有写明") || len(zh) <= len("官方答复中没有写明。") ||
			!strings.HasPrefix(en, "The official answers do not say ") || len(en) <= len("The official answers do not say .") {
			t.Errorf("aspect %v: %q / %q", a, zh, en)
		}
	}
	// An address says where, and more: the reply names only the address.
	if zh, en := bot.NotGivenText(m, intents.AspectPlace|intents.AspectAddress); zh != "官方答复中没有写明具体地址。" || en != "The official answers do not say the exact address." {
		t.Errorf("where and the address: %q / %q", zh, en)
	}
	if zh, en := bot.NotGivenText(m, intents.AspectPhone); zh != "" || en != "" {
		t.Errorf("the telephone: %q / %q, want nothing", zh, en)
	}
}
