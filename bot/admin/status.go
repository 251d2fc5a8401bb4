package admin

import (
	"context"
	"maps"
	"net/http"
	"slices"
)

// The Status page: which configuration serves, how the last reload went,
// whether Redis answers and how today's messages were answered.

type statusData struct {
	base
	Reported bool // the server reports a Status
	Status
	Matcher string // the version of the matcher the console uses
	FAQs    int
	// Rules says where the serving intents.yaml comes from; Conflict that
	// the deployed file changed after the published version's base.
	Rules      string
	Conflict   bool
	CanPublish bool
	Local      bool
	Counts     []outcomeCount // Status.Today in a fixed order
}

type outcomeCount struct {
	Outcome string
	Count   int64
}

func (c *console) status(w http.ResponseWriter, r *http.Request, s session) {
	cfg := c.d.Matchers.Current().Config()
	data := statusData{base: c.base(r, s, "Status", "status"), Matcher: cfg.Version, FAQs: len(cfg.Content.FAQs),
		CanPublish: c.d.Rules != nil && c.d.Serving != nil, Local: !c.d.SharedRules}
	if c.d.Serving != nil {
		sv := c.d.Serving()
		data.Rules, data.Conflict = servingSource(langOf(r), sv), sv.Conflict
	}
	if c.d.Status != nil {
		ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
		data.Status = c.d.Status(ctx)
		cancel()
		data.Reported = true
	}
	for _, k := range slices.Sorted(maps.Keys(data.Status.Today)) {
		data.Counts = append(data.Counts, outcomeCount{Outcome: k, Count: data.Status.Today[k]})
	}
	c.render(w, r, http.StatusOK, viewStatusPage(data))
}
