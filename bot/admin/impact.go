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

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
)

// The Impact page: the draft, and what it would change before it is
// published: which answers change, on the dev set and on the questions
// people actually asked, and accuracy before and after. An operator may
// also paste a whole edited intents.yaml to see its impact; that is only
// a preview.

const (
	pastedName = "intents.yaml (pasted)"
	draftName  = "intents.yaml (draft)"
)

type impactData struct {
	base
	Pasted   string
	Problems []problemView
	Problem  string // why no preview could be made at all
	Ran      bool

	// The draft and publishing.
	CanPublish bool // a rules store is configured
	Local      bool // …in this process only
	Draft      []editView
	Head       int64 // the version the preview is against
	// Edits are the ids of the draft's edits the preview shows, in order:
	// publishing checks that the draft is still those (draftIDs).
	Edits string
	Drop  bool // dev-set accuracy drops: publishing needs a confirmation
	Note  string

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
	Source string // the offending line of the edited file
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

// impactPage shows the draft and, when it holds edits, their preview.
func (c *console) impactPage(w http.ResponseWriter, r *http.Request, s session) {
	data := impactData{base: c.base(r, s, "Impact", "impact")}
	status := c.draftPreview(r, &data)
	c.render(w, r, status, viewImpactPageView(data))
}

// draftPreview fills data with the draft and its preview; it returns the
// page's HTTP status, and the draft's rules when they could be built.
func (c *console) draftPreview(r *http.Request, data *impactData) int {
	status, _, _ := c.draftRules(r, data)
	return status
}

func (c *console) draftRules(r *http.Request, data *impactData) (int, []byte, []bot.RulesEdit) {
	l := langOf(r)
	if c.d.Rules == nil || c.d.Serving == nil {
		return http.StatusOK, nil, nil
	}
	data.CanPublish, data.Local = true, !c.d.SharedRules
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	edits, err := c.d.Rules.RulesDraft(ctx)
	var base []byte
	if err == nil {
		base, data.Head, err = c.publishedBase(ctx)
	}
	cancel()
	if err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: the rules store failed", slog.String("error", err.Error()))
		data.Problem = fmt.Sprintf(l.t("The shared store did not answer (%s). Nothing was changed; try again in a moment."), err.Error())
		return http.StatusServiceUnavailable, nil, nil
	}
	data.Draft = editViews(l, edits)
	data.Edits = draftIDs(edits)
	if len(edits) == 0 {
		return http.StatusOK, nil, nil
	}
	rules, err := applyEdits(base, edits)
	if err != nil {
		data.Problem = l.t("The draft cannot be applied to the rules: ") + err.Error()
		return http.StatusUnprocessableEntity, nil, nil
	}
	if status := c.preview(r, data, draftName, rules); status != http.StatusOK {
		return status, nil, nil
	}
	return http.StatusOK, rules, edits
}

// editIDs returns the ids of edits, in order.
func editIDs(edits []bot.RulesEdit) []string {
	ids := make([]string, len(edits))
	for i, e := range edits {
		ids[i] = e.ID
	}
	return ids
}

// draftIDs names a draft by its edits' ids, in order.
func draftIDs(edits []bot.RulesEdit) string { return strings.Join(editIDs(edits), ",") }

// publishedBase is the text the draft applies to: the latest published
// version, or the deployed file when none was published; with its
// version number (0 for the file).
func (c *console) publishedBase(ctx context.Context) ([]byte, int64, error) {
	head, err := c.d.Rules.RulesHead(ctx)
	if err != nil {
		return nil, 0, err
	}
	if head == 0 {
		return c.d.Serving().File, 0, nil
	}
	v, err := c.d.Rules.RulesVersion(ctx, head)
	return v.Rules, head, err
}

func (c *console) impactPreview(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	data := impactData{base: c.base(r, s, "Impact", "impact")}
	pasted := strings.ReplaceAll(r.PostForm.Get("intents"), "\r\n", "\n")
	if len(pasted) > maxIntents {
		data.Problem = fmt.Sprintf(l.t("The pasted file has %d KiB; the preview takes at most %d KiB."), len(pasted)>>10, maxIntents>>10)
		c.render(w, r, http.StatusRequestEntityTooLarge, viewImpactPageView(data))
		return
	}
	data.Pasted = pasted
	status := c.preview(r, &data, pastedName, []byte(pasted))
	c.render(w, r, status, viewImpactPageView(data))
}

