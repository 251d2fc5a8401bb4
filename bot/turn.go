package bot

import (
	"time"
	"unicode/utf8"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/pii"
)

// turn is one message being answered: what came in, the context it found,
// and what goes out.
type turn struct {
	m       *intents.Matcher
	texts   *replies // of the conversation's language
	msg     Message
	sess    Session
	explain bool
	metrics Metrics

	reply  Reply
	next   Session
	logged *Question
	why    *intents.Explanation
}

func (t *turn) run() {
	t.next = t.sess
	t.next.Offered = nil
	t.next.Menu = false

	switch t.msg.Event {
	case EventWelcome:
		if !t.sess.Updated.IsZero() {
			// WeCom sends enter_agent each time a member opens the chat:
			// greet a conversation once, not at every visit. The empty
			// reply is acknowledged with "success".
			t.reply = Reply{Kind: string(intents.KindSmallTalk), Intent: "greeting"}
			t.next.Offered, t.next.Menu = t.sess.Offered, t.sess.Menu
			return
		}
		t.smallTalk("greeting", 1)
		return
	case EventUnsupported:
		t.reply = Reply{Kind: string(intents.KindSmallTalk), Intent: "unsupported", Text: t.texts.pleaseType}
		t.next.Menu = true
		return
	}
	if t.picked() {
		return
	}

	// In a group chat the pick comes after an @mention of the bot
	// (@小助手 2): the mention is no part of it.
	said := intents.DropMentions(t.msg.Text)
	if n, ok := parseChoice(said); ok {
		if t.choose(n) {
			return
		}
	}
	if len(t.sess.Offered) == 1 && affirms(said) && t.choose(1) {
		return // 是的 to 您是想问这个问题吗？
	}

	// The matcher decides, with the conversation's context; the turn
	// applies the decision.
	d := t.match(t.msg.Text, intents.Context{Topic: t.sess.Topic, LastFAQ: t.sess.LastFAQ})
	t.decided(d)
	if d.Topic != "" {
		// 换电子证照收费吗 cannot be answered, but the next 要准备啥 is
		// about 换发 all the same.
		t.next.Topic = d.Topic
	}
	if d.Kind != intents.KindSmallTalk {
		t.logged = &Question{Text: logText(t.msg.Text), Kind: string(d.Kind), FAQ: d.FAQ, Time: t.msg.Time}
	}
}

// MaxQuestionBytes bounds a logged question's text: the log is for
// operators to read, and a 64 KiB message must not take 64 KiB of a
// store's log.
const MaxQuestionBytes = 512

// logText is a message as the question log keeps it: normalised, its
// personal details masked (before the cut, so that none is cut in half
// and left unmasked), cut by CutQuestion.
func logText(text string) string { return CutQuestion(pii.Mask(intents.Normalize(text))) }

// CutQuestion cuts a question's text to MaxQuestionBytes, at a character.
// The engine logs questions so cut; a store cuts what else is written to
// it the same way.
func CutQuestion(s string) string {
	if len(s) <= MaxQuestionBytes {
		return s
	}
	n := MaxQuestionBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func (t *turn) match(text string, c intents.Context) intents.Decision {
	start := time.Now()
	var d intents.Decision
	if t.explain {
		d = t.m.ExplainInContext(text, c)
	} else {
		d = t.m.MatchInContext(text, c)
	}
	t.metrics.Matched(time.Since(start))
	return d
}

// decided turns a matcher decision into the reply and the next session.
func (t *turn) decided(d intents.Decision) {
	t.why = d.Explanation
	switch d.Kind {
	case intents.KindAnswer:
		t.answer(d.FAQ, d.Score)
	case intents.KindClarify:
		t.clarify(d.Suggestions, d.Score)
	case intents.KindSmallTalk:
		t.smallTalk(d.Intent, d.Score)
	default:
		text := t.texts.fallback
		if ng := t.texts.notGiven(d.NotGiven); ng != "" {
			text = ng + "\n\n" + text
		}
		t.reply = Reply{Kind: string(intents.KindFallback), Intent: "fallback", Score: d.Score, Text: text}
		t.next.Menu = true
	}
}

func (t *turn) answer(no int, score float64) {
	cfg := t.m.Config()
	f := cfg.FAQ(no)
	t.reply = Reply{Kind: string(intents.KindAnswer), FAQ: no, Intent: f.ID, Score: score, Text: t.texts.answer(f)}
	t.next.LastFAQ = no
	t.next.Topic = ""
	if topic, ok := t.m.TopicOf(no); ok {
		t.next.Topic = topic.Name
	}
}

func (t *turn) clarify(faqs []int, score float64) {
	t.reply = Reply{Kind: string(intents.KindClarify), Intent: "clarify", Score: score,
		Suggestions: faqs, Text: t.texts.clarify(faqs)}
	t.next.Offered = faqs
}

func (t *turn) smallTalk(intent string, score float64) {
	t.reply = Reply{Kind: string(intents.KindSmallTalk), Intent: intent, Score: score, Text: t.texts.smallTalk[intent]}
	// The greeting and help replies show the numbered menu: a number next
	// picks a menu line.
	t.next.Menu = intent == "greeting" || intent == "help"
}

// sharedTopic is the topic every FAQ of faqs has, or "".
func sharedTopic(m *intents.Matcher, faqs []int) string {
	topic := ""
	for i, no := range faqs {
		tp, ok := m.TopicOf(no)
		if !ok || i > 0 && tp.Name != topic {
			return ""
		}
		topic = tp.Name
	}
	return topic
}

// choose answers a number reply: a pick from the last clarification or
// from the topic menu. It reports false when the number refers to nothing,
// so that the text is treated as a new question.
func (t *turn) choose(n int) bool {
	cfg := t.m.Config()
	switch {
	case len(t.sess.Offered) > 0:
		// A reload may have removed an offered FAQ since: then the number
		// means nothing any more and the text is a new question.
		if n < 1 || n > len(t.sess.Offered) || cfg.FAQ(t.sess.Offered[n-1]) == nil {
			return false
		}
		t.answer(t.sess.Offered[n-1], 1)
	case t.sess.Menu:
		if n < 1 || n > len(cfg.Rules.Menu) {
			return false
		}
		group := cfg.Rules.Menu[n-1].FAQs
		if len(group) == 1 {
			t.answer(group[0], 1)
		} else {
			t.clarify(group, 1)
			// The conversation is now about the line picked: a follow-up
			// (在哪里操作) leans on its FAQs' topic when they share one,
			// not on what was asked before the menu.
			t.next.LastFAQ, t.next.Topic = 0, sharedTopic(t.m, group)
		}
	default:
		return false
	}
	if t.explain {
		t.why = &intents.Explanation{Normalized: intents.Normalize(t.msg.Text), Rule: "choice: the reply picks a numbered option of the previous turn"}
	}
	return true
}
