package pii_test

import (
	"strings"
	"testing"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/pii"
)

// TestMaskRemovesPersonalData: what is logged for operators keeps the
// question and loses phone, ID, passport numbers and e-mail addresses,
// in the forms people type them (after normalisation, as logged).
func TestMaskRemovesPersonalData(t *testing.T) {
	for _, tc := range []struct{ in, secret string }{
		{"我手机13812345678回电", "13812345678"},
		{"电话 138 1234 5678", "1234 5678"},
		{"+86 13812345678", "13812345678"},
		{"座机(0755)88887777找我", "88887777"},
		{"座机0755-2345 6789", "2345 6789"},
		{"分机88887777", "88887777"},
		{"身份证440301199001011234", "440301199001011234"},
		{"身份证44030119900101123X", "44030119900101123x"},
		{"护照E12345678过期", "e12345678"},
		{"passport PE1234567", "pe1234567"},
		{"邮箱hr.zhang@example.com.cn", "example"},
		{"我微信号 zhang_hr2024 加一下", "zhang_hr2024"},
		{"wxid_abc123xyz", "abc123xyz"},
		{"我的微信号是abc_def88", "abc_def88"},
		{"my wechat id is john_doe88", "john_doe88"},
		{"加我微信 lily_2024", "lily_2024"},
		{"我的手机138.1234.5678，办证要多久", "1234.5678"},
		{"护照号 E 1234 5678 过期了", "1234 5678"},
		{"passport no. 123 456 789 expired", "456 789"},
	} {
		got := pii.Mask(intents.Normalize(tc.in))
		if strings.Contains(got, tc.secret) || strings.Contains(got, strings.ReplaceAll(tc.secret, " ", "")) {
			t.Errorf("Mask(%q) = %q keeps %q", tc.in, got, tc.secret)
		}
	}
	for _, keep := range []string{"咨询电话0755-88121678是多少", "咨询电话075588121678", "照片354x472像素", "合同90天内", "2024年12月1日以后",
		// Words after wechat are questions, not handles.
		"wechat payment with e social security card", "can i apply through wechat applet", "register via wechat official account"} {
		n := intents.Normalize(keep)
		if got := pii.Mask(n); got != n {
			t.Errorf("Mask(%q) = %q, want it unchanged", n, got)
		}
	}
}

// TestRemoveDropsDetailsAndTheirLabels: what the matcher sees keeps the
// question and loses each detail with the word that labels it, and with
// the request to reply there that leads the label.
func TestRemoveDropsDetailsAndTheirLabels(t *testing.T) {
	for in, want := range map[string]string{
		"员工护照e12345678 照片要求":  "员工  照片要求",
		"手机 13812345678 回电":   "  回电",
		"邮箱hr@example.com 合同": "  合同",
		"照片有什么要求":             "照片有什么要求",
		// tel is a label as a word, not inside hotel.
		"hotel 88887777 near the office": "hotel   near the office",
		"护照号 e 1234 5678 过期了":            "  过期了",
		// A request to be answered there goes with the label.
		"麻烦回复到微信号 zhang_hr2024 照片要求": "  照片要求",
		"联系我电话13812345678 合同":        "  合同",
		"材料可以发到邮箱 hr@example.com 吗":  "材料可以发到  吗", // sending is the question's
		"证件寄回手机 13812345678 上":       "证件寄回  上",
		"回复我 13812345678":            "回复我  ", // no label: the request stays
	} {
		if got := pii.Remove(in); got != want {
			t.Errorf("Remove(%q) = %q, want %q", in, got, want)
		}
	}
}
