package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kzrh/faqbot/intents"
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

	if n, ok := parseChoice(t.msg.Text); ok {
		if t.choose(n) {
			return
		}
	}

	d := t.match(t.msg.Text, nil)
	if t.sess.Topic != "" && t.followUp(d) {
		// An elliptical question (要交什么, 原来的卡呢): complete it with
		// the topic of the conversation, lean towards the FAQs of that
		// topic and the one last answered, and match again.
		if topic, ok := t.m.Topic(t.sess.Topic); ok {
			completed := t.msg.Text + " " + topic.Context
			c := intents.Context{Topic: topic.Name, LastFAQ: t.sess.LastFAQ}
			if d1 := t.match(completed, &c); d1.Kind == intents.KindAnswer && t.m.Shares(t.msg.Text, d1.FAQ) && t.prefersContext(d, d1) {
				if d1.Explanation != nil {
					d1.Explanation.Context = &intents.ContextUsage{Topic: topic.Name, Completed: completed,
						Rule: fmt.Sprintf("follow-up: completed with the topic of the previous turn; FAQs of %s +%.2f, FAQ %d +%.2f",
							topic.Name, t.m.Config().Rules.Context.TopicBoost, c.LastFAQ, t.m.Config().Rules.Context.LastFAQBoost)}
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
	if d.Kind != intents.KindAnswer && d.Topic != "" {
		// 换电子证照收费吗 cannot be answered, but the next 要准备啥 is
		// about 换发 all the same.
		t.next.Topic = d.Topic
	}
	if d.Kind != intents.KindSmallTalk {
		t.logged = &Question{Text: Mask(intents.Normalize(t.msg.Text)), Kind: string(d.Kind), FAQ: d.FAQ, Time: t.msg.Time}
	}
}

// followUp reports whether a message may lean on the conversation's
// context: it names no topic of its own, or reads as a follow-up even
// though it does (境外90天以上的呢); it holds no word foreign to every FAQ
// (外国人医保怎么报销 is a new question, not a follow-up); and it is not
// small talk the person typed as such (谢谢). prefersContext then decides
// between the two readings.
func (t *turn) followUp(d intents.Decision) bool {
	if d.Kind == intents.KindSmallTalk && d.Score >= 1 || d.Unknown > 0 {
		return false
	}
	if elliptical(t.msg.Text) {
		return true
	}
	return !d.NamesTopic
}

// prefersContext decides between the message's own decision d and the
// one completed from the conversation's topic, d1 (an answer). A message
// the matcher answered on its own within the conversation's topic keeps
// its answer (原来那张卡怎么处理 after a 换发 question); an answer from
// another topic to a message that names none is a guess the context
// corrects (在哪里看 after an 在途业务 question is not about 换发).
func (t *turn) prefersContext(d, d1 intents.Decision) bool {
	if d.Kind != intents.KindAnswer {
		return true
	}
	if own, ok := t.m.TopicOf(d.FAQ); ok && own.Name == t.sess.Topic {
		return d1.Score > d.Score && elliptical(t.msg.Text)
	}
	return true
}

func (t *turn) match(text string, c *intents.Context) intents.Decision {
	start := time.Now()
	var d intents.Decision
	switch {
	case c != nil && t.explain:
		d = t.m.ExplainInContext(text, *c)
	case c != nil:
		d = t.m.MatchInContext(text, *c)
	case t.explain:
		d = t.m.Explain(text)
	default:
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
		t.reply = Reply{Kind: string(intents.KindFallback), Intent: "fallback", Score: d.Score, Text: t.texts.fallback}
		t.next.Menu = true
	}
}

func (t *turn) answer(no int, score float64) {
	cfg := t.m.Config()
	f := cfg.FAQ(no)
	t.reply = Reply{Kind: string(intents.KindAnswer), FAQ: no, Intent: f.ID, Score: score, Text: t.texts.answer(f)}
	t.next.LastFAQ = no
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
		}
	default:
		return false
	}
	if t.explain {
		t.why = &intents.Explanation{Normalized: intents.Normalize(t.msg.Text), Rule: "choice: the reply picks a numbered option of the previous turn"}
	}
	return true
}

// elliptical reports whether a short message reads as a follow-up that
// leans on an earlier turn: it ends in 呢 (年纪大的呢, 境外90天以上的呢).
func elliptical(text string) bool {
	s := strings.TrimSpace(intents.Normalize(text))
	return utf8.RuneCountInString(s) <= 10 && strings.HasSuffix(s, "呢")
}
