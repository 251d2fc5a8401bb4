package admin

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
)

// The Unmatched page: the questions the bot fell back on or could only
// clarify, most frequent first, each with why and what an operator can do
// about it: add it to the draft as an example of a FAQ, as an
// out-of-scope example, add a synonym, or ignore it.

// windows are the periods the page can show, the first being the default.
var windows = []struct {
	Key string
	D   time.Duration
}{{"24h", 24 * time.Hour}, {"1h", time.Hour}, {"7d", 7 * 24 * time.Hour}}

type unmatchedRow struct {
	bot.QuestionCount
	Why     *explanationView
	Actions actionsView
}

// actionsView is what the page offers for one question.
type actionsView struct {
	N        int // the row, for element ids
	Question string
	Options  []faqOption
	CSRF     string
	Back     string // the page to return to
	InDraft  string // what the draft already does with it, in words
	Words    []string
}

type unmatchedData struct {
	base
	Since      string
	Windows    []string
	Rows       []unmatchedRow
	Problem    string
	CanPublish bool
	Ignored    int
}

func (c *console) unmatched(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	data := unmatchedData{base: c.base(r, s, "Unmatched", "unmatched"), Since: windows[0].Key, CanPublish: c.d.Rules != nil}
	window := windows[0].D
	for _, win := range windows {
		data.Windows = append(data.Windows, win.Key)
		if r.URL.Query().Get("since") == win.Key {
			data.Since, window = win.Key, win.D
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	qs, err := c.d.Store.Questions(ctx, c.d.Now().Add(-window), unmatchedTop, "fallback", "clarify")
	var ignored map[string]bool
	inDraft := map[string]string{}
	if err == nil && c.d.Rules != nil {
		ignored, err = c.d.Rules.IgnoredQuestions(ctx)
		var edits []bot.RulesEdit
		if err == nil {
			edits, err = c.d.Rules.RulesDraft(ctx)
		}
		for _, e := range edits {
			inDraft[e.Question] = describeEdit(l, e)
		}
	}
	if err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: reading the question log failed", slog.String("error", err.Error()))
		data.Problem = l.t("The question log could not be read: ") + err.Error()
		c.render(w, r, http.StatusServiceUnavailable, viewUnmatchedPage(data))
		return
	}
	m := c.d.Matchers.Current()
	cfg := m.Config()
	back := "/admin/unmatched?since=" + data.Since
	for _, q := range qs {
		if ignored[q.Text] {
			data.Ignored++
			continue
		}
		d := m.Explain(q.Text)
		row := unmatchedRow{QuestionCount: q, Why: explain(l, cfg, d.Explanation),
			Actions: c.actions(s, cfg, d.Explanation, q.Text, back, len(data.Rows))}
		row.Actions.InDraft = inDraft[q.Text]
		data.Rows = append(data.Rows, row)
	}
	c.render(w, r, http.StatusOK, viewUnmatchedPage(data))
}

// actions builds the choices for a question, the FAQ preselected being
// the best candidate.
func (c *console) actions(s session, cfg *intents.Config, e *intents.Explanation, q, back string, n int) actionsView {
	pick := 0
	var words []string
	if e != nil {
		for _, cand := range e.Candidates {
			if cand.FAQ != 0 {
				pick = cand.FAQ
				break
			}
		}
		words = e.Tokens
	}
	if pick == 0 && len(cfg.Content.FAQs) > 0 {
		pick = cfg.Content.FAQs[0].No
	}
	return actionsView{N: n, Question: q, Options: faqOptions(cfg, pick), CSRF: c.keys.formToken(s), Back: back, Words: words}
}

// yamlScalar writes s as a YAML scalar that reads back as s: plain when
// it can be, quoted when it starts like YAML syntax ([phone] …, - …).
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if v := strings.TrimSuffix(string(out), "\n"); err == nil && !strings.Contains(v, "\n") {
		return v
	}
	// Go's escapes are all valid in a YAML double-quoted scalar.
	return strconv.Quote(s)
}
