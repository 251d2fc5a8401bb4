package admin

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kzrh/faqbot/bot"
)

// The draft: from Unmatched or Try an operator adds a question as an
// example of a FAQ, as an out-of-scope example, or a synonym; the edits
// wait in the shared store until someone publishes them (impact.go) or
// takes them out. Ignoring a question is not a rules edit: it takes the
// question off the unmatched list at once.

// maxWord bounds a synonym's words, in characters.
const maxWord = 30

// addEdit puts one edit in the draft and returns to the page it came from.
func (c *console) addEdit(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	if c.d.Rules == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	e := bot.RulesEdit{Kind: bot.EditKind(r.PostForm.Get("kind")), Author: s.Name, At: c.d.Now(),
		Question: strings.TrimSpace(r.PostForm.Get("q"))}
	var problem string
	switch e.Kind {
	case bot.EditExample, bot.EditOutOfScope:
		if e.Kind == bot.EditExample {
			e.FAQ, _ = strconv.Atoi(r.PostForm.Get("faq"))
			if c.d.Matchers.Current().Config().FAQ(e.FAQ) == nil {
				problem = fmt.Sprintf(l.t("There is no FAQ %s."), r.PostForm.Get("faq"))
			}
		}
		if n := utf8.RuneCountInString(e.Question); n == 0 || n > maxQuestion {
			problem = fmt.Sprintf(l.t("An example question has 1 to %d characters."), maxQuestion)
		}
	case bot.EditSynonym:
		e.Canonical, e.Variant = strings.TrimSpace(r.PostForm.Get("canonical")), strings.TrimSpace(r.PostForm.Get("variant"))
		if !word(e.Canonical) || !word(e.Variant) || e.Canonical == e.Variant {
			problem = fmt.Sprintf(l.t("A synonym needs a word and the different word it means, each of 1 to %d characters on one line."), maxWord)
		}
	default:
		problem = l.t("Unknown kind of edit.")
	}
	if problem != "" {
		c.failText(w, r, http.StatusBadRequest, problem)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	if _, err := c.d.Rules.AddRulesEdit(ctx, e); err != nil {
		c.storeFailed(w, r, "adding to the draft", err)
		return
	}
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

func word(s string) bool {
	n := utf8.RuneCountInString(s)
	return n > 0 && n <= maxWord && !strings.ContainsAny(s, "\r\n")
}

// removeEdit takes an edit out of the draft.
func (c *console) removeEdit(w http.ResponseWriter, r *http.Request, _ session) {
	if c.d.Rules == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	if err := c.d.Rules.RemoveRulesEdits(ctx, r.PostForm.Get("id")); err != nil {
		c.storeFailed(w, r, "changing the draft", err)
		return
	}
	http.Redirect(w, r, "/admin/impact", http.StatusSeeOther)
}

// ignore takes a question off the unmatched list.
func (c *console) ignore(w http.ResponseWriter, r *http.Request, _ session) {
	if c.d.Rules == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	q := strings.TrimSpace(r.PostForm.Get("q"))
	if q == "" {
		c.fail(w, r, http.StatusBadRequest, "Which question? The form named none.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	if err := c.d.Rules.IgnoreQuestion(ctx, q); err != nil {
		c.storeFailed(w, r, "ignoring the question", err)
		return
	}
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// backTo is the console page a form came from (its "back" field).
func backTo(r *http.Request) string {
	if b := r.PostForm.Get("back"); strings.HasPrefix(b, "/admin/") {
		return safeNext(b)
	}
	return "/admin/impact"
}

// storeFailed reports a failed store call as a sentence the operator can
// act on; the log gets the error.
func (c *console) storeFailed(w http.ResponseWriter, r *http.Request, doing string, err error) {
	c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: the rules store failed",
		slog.String("doing", doing), slog.String("error", err.Error()))
	l := langOf(r)
	c.failText(w, r, http.StatusServiceUnavailable, fmt.Sprintf(l.t("The shared store did not answer (%s). Nothing was changed; try again in a moment."), err.Error()))
}

// editView is a draft edit as the Impact page lists it.
type editView struct {
	bot.RulesEdit
	What string // in words
}

func editViews(l lang, edits []bot.RulesEdit) []editView {
	out := make([]editView, len(edits))
	for i, e := range edits {
		out[i] = editView{RulesEdit: e, What: describeEdit(l, e)}
	}
	return out
}

func describeEdit(l lang, e bot.RulesEdit) string {
	switch e.Kind {
	case bot.EditExample:
		return fmt.Sprintf(l.t("example question of FAQ %d"), e.FAQ)
	case bot.EditOutOfScope:
		return l.t("out-of-scope example")
	case bot.EditSynonym:
		return fmt.Sprintf(l.t("synonym: %s means %s"), e.Variant, e.Canonical)
	}
	return string(e.Kind)
}
