package admin

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/bot"
)

// The Unmatched page: the questions the bot fell back on or could only
// clarify, most frequent first, each with why and with the intents.yaml
// line that would add it to a FAQ's alternates.

// windows are the periods the page can show, the first being the default.
var windows = []struct {
	Key string
	D   time.Duration
}{{"24h", 24 * time.Hour}, {"1h", time.Hour}, {"7d", 7 * 24 * time.Hour}}

type unmatchedRow struct {
	bot.QuestionCount
	Why     *explanationView
	Options []faqOption
	// Alt is the question as a YAML scalar; the page's script rebuilds
	// Snippet from it when another FAQ is picked.
	Alt     string
	Snippet string
}

type unmatchedData struct {
	base
	Since   string
	Windows []string
	Rows    []unmatchedRow
	Problem string
}

func (c *console) unmatched(w http.ResponseWriter, r *http.Request, s session) {
	data := unmatchedData{base: c.base(r, s, "Unmatched", "unmatched"), Since: windows[0].Key}
	window := windows[0].D
	for _, win := range windows {
		data.Windows = append(data.Windows, win.Key)
		if r.URL.Query().Get("since") == win.Key {
			data.Since, window = win.Key, win.D
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	qs, err := c.d.Store.Questions(ctx, c.d.Now().Add(-window), unmatchedTop, "fallback", "clarify")
	cancel()
	if err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: reading the question log failed", slog.String("error", err.Error()))
		data.Problem = langOf(r).t("The question log could not be read: ") + err.Error()
		c.render(w, r, http.StatusServiceUnavailable, "unmatched", data)
		return
	}
	m := c.d.Matchers.Current()
	cfg := m.Config()
	for _, q := range qs {
		d := m.Explain(q.Text)
		pick := 0
		if d.Explanation != nil {
			for _, cand := range d.Explanation.Candidates {
				if cand.FAQ != 0 {
					pick = cand.FAQ
					break
				}
			}
		}
		if pick == 0 && len(cfg.Content.FAQs) > 0 {
			pick = cfg.Content.FAQs[0].No
		}
		alt := yamlScalar(q.Text)
		data.Rows = append(data.Rows, unmatchedRow{QuestionCount: q, Why: explain(langOf(r), cfg, d.Explanation),
			Options: faqOptions(cfg, pick), Alt: alt, Snippet: snippet(pick, alt)})
	}
	c.render(w, r, http.StatusOK, "unmatched", data)
}

// snippet is the intents.yaml line adding alt to FAQ no's alternates,
// under a comment saying where it goes. static/admin.js builds the same
// text when the operator picks another FAQ.
func snippet(no int, alt string) string {
	return fmt.Sprintf("# faqs: → - no: %d → alternates:\n      - %s", no, alt)
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
