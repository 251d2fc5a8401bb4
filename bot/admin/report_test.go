package admin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
)

func TestReportDrawsThirtyBeijingDaysAndTheTopFAQs(t *testing.T) {
	c := newPublishingConsole(t)
	ck, _ := c.signIn(t)
	stats := c.store.(*memstore.Store)
	ctx := context.Background()
	today := time.Now()
	for d, counts := range map[int]map[string]int64{
		0:  {"o:answer": 40, "o:fallback": 10, "o:clarify": 5, "o:handover": 2, "f:3": 30, "f:5": 10},
		1:  {"o:answer": 20, "o:fallback": 2, "f:5": 20},
		29: {"o:smalltalk": 7},
		30: {"o:answer": 1000, "f:6": 1000}, // a day too old to show
	} {
		if err := stats.AddStats(ctx, bot.StatsDay(today.AddDate(0, 0, -d)), "", counts); err != nil {
			t.Fatal(err)
		}
	}
	page := c.do(get("/admin/report", ck)).Body.String()
	for _, want := range []string{
		`<svg id="daily"`, `<svg id="rate"`, `class="o-answer"`, `class="o-handover"`,
		"共 86 条消息", // 57 + 22 + 7: the 31st day is not counted
		"<tr><th><span class=\"key o-fallback\"></span>未能回答</th><td>12</td></tr>",
		"<b>30</b> · FAQ 3 ", "<b>30</b> · FAQ 5 ",
		"<title>" + today.In(bot.Beijing).Format("01-02") + ": 已回答 40, 反问澄清 5, 转人工 2, 未能回答 10</title>",
		"今天 17.5%",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(page, "FAQ 6 ") {
		t.Error("the report counts a day older than 30")
	}
	if n := strings.Count(page, "<g><title>"); n != 30 {
		t.Errorf("%d bars, want 30", n)
	}
	if t.Failed() {
		t.Logf("page:\n%s", page)
	}
}
