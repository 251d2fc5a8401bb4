package bot_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/platform"
	"github.com/kzrh/faqbot/intents/lang"
)

// TestShippedRepliesFitTheChannelsInBothLanguages is an evaluation of the
// shipped content (faq.yaml, intents.yaml), not of the engine: every FAQ's
// answer and every fixed reply, in Chinese and in English, goes out in
// text messages of at most 2048 bytes, and a reply that needs more than
// one is cut between its paragraphs (the English answer, the official
// Chinese, the links), never inside one that fits a message.
func TestShippedRepliesFitTheChannelsInBothLanguages(t *testing.T) {
	m := shippedMatcher(t)
	cfg := m.Config()
	if !cfg.HasEnglish() {
		t.Log("the shipped content has no English yet: English questions get the Chinese replies checked here")
	}
	check := func(what, text string) {
		t.Helper()
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s: empty reply", what)
			return
		}
		parts := platform.SplitText(text, platform.MaxTextBytes)
		for i, p := range parts {
			if len(p) > platform.MaxTextBytes {
				t.Errorf("%s: message %d of %d has %d bytes", what, i+1, len(parts), len(p))
			}
		}
		if len(parts) == 1 {
			return
		}
		for _, para := range strings.Split(text, "\n\n") {
			if len(para) > platform.MaxTextBytes {
				continue
			}
			whole := false
			for _, p := range parts {
				whole = whole || strings.Contains(p, para)
			}
			if !whole {
				t.Errorf("%s: the paragraph %q is cut across messages", what, para)
			}
		}
	}
	for _, l := range []lang.Language{lang.Chinese, lang.English} {
		split, largest := 0, 0
		for _, f := range cfg.Content.FAQs {
			text := bot.AnswerText(m, f.No, l)
			check("FAQ "+strconv.Itoa(f.No)+" in "+string(l), text)
			largest = max(largest, len(text))
			if len(text) > platform.MaxTextBytes {
				split++
			}
		}
		t.Logf("%s: %d of %d answers need more than one message; the longest is %d bytes", l, split, len(cfg.Content.FAQs), largest)
		for what, text := range bot.FixedTexts(m, l) {
			check(what+" in "+string(l), text)
		}
	}
	if cfg.HasEnglish() {
		// The Chinese replies are unchanged: each fits one message.
		for _, f := range cfg.Content.FAQs {
			if n := len(bot.AnswerText(m, f.No, lang.Chinese)); n > platform.MaxTextBytes {
				t.Errorf("FAQ %d's Chinese reply has %d bytes: more than one message", f.No, n)
			}
		}
	}
}
