package intents_test

import (
	"testing"

	"github.com/kzrh/faqbot/intents"
)

// TestContactDetailsNeitherHelpNorHurt: people paste their names, numbers
// and the employee's passport into a question. On every FAQ's own
// question, such details must not change the decision.
func TestContactDetailsNeitherHelpNorHurt(t *testing.T) {
	m := shippedMatcher(t)
	wraps := []func(string) string{
		func(q string) string { return "您好，我是HR，电话13812345678，座机0755-23456789。" + q },
		func(q string) string {
			return q + " 员工护照E12345678，身份证440301199001011234，邮箱hr.zhang@example.com"
		},
		func(q string) string { return "麻烦回复到微信号 zhang_hr2024 或 13912345678，" + q },
		func(q string) string { return "我是HR王小明，员工David Miller想问：" + q },
		func(q string) string {
			return "Hi, this is Anna Schmidt from ACME HR (anna.schmidt@acme.de, +86 139 1234 5678). " + q
		},
		func(q string) string { return "员工John的护照号是PE1234567，" + q },
		func(q string) string { return "我是人事部张伟，手机号为13712345678，" + q },
	}
	for _, f := range m.Config().Content.FAQs {
		plain := m.Match(f.Question)
		for i, wrap := range wraps {
			q := wrap(f.Question)
			if d := m.Match(q); d.Kind != plain.Kind || d.FAQ != plain.FAQ {
				t.Errorf("FAQ %d, wrapping %d: %q got %s %d, without the details %s %d", f.No, i, q, d.Kind, d.FAQ, plain.Kind, plain.FAQ)
			}
		}
	}
	// The same on the dev set's answered questions, measured and logged
	// (a realistic question is less sure of its answer than a FAQ's own
	// question, and a detail's neighbouring words can still tip it).
	same, all := 0, 0
	for _, ex := range devSet(t) {
		plain := m.Match(ex.Text)
		if plain.Kind != intents.KindAnswer {
			continue
		}
		for _, wrap := range wraps {
			all++
			if d := m.Match(wrap(ex.Text)); d.Kind == plain.Kind && d.FAQ == plain.FAQ {
				same++
			}
		}
	}
	t.Logf("dev set: %d of %d answered questions wrapped in contact details keep their answer (%.1f %%)", same, all, 100*float64(same)/float64(max(all, 1)))
}