// serving is faq.yaml as the serving configuration was built from it.
func (c *console) servingFAQ(cur *intents.Config) (string, []byte, error) {
	if c.d.Serving != nil {
		s := c.d.Serving()
		return s.FAQName, s.FAQ, nil
	}
	// Without the reloader the console has the serving configuration, not
	// its files' bytes: faq.yaml is marshalled back from the loaded
	// content.
	data, err := yaml.Marshal(&cur.Content)
	return cur.FAQFile, data, err
}

// preview validates rules exactly as `faqbot check` does and compares
// them with the serving configuration; it fills data and returns the
// page's HTTP status.
func (c *console) preview(r *http.Request, data *impactData, name string, rules []byte) int {
	l := langOf(r)
	// One preview at a time: each builds a Matcher (a segmentation
	// dictionary, ~0.1 s and tens of MB) and runs the dev set twice.
	select {
	case c.impact <- struct{}{}:
		defer func() { <-c.impact }()
	case <-r.Context().Done():
		return http.StatusServiceUnavailable
	}

	before := c.d.Matchers.Current()
	cur := before.Config()
	faqName, faqData, err := c.servingFAQ(cur)
	if err != nil {
		data.Problem = l.t("The loaded faq.yaml could not be written back as YAML: ") + err.Error()
		return http.StatusInternalServerError
	}
	cfg, err := intents.Parse(faqName, faqData, name, rules)
	if err != nil {
		var ve *intents.ValidationError
		if !errors.As(err, &ve) {
			data.Problem = err.Error()
		}
		data.Problems = problemViews(ve, name, string(rules))
		return http.StatusUnprocessableEntity
	}
	after, err := intents.New(cfg)
	if err != nil {
		data.Problem = l.t("The matcher could not be built: ") + err.Error()
		return http.StatusUnprocessableEntity
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
	var loggedTexts []string
	for _, q := range logged {
		loggedTexts = append(loggedTexts, q.Text)
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
	if len(loggedTexts) > 0 {
		data.Accuracy = append(data.Accuracy, answeredRow(l, before, after, loggedTexts))
	}
	data.Drop = len(c.d.DevSet) > 0 && cmp.After.Accuracy() < cmp.Before.Accuracy()
	data.Fixed = changeViews(l, cur, cmp.Fixed, from)
	data.Broken = changeViews(l, cur, cmp.Broken, from)
	changes := intents.Diff(before, after, questions)
	if len(changes) > impactShown {
		data.Hidden = len(changes) - impactShown
		changes = changes[:impactShown]
	}
	data.Changes = changeViews(l, cur, changes, from)
	return http.StatusOK
}

// answeredRow is the share of the logged questions that get an answer:
// they carry no label, so that is what "accuracy" can mean for them.
func answeredRow(l lang, before, after *intents.Matcher, qs []string) accuracyRow {
	share := func(m *intents.Matcher) float64 {
		n := 0
		for _, q := range qs {
			if m.Match(q).Kind == intents.KindAnswer {
				n++
			}
		}
		return float64(n) / float64(len(qs))
	}
	b, a := share(before), share(after)
	row := accuracyRow{Name: fmt.Sprintf("%s (%d)", l.t("logged questions answered"), len(qs)),
		Before: fmt.Sprintf("%.1f%%", 100*b), After: fmt.Sprintf("%.1f%%", 100*a)}
	row.Trend = trend(a-b, row.Before == row.After)
	return row
}

func problemViews(ve *intents.ValidationError, name, text string) []problemView {
	if ve == nil {
		return nil
	}
	lines := strings.Split(text, "\n")
	out := make([]problemView, len(*ve))
	for i, p := range *ve {
		out[i] = problemView{Problem: p}
		if p.File == name && p.Line > 0 && p.Line <= len(lines) {
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
