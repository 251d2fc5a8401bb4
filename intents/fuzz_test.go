package intents_test

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kzrh/faqbot/intents"
)

// FuzzMatch: any text gets a decision of a known kind, quickly. The bound
// is generous (a shared CI machine); what it catches is the quadratic
// blow-up a long unbroken run once caused (seconds, not milliseconds).
func FuzzMatch(f *testing.F) {
	m := shippedMatcher(f)
	for _, s := range []string{"照片有什么要求", "", "1 1 1 1 1 1", "I need to speak to someone", "换法电子社保咔", "13812345678 E12345678", "在哪个菜单，要多久？多少钱", "how long? where? hotline", "电话 多久 几年级 好几天"} {
		f.Add(s)
	}
	for _, s := range pathological() {
		f.Add(s[:4096])
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		start := time.Now()
		d := m.MatchInContext(text, intents.Context{Topic: "换发电子证照", LastFAQ: 13})
		if took := time.Since(start); took > 500*time.Millisecond {
			t.Errorf("matching %d bytes took %v", len(text), took)
		}
		switch d.Kind {
		case intents.KindAnswer, intents.KindClarify, intents.KindFallback, intents.KindSmallTalk:
		default:
			t.Errorf("unknown kind %q", d.Kind)
		}
		if d.Kind == intents.KindAnswer && m.Config().FAQ(d.FAQ) == nil {
			t.Errorf("answered FAQ %d, which does not exist", d.FAQ)
		}
	})
}
