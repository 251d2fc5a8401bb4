package lang

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		text string
		want Language
		weak bool // not firm
	}{
		// English
		{text: "What documents do I need to replace the work permit?", want: English},
		{text: "hi there", want: English},
		{text: "I need to speak to someone", want: English},
		{text: "and the contract?", want: English},
		{text: "thx", want: English},
		{text: "ＨＥＬＬＯ， ｃａｎ ｙｏｕ ｈｅｌｐ", want: English}, // full-width letters
		{text: "Résumé photo size", want: English},
		// Chinese
		{text: "换发电子证照需要哪些材料", want: Chinese},
		{text: "照片有什么要求？", want: Chinese},
		{text: "年纪大的呢", want: Chinese},
		{text: "１２月１日以后怎么办", want: Chinese}, // full-width digits are no letters
		// Mixed: a Chinese sentence around English terms
		{text: "新员工的residence permit要带什么", want: Chinese},
		{text: "work permit过期了怎么办", want: Chinese},
		{text: "请问work permit和residence permit有什么区别", want: Chinese},
		{text: "HR问一下照片要JPG吗", want: Chinese},
		{text: "JPG照片", want: Chinese},
		{text: "ICAO 9303标准", want: Chinese},
		{text: "谢谢ok", want: Chinese},
		{text: "ok了", want: Chinese},
		// Mixed: an English sentence around Chinese names
		{text: "What is 卡证融合?", want: English},
		{text: "How do I find 换发电子证照 in the system?", want: English},
		{text: "Where is the 【我的在办件】 menu?", want: English}, // 我的 is a name in brackets
		{text: "Do I need to go to 外专局窗口 in person?", want: English},
		{text: "what does 在途业务 mean", want: English},
		{text: "Is the 申请表 required", want: English},
		// Nothing to tell by: the conversation keeps its language
		{text: "1", want: Unknown, weak: true},
		{text: "２", want: Unknown, weak: true},
		{text: "?", want: Unknown, weak: true},
		{text: "？！。", want: Unknown, weak: true},
		{text: "😀👍", want: Unknown, weak: true},
		{text: "   ", want: Unknown, weak: true},
		{text: "", want: Unknown, weak: true},
		{text: "ok", want: English, weak: true},
		{text: "OK!", want: English, weak: true},
		{text: "hi", want: English, weak: true},
		{text: "0755-88121678", want: Unknown, weak: true},
		// Web addresses are no words: the sentence around them decides.
		{text: "fwp.safea.gov.cn登录不上", want: Chinese},
		{text: "https://fwp.safea.gov.cn/lhgzweb/ 打不开", want: Chinese},
		{text: "The site fwp.safea.gov.cn does not open", want: English},
		{text: "fwp.safea.gov.cn", want: Unknown, weak: true},
		// Abbreviations alone do not switch a conversation.
		{text: "PNG?", want: English, weak: true},
		{text: "USCC", want: English, weak: true},
	}
	for _, tt := range tests {
		if got, firm := Detect(tt.text); got != tt.want || firm == tt.weak {
			t.Errorf("Detect(%q) = %q, firm %v; want %q, firm %v", tt.text, got, firm, tt.want, !tt.weak)
		}
	}
}

// TestNextKeepsTheConversationsLanguage: a message with no letters, or a
// lone ok or hi, leaves a conversation in the language it has; a lone hi
// starts a new one in English.
func TestNextKeepsTheConversationsLanguage(t *testing.T) {
	tests := []struct {
		prev Language
		text string
		want Language
	}{
		{Unknown, "1", Unknown},
		{Unknown, "hi", English},
		{Unknown, "照片有什么要求", Chinese},
		{English, "1", English},
		{English, "？", English},
		{English, "and the contract?", English},
		{English, "照片有什么要求", Chinese},
		{English, "新员工的residence permit要带什么", Chinese},
		{Chinese, "2", Chinese},
		{Chinese, "ok", Chinese},
		{Chinese, "OK", Chinese},
		{Chinese, "PNG?", Chinese},
		{Chinese, "fwp.safea.gov.cn登录不上", Chinese},
		{Chinese, "hi there", English},
		{Chinese, "What is 卡证融合?", English},
	}
	for _, tt := range tests {
		if got := Next(tt.prev, tt.text); got != tt.want {
			t.Errorf("Next(%q, %q) = %q, want %q", tt.prev, tt.text, got, tt.want)
		}
	}
}

func TestOrFallsBackOnlyWhenUnknown(t *testing.T) {
	if got := Unknown.Or(English); got != English {
		t.Errorf("Unknown.Or(English) = %q", got)
	}
	if got := Chinese.Or(English); got != Chinese {
		t.Errorf("Chinese.Or(English) = %q", got)
	}
}

func TestParseAcceptsOnlyKnownTags(t *testing.T) {
	for s, want := range map[string]Language{"zh": Chinese, "en": English, "": Unknown, "fr": Unknown, "EN": Unknown} {
		if got := Parse(s); got != want {
			t.Errorf("Parse(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzDetectNeverPanics(f *testing.F) {
	f.Add("新员工的residence permit要带什么")
	f.Add("【】】】((")
	f.Fuzz(func(t *testing.T, s string) {
		switch l, _ := Detect(s); l {
		case Unknown, Chinese, English:
		default:
			t.Fatalf("Detect(%q) returned an unknown language", s)
		}
	})
}

// BenchmarkDetect measures detection on typical messages: it runs once per
// message, before matching.
func BenchmarkDetect(b *testing.B) {
	texts := []string{"换发电子证照需要哪些材料", "What documents do I need to replace the work permit?", "新员工的residence permit要带什么", "1"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _ = Detect(texts[i%len(texts)])
	}
}
