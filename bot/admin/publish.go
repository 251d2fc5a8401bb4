package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

// Publishing: the draft, a rollback, or a decision about the deployed
// file becomes a new version in the shared store, which every replica's
// reloader loads (intents/reload, Follow). Each is validated exactly as
// `faqbot check` validates before it is stored.

const maxNote = 500 // characters

// publish turns the draft into a new version.
func (c *console) publish(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	if c.d.Rules == nil || c.d.Serving == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	data := impactData{base: c.base(r, s, "Impact", "impact"), Note: strings.TrimSpace(r.PostForm.Get("note"))}
	expect, _ := strconv.ParseInt(r.PostForm.Get("head"), 10, 64)
	status, rules, edits := c.draftRules(r, &data)
	switch {
	case status != http.StatusOK:
	case len(edits) == 0:
		data.Problem, status = l.t("The draft is empty: add a question from Unmatched or Try first."), http.StatusConflict
	case data.Head != expect:
		data.Problem, status = fmt.Sprintf(l.t("Version %d was published after you opened this page. Look at the preview again, then publish."), data.Head), http.StatusConflict
	case data.Edits != r.PostForm.Get("edits"):
		// Another operator added or removed a question meanwhile: what
		// would be published is not what this operator previewed.
		data.Problem, status = l.t("The draft changed after you opened this page. Look at the preview again, then publish."), http.StatusConflict
	case data.Note == "" || utf8.RuneCountInString(data.Note) > maxNote:
		data.Problem, status = fmt.Sprintf(l.t("Write a note of 1 to %d characters saying why: the history shows it."), maxNote), http.StatusBadRequest
	case data.Drop && r.PostForm.Get("confirm") == "":
		data.Problem, status = l.t("Dev-set accuracy drops with this draft. Tick the box to publish it anyway."), http.StatusConflict
	}
	if status != http.StatusOK {
		c.render(w, r, status, viewImpactPageView(data))
		return
	}
	no, err := c.store(r, bot.RulesVersion{Rules: rules, Author: s.Name, Note: data.Note, Edits: edits}, expect, false)
	if err != nil {
		data.Problem = err.Error()
		c.render(w, r, http.StatusConflict, viewImpactPageView(data))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	if err := c.d.Rules.RemoveRulesEdits(ctx, editIDs(edits)...); err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: published edits stay in the draft", slog.String("error", err.Error()))
	}
	http.Redirect(w, r, "/admin/history?published="+strconv.FormatInt(no, 10), http.StatusSeeOther)
}

