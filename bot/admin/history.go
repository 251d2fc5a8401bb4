package admin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents/reload"
)

// The History page: every published version with who, when, the note
// and what changed, newest first; any of them, or the deployed file, is
// one click from being published again.

const historyShown = 30

type historyData struct {
	base
	Local     bool
	Published int64 // just published, to highlight
	Head      int64
	Serving   string
	Versions  []versionView
	Problem   string
}

type versionView struct {
	bot.RulesVersion
	When  string
	What  string // publish, rollback, adoption, in words
	Diff  []diffLine
	Edits []editView
}

func (c *console) history(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	data := historyData{base: c.base(r, s, "History", "history"), Local: !c.d.SharedRules}
	data.Published, _ = strconv.ParseInt(r.URL.Query().Get("published"), 10, 64)
	if c.d.Rules == nil || c.d.Serving == nil {
		data.Problem = l.t("This server cannot publish rules.")
		c.render(w, r, http.StatusOK, viewHistoryPage(data))
		return
	}
	serving := c.d.Serving()
	data.Serving = servingSource(l, serving)
	ctx, cancel := context.WithTimeout(r.Context(), 2*storeTimeout)
	defer cancel()
	versions, err := c.d.Rules.RulesHistory(ctx, historyShown)
	if err == nil && len(versions) > 0 {
		data.Head = versions[0].No
		data.Versions, err = c.versionViews(ctx, l, versions, serving)
	}
	if err != nil {
		data.Problem = fmt.Sprintf(l.t("The shared store did not answer (%s). Nothing was changed; try again in a moment."), err.Error())
		c.render(w, r, http.StatusServiceUnavailable, viewHistoryPage(data))
		return
	}
	c.render(w, r, http.StatusOK, viewHistoryPage(data))
}

// versionViews describes versions and diffs each with the one before it
// (the first with the deployed file, when that is still its base).
func (c *console) versionViews(ctx context.Context, l lang, versions []bot.RulesVersion, serving reload.Serving) ([]versionView, error) {
	texts := map[int64][]byte{}
	text := func(no int64) ([]byte, error) {
		if t, ok := texts[no]; ok {
			return t, nil
		}
		v, err := c.d.Rules.RulesVersion(ctx, no)
		if err != nil {
			return nil, err
		}
		texts[no] = v.Rules
		return v.Rules, nil
	}
	out := make([]versionView, len(versions))
	for i, v := range versions {
		vv := versionView{RulesVersion: v, When: l.when(v.At), Edits: editViews(l, v.Edits)}
		switch {
		case v.Adopted:
			vv.What = l.t("rollback to the deployed file")
		case v.RollbackOf > 0:
			vv.What = fmt.Sprintf(l.t("rollback to version %d"), v.RollbackOf)
		case len(v.Edits) == 0:
			vv.What = l.t("kept the published rules after a deploy")
		default:
			vv.What = fmt.Sprintf(l.t("%d edits"), len(v.Edits))
		}
		cur, err := text(v.No)
		if err != nil {
			return nil, err
		}
		var prev []byte
		switch {
		case v.No > 1:
			if prev, err = text(v.No - 1); err != nil {
				return nil, err
			}
		case v.FileBase == serving.FileVersion:
			prev = serving.File
		}
		if prev != nil {
			vv.Diff = lineDiff(string(prev), string(cur))
		}
		out[i] = vv
	}
	return out, nil
}
