package bot

import "testing"

// TestParseChoice: the ways people type a numbered pick.
func TestParseChoice(t *testing.T) {
	for text, want := range map[string]int{
		"2": 2, "２": 2, "2.": 2, "2。": 2, "2？": 2, "2?": 2, "2，": 2, "(2)": 2, "（2）": 2, "#2": 2,
		"第二个": 2, "第2条": 2, "选2": 2, "2号": 2, "option 2": 2, "Option 2": 2, "No. 2": 2, "no 2": 2, "number 2": 2, "choice 2": 2,
	} {
		if n, ok := parseChoice(text); !ok || n != want {
			t.Errorf("parseChoice(%q) = %d, %v; want %d", text, n, ok, want)
		}
	}
	for _, text := range []string{"", "no", "none", "2 photos", "option", "第", "一百", "100", "0"} {
		if n, ok := parseChoice(text); ok {
			t.Errorf("parseChoice(%q) = %d: want no pick", text, n)
		}
	}
}

func TestAffirms(t *testing.T) {
	for _, text := range []string{"是的", "对", "好的！", "嗯嗯", "yes", "Yes.", "ok", "sure"} {
		if !affirms(text) {
			t.Errorf("affirms(%q) = false", text)
		}
	}
	for _, text := range []string{"不是", "no", "是什么", "好的谢谢你的帮助我还想问", "yes but what about the photo"} {
		if affirms(text) {
			t.Errorf("affirms(%q) = true", text)
		}
	}
}
