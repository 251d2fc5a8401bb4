package admin

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// The Report page: messages per Beijing-time day over the last 30 days by
// outcome, the fallback rate's trend and the most answered FAQs, summed
// over every replica (bot.StatsStore), drawn as SVG on the server.

const (
	reportDays = 30
	topFAQs    = 10
	// The charts' drawing area, in SVG units.
	chartW, chartH = 720, 220
	rateH          = 120
)

// reportOutcomes are the outcomes the report shows, bottom of a bar first.
var reportOutcomes = []string{"answer", "clarify", "smalltalk", "handover", "fallback"}

type reportData struct {
	base
	Problem string
	Local   bool
	From    string // first and last day shown
	To      string
	Legend  []legendItem
	Bars    []barView
	Ticks   []tickView
	Max     int64 // messages on the busiest day
	Rate    rateView
	Totals  []outcomeCount
	Top     []topFAQ
	Total   int64
}

type legendItem struct{ Class, Label string }

type barView struct {
	X, W     float64
	Segments []segment
	Title    string // day and counts, the bar's tooltip
}

type segment struct {
	Y, H  float64
	Class string
}

type tickView struct {
	X     float64
	Label string
}

type rateView struct {
	Points string // the polyline
	Dots   []dot
	Top    string // the axis's top value, e.g. 20%
	Last   string // the last day's rate
}

type dot struct {
	X, Y  float64
	Title string
}

type topFAQ struct {
	No    int
	Title string
	Count int64
	W     float64 // bar length in %
}

func (c *console) report(w http.ResponseWriter, r *http.Request, s session) {
	l := langOf(r)
	data := reportData{base: c.base(r, s, "Report", "report"), Local: !c.d.SharedRules}
	if c.d.Stats == nil {
		data.Problem = l.t("This server keeps no daily counts.")
		c.render(w, r, http.StatusOK, viewReportPage(data))
		return
	}
	today := c.d.Now().In(bot.Beijing)
	days := make([]string, reportDays)
	dates := make([]time.Time, reportDays)
	for i := range days {
		dates[i] = today.AddDate(0, 0, i-reportDays+1)
		days[i] = bot.StatsDay(dates[i])
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	stats, err := c.d.Stats.Stats(ctx, days)
	cancel()
	if err != nil {
		data.Problem = fmt.Sprintf(l.t("The shared store did not answer (%s). Nothing was changed; try again in a moment."), err.Error())
		c.render(w, r, http.StatusServiceUnavailable, viewReportPage(data))
		return
	}
	data.From, data.To = dates[0].Format("2006-01-02"), dates[len(dates)-1].Format("2006-01-02")
	for _, o := range reportOutcomes {
		data.Legend = append(data.Legend, legendItem{Class: "o-" + o, Label: l.t(kindText(o))})
	}
	c.drawReport(l, &data, dates, stats)
	c.render(w, r, http.StatusOK, viewReportPage(data))
}

// drawReport lays out the charts and tables from the days' counters.
func (c *console) drawReport(l lang, data *reportData, dates []time.Time, stats []map[string]int64) {
	totals := map[string]int64{}
	faqs := map[int]int64{}
	dayTotal := make([]int64, len(stats))
	for i, st := range stats {
		for _, o := range reportOutcomes {
			dayTotal[i] += st["o:"+o]
			totals[o] += st["o:"+o]
		}
		for k, n := range st {
			if no, ok := strings.CutPrefix(k, "f:"); ok {
				if faq, err := strconv.Atoi(no); err == nil {
					faqs[faq] += n
				}
			}
		}
		data.Max = max(data.Max, dayTotal[i])
		data.Total += dayTotal[i]
	}
	scale := 1.0
	if data.Max > 0 {
		scale = chartH / float64(data.Max)
	}
	slot := float64(chartW) / float64(len(stats))
	var maxRate float64
	rates := make([]float64, len(stats))
	for i, st := range stats {
		if dayTotal[i] > 0 {
			rates[i] = float64(st["o:fallback"]) / float64(dayTotal[i])
			maxRate = max(maxRate, rates[i])
		}
	}
	// The rate axis ends at the next 10% above the highest rate.
	top := max(0.1, float64(int(maxRate*10)+1)/10)
	if top > 1 {
		top = 1
	}
	var points []string
	for i, st := range stats {
		x := float64(i) * slot
		bar := barView{X: x + 1, W: slot - 2}
		y := float64(chartH)
		var parts []string
		for _, o := range reportOutcomes {
			n := st["o:"+o]
			if n == 0 {
				continue
			}
			h := float64(n) * scale
			y -= h
			bar.Segments = append(bar.Segments, segment{Y: y, H: h, Class: "o-" + o})
			parts = append(parts, fmt.Sprintf("%s %d", l.t(kindText(o)), n))
		}
		date := dates[i].Format("01-02")
		bar.Title = date + ": " + strings.Join(parts, ", ")
		if len(parts) == 0 {
			bar.Title = date + ": " + l.t("no messages")
		}
		data.Bars = append(data.Bars, bar)
		if i%5 == 0 || i == len(stats)-1 {
			data.Ticks = append(data.Ticks, tickView{X: x + slot/2, Label: date})
		}
		if dayTotal[i] > 0 {
			cx, cy := x+slot/2, float64(rateH)*(1-rates[i]/top)
			points = append(points, fmt.Sprintf("%.1f,%.1f", cx, cy))
			data.Rate.Dots = append(data.Rate.Dots, dot{X: cx, Y: cy, Title: fmt.Sprintf("%s: %.1f%%", date, 100*rates[i])})
		}
	}
	data.Rate.Points = strings.Join(points, " ")
	data.Rate.Top = fmt.Sprintf("%.0f%%", 100*top)
	if last := len(stats) - 1; dayTotal[last] > 0 {
		data.Rate.Last = fmt.Sprintf("%.1f%%", 100*rates[last])
	}
	for _, o := range reportOutcomes {
		data.Totals = append(data.Totals, outcomeCount{Outcome: o, Count: totals[o]})
	}
	cfg := c.d.Matchers.Current().Config()
	for no, n := range faqs {
		data.Top = append(data.Top, topFAQ{No: no, Title: faqTitle(l, cfg, no, ""), Count: n})
	}
	slices.SortFunc(data.Top, func(a, b topFAQ) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.No, b.No)) })
	if len(data.Top) > topFAQs {
		data.Top = data.Top[:topFAQs]
	}
	for i := range data.Top {
		data.Top[i].W = 100 * float64(data.Top[i].Count) / float64(data.Top[0].Count)
	}
}
