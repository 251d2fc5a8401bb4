package admin

import (
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
)

// The values the templates show, built from the engine's and the
// matcher's types: templates only print fields, they decide nothing.

// replyPart is a piece of a reply: plain text, or a link when URL is set.
type replyPart struct {
	Text, URL string
}

// replyParts splits a reply as WeCom shows it (plain text in which
// <a href="URL">name</a> is a link) into text and links, so that the page
// can build the links with html/template instead of trusting the reply's
// markup. Only http and https links become links; anything else stays
// text, markup included.
func replyParts(s string) []replyPart {
	const open, mid, end = `<a href="`, `">`, `</a>`
	var parts []replyPart
	text := func(t string) {
		if t != "" {
			parts = append(parts, replyPart{Text: t})
		}
	}
	for {
		i := strings.Index(s, open)
		if i < 0 {
			text(s)
			return parts
		}
		rest := s[i+len(open):]
		j := strings.Index(rest, mid)
		k := strings.Index(rest, end)
		if j < 0 || k < j {
			text(s)
			return parts
		}
		href, name := html.UnescapeString(rest[:j]), html.UnescapeString(rest[j+len(mid):k])
		if u, err := url.Parse(href); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			text(s[:i+len(open)+k+len(end)])
		} else {
			text(s[:i])
			parts = append(parts, replyPart{Text: name, URL: href})
		}
		s = rest[k+len(end):]
	}
}

// replyView is the bot's reply with what it decided.
type replyView struct {
	Parts []replyPart
	bot.Reply
}

// candidateView is a candidate with the FAQ's question for a title.
type candidateView struct {
	intents.Candidate
	Title string
}

// explanationView is an Explanation whose candidates have titles.
type explanationView struct {
	*intents.Explanation
	Candidates []candidateView
}

func explain(l lang, cfg *intents.Config, e *intents.Explanation) *explanationView {
	if e == nil {
		return nil
	}
	v := &explanationView{Explanation: e}
	for _, c := range e.Candidates {
		v.Candidates = append(v.Candidates, candidateView{Candidate: c, Title: faqTitle(l, cfg, c.FAQ, c.Intent)})
	}
	return v
}

func faqTitle(l lang, cfg *intents.Config, no int, intent string) string {
	if f := cfg.FAQ(no); f != nil {
		return strings.TrimSpace(f.Question)
	}
	if intent != "" {
		return l.t("small talk") + ": " + intent
	}
	return ""
}

// outcome is a decision in words: "answer 13", "clarify 9, 13",
// "fallback", "small talk: help".
type outcome struct {
	Kind  string
	Label string
	Title string // the answered FAQ's question
	Score float64
}

func describe(l lang, cfg *intents.Config, d intents.Decision) outcome {
	o := outcome{Kind: string(d.Kind), Score: d.Score}
	switch d.Kind {
	case intents.KindAnswer:
		o.Label = l.t("answer") + " " + strconv.Itoa(d.FAQ)
		o.Title = faqTitle(l, cfg, d.FAQ, "")
	case intents.KindClarify:
		nos := make([]string, len(d.Suggestions))
		for i, n := range d.Suggestions {
			nos[i] = strconv.Itoa(n)
		}
		o.Label = l.t("clarify") + " " + strings.Join(nos, ", ")
	case intents.KindSmallTalk:
		o.Label = l.t("small talk") + ": " + d.Intent
	default:
		o.Label = l.t(kindText(string(d.Kind)))
	}
	return o
}

// faqOption is one FAQ in a select.
type faqOption struct {
	No       int
	Label    string
	Selected bool
}

func faqOptions(cfg *intents.Config, selected int) []faqOption {
	opts := make([]faqOption, len(cfg.Content.FAQs))
	for i, f := range cfg.Content.FAQs {
		opts[i] = faqOption{No: f.No, Label: fmt.Sprintf("%d. %s", f.No, strings.TrimSpace(f.Question)), Selected: f.No == selected}
	}
	return opts
}
