package bot

import (
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// parseChoice reads a reply that picks a numbered option: 2, ２, 2., 第二个,
// 选2, 2号. It reports false for anything else, which is then treated as a
// new question.
func parseChoice(text string) (int, bool) {
	s := strings.TrimSpace(width.Fold.String(text))
	s = strings.TrimRight(s, ".。、)） !！")
	s = strings.TrimPrefix(s, "选")
	s = strings.TrimPrefix(s, "第")
	for _, suffix := range []string{"个问题", "个", "条", "项", "号", "题"} {
		s = strings.TrimSuffix(s, suffix)
	}
	if s == "" || len(s) > 6 {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 100 {
		return n, true
	}
	if n := strings.Index("一二三四五六七八九", s); n >= 0 && len(s) == len("一") {
		return n/len("一") + 1, true
	}
	return 0, false
}
