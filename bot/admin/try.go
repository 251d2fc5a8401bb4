package admin

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/kzrh/faqbot/bot"
)

// The Try page: ask the bot as a user would, see the reply as WeCom shows
// it and why the bot chose it. Questions go through the real engine
// (bot.ChannelConsole), so they advance the operator's test conversation
// and are logged like any other question; the daily report leaves them
// out (cmd/faqbot's countingMetrics).

type tryData struct {
	base
	Question string
	Continue bool   // the question continues the test conversation
	Conv     string // the test conversation's user id
	Asked    bool
	Reply    *replyView
	Why      *explanationView
	Actions  *actionsView // what the operator can teach from the question
	Problem  string
}

func (c *console) tryPage(w http.ResponseWriter, r *http.Request, s session) {
	c.render(w, r, http.StatusOK, viewTryPageView(tryData{base: c.base(r, s, "Try", "try"),
		Question: r.URL.Query().Get("q"), Conv: conversationUser(s)}))
}

func (c *console) ask(w http.ResponseWriter, r *http.Request, s session) {
	data := tryData{base: c.base(r, s, "Try", "try"), Question: strings.TrimSpace(r.PostForm.Get("q")),
		Continue: r.PostForm.Get("continue") != "", Conv: conversationUser(s)}
	l := langOf(r)
	switch n := utf8.RuneCountInString(data.Question); {
	case n == 0:
		data.Problem = l.t("Type a question first.")
	case n > maxQuestion:
		data.Problem = fmt.Sprintf(l.t("The question has %d characters; the console takes at most %d."), n, maxQuestion)
	}
	if data.Problem != "" {
		c.render(w, r, http.StatusBadRequest, viewTryPageView(data))
		return
	}
	user := data.Conv
	if !data.Continue {
		// A user of its own: no context from earlier questions.
		user = "admin-once-" + randomID()
	}
	m := c.d.Matchers.Current()
	reply, why, err := c.d.Engine.Explain(r.Context(), bot.Message{
		Channel: bot.ChannelConsole, User: user, Text: data.Question, Time: c.d.Now(),
	})
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, bot.ErrInProgress) {
			status = http.StatusConflict
		}
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin try failed", slog.String("error", err.Error()))
		data.Problem = l.t("The engine could not answer: ") + err.Error()
		c.render(w, r, status, viewTryPageView(data))
		return
	}
	data.Asked = true
	data.Reply = &replyView{Parts: replyParts(reply.Text), Reply: reply}
	data.Why = explain(l, m.Config(), why)
	if c.d.Rules != nil {
		a := c.actions(s, m.Config(), why, data.Question, "/admin/impact", 0)
		data.Actions = &a
	}
	c.render(w, r, http.StatusOK, viewTryPageView(data))
}

// resetConversation starts a new test conversation: the engine's session
// for the old user id is simply never used again.
func (c *console) resetConversation(w http.ResponseWriter, r *http.Request, s session) {
	s.Conv = randomID()
	c.setCookie(w, r, s)
	http.Redirect(w, r, "/admin/try", http.StatusSeeOther)
}

func conversationUser(s session) string { return "admin-" + s.Conv }
