package intents

import "testing"

// TestDropNames: names in Latin letters and Chinese names after a
// self-introduction go, with the role that leads the name (人事部, HR);
// words of the rules, sentence-initial words and
// abbreviations stay.
func TestDropNames(t *testing.T) {
	m := diffMatchers(t).before
	for in, want := range map[string]string{
		"员工David Miller想问照片要求":             "员工 想问照片要求",
		"员工John的护照":                        "员工 的护照",
		"Hi, this is Anna Schmidt from HR": "Hi, this is   from HR",
		"Renewal of my Work Permit":        "Renewal of my Work Permit",
		"上传PDF格式的合同":                       "上传PDF格式的合同",
		"我是HR王小明，照片有什么要求":                  "我是 ，照片有什么要求",
		"我是人事部张伟，手机号为13712345678":          "我是 ，手机号为13712345678", // the role goes with the name
		"我是外国人，照片有什么要求":                    "我是外国人，照片有什么要求",
		"联系人李娜 电话":                         "联系人  电话",
	} {
		if got := m.dropNames(in); got != want {
			t.Errorf("dropNames(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDropNamesLeavesWordsAlone: a dictionary word after 我是 is not a
// name, and a Latin word that goes on beyond ASCII is not cut in two.
func TestDropNamesLeavesWordsAlone(t *testing.T) {
	m := diffMatchers(t).before
	for _, in := range []string{"我是韩国人，读者证怎么办", "员工André的读者证", "日本人付费的吗"} {
		if got := m.dropNames(in); got != in {
			t.Errorf("dropNames(%q) = %q, want it unchanged", in, got)
		}
	}
}
