package bot

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kzrh/faqbot/intents"
)

// turn is one message being answered: what came in, the context it found,
// and what goes out.
type turn struct {
	m       *intents.Matcher
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
	cfg := t.m.Config()

	switch t.msg.Event {
	case EventWelcome:
		t.smallTalk("greeting", 1)
		return
	case EventUnsupported:
		t.reply = Reply{Kind: string(intents.KindSmallTalk), Intent: "unsupported", Text: pleaseType(cfg)}
		t.next.Menu = true
		return
	}

	if n, ok := parseChoice(t.msg.Text); ok {
		if t.choose(n) {
			return
		}
	}

	d := t.match(t.msg.Text)
	if t.sess.Topic != "" && !d.NamesTopic && d.Kind != intents.KindSmallTalk {
		// An elliptical question (要交什么, 原来的卡呢): complete it with
		// the topic of the conversation and match again. A question that
		// names a topic itself is complete and never bent by old context.
		if topic, ok := topicByName(t.m, t.sess.Topic); ok {
			completed := t.msg.Text + " " + topic.Context
			if d1 := t.match(completed); d1.Kind == intents.KindAnswer && (d.Kind != intents.KindAnswer || d1.Score > d.Score) {
				if d1.Explanation != nil {
					d1.Explanation.Context = &intents.ContextUsage{Topic: topic.Name, Completed: completed,
						Rule: "follow-up: the question names no topic; completed with the previous turn's topic"}
				}
				d = d1
			}
		}
	}
	if d.Kind == intents.KindAnswer && !d.NamesTopic && t.sess.Topic == "" && elliptical(t.msg.Text) {
		// 年纪大的呢 with no conversation to lean on: the matcher may find
		// a FAQ, but what the person means is a guess. Ask rather than
		// answer.
		d.Kind, d.Intent, d.Suggestions = intents.KindClarify, "clarify", []int{d.FAQ}
		d.FAQ = 0
	}
	t.decided(d)
	if d.Kind != intents.KindSmallTalk {
		t.logged = &Question{Text: Mask(intents.Normalize(t.msg.Text)), Kind: string(d.Kind), FAQ: d.FAQ, Time: t.msg.Time}
	}
}

func (t *turn) match(text string) intents.Decision {
	start := time.Now()
	var d intents.Decision
	if t.explain {
		d = t.m.Explain(text)
	} else {
		d = t.m.Match(text)
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
		t.reply = Reply{Kind: string(intents.KindFallback), Intent: "fallback", Score: d.Score, Text: fallbackText(t.m.Config())}
		t.next.Menu = true
	}
}

func (t *turn) answer(no int, score float64) {
	cfg := t.m.Config()
	f := cfg.FAQ(no)
	t.reply = Reply{Kind: string(intents.KindAnswer), FAQ: no, Intent: f.ID, Score: score, Text: answerText(cfg, f)}
	t.next.LastFAQ = no
	if topic, ok := t.m.TopicOf(no); ok {
		t.next.Topic = topic.Name
	}
}

func (t *turn) clarify(faqs []int, score float64) {
	t.reply = Reply{Kind: string(intents.KindClarify), Intent: "clarify", Score: score,
		Suggestions: faqs, Text: clarifyText(t.m.Config(), faqs)}
	t.next.Offered = faqs
}

func (t *turn) smallTalk(intent string, score float64) {
	cfg := t.m.Config()
	t.reply = Reply{Kind: string(intents.KindSmallTalk), Intent: intent, Score: score, Text: smallTalkText(cfg, intent)}
	// The greeting and help replies show the numbered menu: a number next
	// picks a menu line.
	t.next.Menu = intent == "greeting" || intent == "help"
}

// choose answers a number reply: a pick from the last clarification or
// from the topic menu. It reports false when the number refers to nothing,
// so that the text is treated as a new question.
func (t *turn) choose(n int) bool {
	cfg := t.m.Config()
	switch {
	case len(t.sess.Offered) > 0:
		if n < 1 || n > len(t.sess.Offered) {
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
		}
	default:
		return false
	}
	if t.explain {
		t.why = &intents.Explanation{Normalized: t.msg.Text, Rule: "choice: the reply picks a numbered option of the previous turn"}
	}
	return true
}

func topicByName(m *intents.Matcher, name string) (intents.Topic, bool) {
	for _, tp := range m.Config().Rules.Topics {
		if tp.Name == name {
			return tp, true
		}
	}
	return intents.Topic{}, false
}

// elliptical reports whether a message reads as a follow-up that leans on
// an earlier turn: short and ending in 呢, or opening with 那.
func elliptical(text string) bool {
	s := strings.TrimSpace(intents.Normalize(text))
	n := utf8.RuneCountInString(s)
	return n <= 10 && (strings.HasSuffix(s, "呢") || strings.HasPrefix(s, "那"))
}
