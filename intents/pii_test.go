package intents_test

import (
	"testing"
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
}