// store validates v.Rules and stores v after version expect. adopt is
// true when v takes over the deployed file, whose version becomes its
// base; otherwise the base carries over, so that a conflict with the
// file stays visible until an operator resolves it. Errors are sentences
// in the page's language.
func (c *console) store(r *http.Request, v bot.RulesVersion, expect int64, adopt bool) (int64, error) {
	l := langOf(r)
	serving := c.d.Serving()
	if _, err := intents.Parse(serving.FAQName, serving.FAQ, "intents.yaml", v.Rules); err != nil {
		return 0, errors.New(l.t("These rules do not pass the check: ") + err.Error())
	}
	v.At = c.d.Now()
	v.FileBase = serving.FileVersion
	if p := serving.Published; p != nil && serving.Conflict && !adopt {
		v.FileBase = p.FileBase
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	no, err := c.d.Rules.PublishRules(ctx, v, expect)
	switch {
	case errors.Is(err, bot.ErrRulesMoved):
		return 0, errors.New(l.t("Another operator published a version meanwhile. Look at the page again, then repeat."))
	case err != nil:
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin: publishing failed", slog.String("error", err.Error()))
		return 0, fmt.Errorf(l.t("The shared store did not answer (%s). Nothing was changed; try again in a moment."), err.Error())
	}
	c.d.Logger.LogAttrs(r.Context(), slog.LevelInfo, "admin: rules published", slog.Int64("version", no), slog.String("operator", v.Author))
	if c.d.Sync != nil {
		c.d.Sync(ctx)
	}
	return no, nil
}

// rollback publishes an earlier version's text again as a new version;
// version 0 is the deployed file.
func (c *console) rollback(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	if c.d.Rules == nil || c.d.Serving == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	to, err := strconv.ParseInt(r.PostForm.Get("to"), 10, 64)
	if err != nil || to < 0 {
		c.fail(w, r, http.StatusBadRequest, "Which version? The form named none.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	head, err := c.d.Rules.RulesHead(ctx)
	var v bot.RulesVersion
	if err == nil && to > 0 {
		v, err = c.d.Rules.RulesVersion(ctx, to)
	}
	cancel()
	if err != nil {
		c.storeFailed(w, r, "reading a version", err)
		return
	}
	nv := bot.RulesVersion{Author: s.Name, RollbackOf: to, Rules: v.Rules,
		Note: fmt.Sprintf(l.t("Rollback to version %d"), to)}
	if to == 0 {
		nv.Rules, nv.Adopted = c.d.Serving().File, true
		nv.Note = l.t("Rollback to the deployed intents.yaml")
	}
	if note := strings.TrimSpace(r.PostForm.Get("note")); note != "" && utf8.RuneCountInString(note) <= maxNote {
		nv.Note = note
	}
	no, err := c.store(r, nv, head, to == 0)
	if err != nil {
		c.failText(w, r, http.StatusConflict, err.Error())
		return
	}
	http.Redirect(w, r, "/admin/history?published="+strconv.FormatInt(no, 10), http.StatusSeeOther)
}

// keep resolves a conflict with the deployed file in favour of the
// published rules: the same text as a new version based on the file now
// deployed.
func (c *console) keep(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	if c.d.Rules == nil || c.d.Serving == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	rules, head, err := c.publishedBase(ctx)
	cancel()
	if err != nil {
		c.storeFailed(w, r, "reading the latest version", err)
		return
	}
	if head == 0 {
		c.fail(w, r, http.StatusConflict, "Nothing was published: the deployed file serves.")
		return
	}
	no, err := c.store(r, bot.RulesVersion{Rules: rules, Author: s.Name,
		Note: l.t("Kept the published rules over the deployed intents.yaml")}, head, true)
	if err != nil {
		c.failText(w, r, http.StatusConflict, err.Error())
		return
	}
	http.Redirect(w, r, "/admin/history?published="+strconv.FormatInt(no, 10), http.StatusSeeOther)
}

// download sends a version's intents.yaml (?v=N; the latest by default,
// or the deployed file when nothing was published), to commit to git.
func (c *console) download(w http.ResponseWriter, r *http.Request, _ session) {
	if c.d.Rules == nil || c.d.Serving == nil {
		c.fail(w, r, http.StatusNotFound, "This server cannot publish rules.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	var rules []byte
	var err error
	if v := r.URL.Query().Get("v"); v != "" {
		no, perr := strconv.ParseInt(v, 10, 64)
		var rv bot.RulesVersion
		if rv, err = c.d.Rules.RulesVersion(ctx, no); perr != nil || errors.Is(err, bot.ErrNoRulesVersion) {
			c.fail(w, r, http.StatusNotFound, "There is no such version.")
			return
		}
		rules = rv.Rules
	} else {
		rules, _, err = c.publishedBase(ctx)
	}
	if err != nil {
		c.storeFailed(w, r, "reading a version", err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="intents.yaml"`)
	w.Write(rules)
}

// servingSource says in words where the serving rules come from.
func servingSource(l lang, s reload.Serving) string {
	if s.Published == nil {
		return l.t("the deployed intents.yaml (nothing published)")
	}
	return fmt.Sprintf(l.t("published version %d, by %s at %s"), s.Published.No, s.Published.Author, l.when(s.Published.At))
}
