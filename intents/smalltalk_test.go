package intents_test

import (
	"testing"

	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// TestSmallTalkCues: a short message no FAQ fits is small talk by its cues
// only when they are whole words of it and it asks about nothing else.
func TestSmallTalkCues(t *testing.T) {
	m := testrules.Matcher(t)
	for _, tc := range []struct {
		text, want string // want: a small-talk intent, or fallback
	}{
		{"帮我转个人工", "human"},
		{"能不能找个真人说说", "human"},
		{"非常感谢您的耐心", "thanks"},
		{"thank you so much", "thanks"},
		// 人工 is no word of 外国人/工资: the message asks about pay.
		{"外国人工资多少", "fallback"},
		// A question after thanks is a question: out_of_scope's 停车场.
		{"感谢，停车场收费吗", "fallback"},
		// Asking for a person with a subject's word is still asking for
		// a person: the reply gives the phone number, as a fallback does.
		{"停车场的事找人工客服", "human"},
		// A polite word after an example is still small talk: please is
		// a stop word, and the rest is not stemmed twice (pleas, plea).
		{"help please", "help"},
		{"hi please", "greeting"},
		// The rest is read as any text is: fillers and personal details
		// say nothing (麻烦 is a filler of the fixture).
		{"谢谢，麻烦了", "thanks"},
		// A cue that is also a filler (谢谢) is found all the same: the
		// rest says nothing the examples know.
		{"谢谢你的耐心", "thanks"},
		{"谢谢你的解答", "thanks"},
		// …but not when it asks something, or is long: a question on a
		// subject the examples do not know falls back with the phone
		// number.
		{"谢谢，房子怎么租", "fallback"},
		{"谢谢，那退休金呢", "fallback"},
		{"谢谢，退休金？", "fallback"},
		{"謝謝，那退休金嗎", "fallback"},
		{"谢谢，外面天气不错", "fallback"},
		{"能咨询一下退休金吗", "fallback"},
		{"老师您好，打扰一下，麻烦问一下，我想咨询一下，请问一下，发票开得了不，谢谢", "fallback"},
		{"谢谢 13812345678", "thanks"},
		// hi is not found inside this or him.
		{"this one", "fallback"},
		{"is this it", "fallback"},
	} {
		d := m.Match(tc.text)
		got := d.Intent
		if d.Kind == intents.KindFallback {
			got = "fallback"
		}
		if got != tc.want {
			t.Errorf("%q: %s %s %d, want %s", tc.text, d.Kind, d.Intent, d.FAQ, tc.want)
		}
	}
}
