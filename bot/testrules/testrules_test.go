package testrules_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// TestTheFixtureBehavesAsDocumented guards the facts the package doc lists,
// which other packages' tests rely on.
func TestTheFixtureBehavesAsDocumented(t *testing.T) {
	m := testrules.Matcher(t)
	for _, tc := range []struct {
		text   string
		kind   intents.Kind
		faq    int
		intent string
	}{
		{"读者证怎么办理", intents.KindAnswer, 1, ""},
		{"怎么办借书证", intents.KindAnswer, 1, ""},
		{"借书证丢了怎么补办", intents.KindAnswer, 2, ""},
		{"一次能借几本书", intents.KindAnswer, 3, ""},
		{"书到期了怎么续借", intents.KindAnswer, 4, ""},
		{"图书馆几点开门", intents.KindAnswer, 5, ""},
		{"自习室要预约吗", intents.KindAnswer, 6, ""},
		{"要带什么", intents.KindClarify, 0, ""},
		{"停车场在哪", intents.KindFallback, 0, ""},
		{"明天天气怎么样", intents.KindFallback, 0, ""},
		{"你好", intents.KindSmallTalk, 0, "greeting"},
		{"谢谢", intents.KindSmallTalk, 0, "thanks"},
		{"转人工", intents.KindSmallTalk, 0, "human"},
		{"帮助", intents.KindSmallTalk, 0, "help"},
	} {
		d := m.Match(tc.text)
		if d.Kind != tc.kind || d.FAQ != tc.faq || tc.intent != "" && d.Intent != tc.intent {
			t.Errorf("%s: got %s FAQ %d %s, want %s FAQ %d %s", tc.text, d.Kind, d.FAQ, d.Intent, tc.kind, tc.faq, tc.intent)
		}
	}
	if d := m.Match("要带什么"); len(d.Suggestions) != 2 || d.Suggestions[0]+d.Suggestions[1] != 3 {
		t.Errorf("要带什么 offers %v, want FAQs 1 and 2", d.Suggestions)
	}
	for _, no := range []int{1, 2} {
		topic, ok := m.TopicOf(no)
		if !ok {
			t.Fatalf("FAQ %d has no topic", no)
		}
		if d := m.MatchInContext("要带什么", intents.Context{Topic: topic.Name, LastFAQ: no}); d.Kind != intents.KindAnswer || d.FAQ != no {
			t.Errorf("要带什么 after FAQ %d: got %s FAQ %d, want FAQ %d", no, d.Kind, d.FAQ, no)
		}
	}
	cfg := m.Config()
	if len(cfg.Rules.Menu) != 3 || cfg.FAQ(3) == nil || !strings.Contains(cfg.FAQ(3).Answer, "10 册") {
		t.Errorf("menu %v, FAQ 3 %+v: not as documented", cfg.Rules.Menu, cfg.FAQ(3))
	}
}

func TestWriteWritesBothFiles(t *testing.T) {
	f := testrules.Write(t)
	cfg, err := intents.LoadFiles(f.FAQ, f.Intents)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Version != testrules.Config(t).Version {
		t.Error("the written files differ from the embedded ones")
	}
	if b, _ := os.ReadFile(f.Intents); string(b) != string(testrules.Intents()) {
		t.Error("intents.yaml differs")
	}
	if b, _ := os.ReadFile(f.Dev); string(b) != string(testrules.Dev()) {
		t.Error("dev.jsonl differs")
	}
}

func TestTeachingTheQuestionAnswersIt(t *testing.T) {
	if d := testrules.Matcher(t).Match(testrules.TeachQuestion); d.Kind != intents.KindFallback {
		t.Errorf("before the edit %s got %s %d, want the fallback", testrules.TeachQuestion, d.Kind, d.FAQ)
	}
	edited := testrules.WithAlternate(t, testrules.Intents(), testrules.TeachFAQ, testrules.TeachQuestion)
	cfg, err := intents.Parse("faq.yaml", testrules.FAQ(), "intents.yaml", edited)
	if err != nil {
		t.Fatal(err)
	}
	m, err := intents.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Match(testrules.TeachQuestion); d.Kind != intents.KindAnswer || d.FAQ != testrules.TeachFAQ {
		t.Errorf("after the edit %s got %s %d, want FAQ %d", testrules.TeachQuestion, d.Kind, d.FAQ, testrules.TeachFAQ)
	}
}

func TestTheDevSetMissesOnlyTheTeachQuestion(t *testing.T) {
	dev, err := intents.ReadExamples("dev.jsonl", bytes.NewReader(testrules.Dev()))
	if err != nil {
		t.Fatal(err)
	}
	r := intents.Evaluate(testrules.Matcher(t), dev)
	if r.Total != 19 || r.Correct != 18 || len(r.Misses) != 1 || r.Misses[0].Example.Text != testrules.TeachQuestion {
		t.Errorf("dev set: %d of %d right, misses %+v; want 18 of 19, missing only %s", r.Correct, r.Total, r.Misses, testrules.TeachQuestion)
	}
}
