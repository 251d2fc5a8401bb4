package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/intents"
)

// The Impact page: paste an edited intents.yaml and see, before saving
// it, whether it is valid and which answers it would change, on the dev
// set and on the questions people actually asked. Nothing is saved.

const pastedName = "intents.yaml (pasted)"

type impactData struct {
	base
	Pasted   string
	Problems []problemView
	Problem  string // why no preview could be made at all
	Ran      bool

	Version       string // of the serving configuration, compared against
	Accuracy      []accuracyRow
	Fixed, Broken []changeView
	Changes       []changeView
	Hidden        int // changes not listed
	Compared      int // distinct questions diffed
	LogProblem    string
}

type problemView struct {
	intents.Problem
	Source string // the offending line of the pasted file
}

type accuracyRow struct {
	Name, Before, After string
	Trend               string // better, worse or same
}

type changeView struct {
	Text          string
	From          string // dev set, logged ×N
	Before, After outcome
}

func (c *console) impactPage(w http.ResponseWriter, r *http.Request, s session) {
	c.render(w, r, http.StatusOK, "impact", impactData{base: c.base(r, s, "Impact", "impact")})
}

func (c *console) impactPreview(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	data := impactData{base: c.base(r, s, "Impact", "impact")}
	pasted := strings.ReplaceAll(r.PostForm.Get("intents"), "\r\n", "\n")
	if len(pasted) > maxIntents {
		data.Problem = fmt.Sprintf(l.t("The pasted file has %d KiB; the preview takes at most %d KiB."), len(pasted)>>10, maxIntents>>10)
		c.render(w, r, http.StatusRequestEntityTooLarge, "impact", data)
		return
	}
	data.Pasted = pasted

	// One preview at a time: each builds a Matcher (a segmentation
	// dictionary, ~0.1 s and tens of MB) and runs the dev set twice.
	select {
	case c.impact <- struct{}{}:
		defer func() { <-c.impact }()
	case <-r.Context().Done():
		return
	}

	before := c.d.Matchers.Current()
	cur := before.Config()
	// The console has the serving configuration, not its files' bytes:
	// faq.yaml is marshalled back from the loaded content. That is the
	// content the bot answers with right now, whatever the file on disk
	// says (it may have changed, or failed to reload), and no request
	// reads the disk.
	faqData, err := yaml.Marshal(&cur.Content)
	if err != nil {
		data.Problem = l.t("The loaded faq.yaml could not be written back as YAML: ") + err.Error()
		c.render(w, r, http.StatusInternalServerError, "impact", data)
		return
	}
	cfg, err := intents.Parse(cur.FAQFile, faqData, pastedName, []byte(pasted))
	if err != nil {
		var ve *intents.ValidationError
		if !errors.As(err, &ve) {
			data.Problem = err.Error()
		}
		data.Problems = problemViews(ve, pasted)
		c.render(w, r, http.StatusUnprocessableEntity, "impact", data)
		return
	}
	after, err := intents.New(cfg)
	if err != nil {
		data.Problem = l.t("The matcher could not be built: ") + err.Error()
		c.render(w, r, http.StatusUnprocessableEntity, "impact", data)
		return
	}

	from := map[string]string{}
	var questions []string
	for _, ex := range c.d.DevSet {
		if from[ex.Text] == "" {
			from[ex.Text] = l.t("dev set")
			questions = append(questions, ex.Text)
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	logged, err := c.d.Store.Questions(ctx, c.d.Now().Add(-impactLogAge), impactLogged)
	cancel()
	if err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: reading the question log failed", slog.String("error", err.Error()))
		data.LogProblem = fmt.Sprintf(l.t("The question log could not be read (%s): only the dev set was compared."), err.Error())
	}
	for _, q := range logged {
		if from[q.Text] == "" {
			from[q.Text] = l.t("logged") + " ×" + strconv.FormatInt(q.Count, 10)
			questions = append(questions, q.Text)
		}
	}

	data.Ran = true
	data.Version = cur.Version
	data.Compared = len(questions)
	cmp := intents.Compare(before, after, c.d.DevSet)
	data.Accuracy = accuracyRows(l, cmp.Before, cmp.After)
	data.Fixed = changeViews(l, cur, cmp.Fixed, from)
	data.Broken = changeViews(l, cur, cmp.Broken, from)
	changes := intents.Diff(before, after, questions)
	if len(changes) > impactShown {
		data.Hidden = len(changes) - impactShown
		changes = changes[:impactShown]
	}
	data.Changes = changeViews(l, cur, changes, from)
	c.render(w, r, http.StatusOK, "impact", data)
}

func problemViews(ve *intents.ValidationError, pasted string) []problemView {
	if ve == nil {
		return nil
	}
	lines := strings.Split(pasted, "\n")
	out := make([]problemView, len(*ve))
	for i, p := range *ve {
		out[i] = problemView{Problem: p}
		if p.File == pastedName && p.Line > 0 && p.Line <= len(lines) {
			out[i].Source = lines[p.Line-1]
		}
	}
	return out
}

func changeViews(l lang, cfg *intents.Config, cs []intents.Change, from map[string]string) []changeView {
	out := make([]changeView, len(cs))
	for i, ch := range cs {
		out[i] = changeView{Text: ch.Text, From: from[ch.Text],
			Before: describe(l, cfg, ch.Before), After: describe(l, cfg, ch.After)}
	}
	return out
}

func accuracyRows(l lang, b, a intents.Report) []accuracyRow {
	share := func(name string, before, after float64, n int) accuracyRow {
		row := accuracyRow{Name: fmt.Sprintf("%s (%d)", l.t(name), n),
			Before: fmt.Sprintf("%.1f%%", 100*before), After: fmt.Sprintf("%.1f%%", 100*after)}
		row.Trend = trend(after-before, row.Before == row.After)
		return row
	}
	wrong := accuracyRow{Name: l.t("wrong answers (the costly error)"),
		Before: strconv.Itoa(b.WrongAnswers), After: strconv.Itoa(a.WrongAnswers)}
	wrong.Trend = trend(float64(b.WrongAnswers-a.WrongAnswers), b.WrongAnswers == a.WrongAnswers)
	return []accuracyRow{
		share("all examples", b.Accuracy(), a.Accuracy(), b.Total),
		share("in scope: answered with a wanted FAQ", b.InScopeAccuracy(), a.InScopeAccuracy(), b.InScope),
		share("out of scope: fell back", b.FallbackAccuracy(), a.FallbackAccuracy(), b.Fallback),
		share("small talk recognised", b.SmallTalkAccuracy(), a.SmallTalkAccuracy(), b.SmallTalk),
		wrong,
	}
}

// trend names the direction of a change where positive is better.
func trend(better float64, same bool) string {
	switch {
	case same:
		return "same"
	case better > 0:
		return "better"
	default:
		return "worse"
	}
}
