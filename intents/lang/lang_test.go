package lang

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		text string
		want Language
	}{
		// English
		{"What documents do I need to replace the work permit?", English},
		{"hi there", English},
		{"I need to speak to someone", English},
		{"and the contract?", English},
		{"thx", English},
		{"ＨＥＬＬＯ， ｃａｎ ｙｏｕ ｈｅｌｐ", English}, // full-width letters
		{"Résumé photo size", English},
		// Chinese
		{"换发电子证照需要哪些材料", Chinese},
		{"照片有什么要求？", Chinese},
		{"年纪大的呢", Chinese},
		{"１２月１日以后怎么办", Chinese}, // full-width digits are no letters
		// Mixed: a Chinese sentence around English terms
		{"新员工的residence permit要带什么", Chinese},
		{"work permit过期了怎么办", Chinese},
		{"请问work permit和residence permit有什么区别", Chinese},
		{"HR问一下照片要JPG吗", Chinese},
		{"JPG照片", Chinese},
		{"ICAO 9303标准", Chinese},
		{"谢谢ok", Chinese},
		{"ok了", Chinese},
		// Mixed: an English sentence around Chinese names
		{"What is 卡证融合?", English},
		{"How do I find 换发电子证照 in the system?", English},
		{"Where is the 【我的在办件】 menu?", English}, // 我的 is a name in brackets
		{"Do I need to go to 外专局窗口 in person?", English},
		{"what does 在途业务 mean", English},
		{"Is the 申请表 required", English},
		// Nothing to tell by: the conversation keeps its language
		{"1", Unknown},
		{"２", Unknown},
		{"?", Unknown},
		{"？！。", Unknown},
		{"😀👍", Unknown},
		{"   ", Unknown},
		{"", Unknown},
		{"ok", Unknown},
		{"OK!", Unknown},
		{"hi", Unknown},
		{"0755-88121678", Unknown},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.want)
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
		switch Detect(s) {
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
		Detect(texts[i%len(texts)])
	}
}
