package bot

import (
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// parseChoice reads a reply that picks a numbered option: 2, ２, 2., 2？,
// (2), #2, 第二个, 选2, 2号, option 2, No. 2. It reports false for anything
// else, which is then treated as a new question.
func parseChoice(text string) (int, bool) {
	s := strings.ToLower(strings.TrimSpace(width.Fold.String(text)))
	s = strings.TrimRight(s, ".。、)） !！?？,，")
	for _, p := range []string{"option", "number", "choice", "no.", "no"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	s = strings.TrimLeft(s, " #(（")
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

// affirms reports whether a reply says yes: to a clarification that
// offered one FAQ (您是想问这个问题吗？), it picks that FAQ.
func affirms(text string) bool {
	s := strings.ToLower(strings.TrimSpace(width.Fold.String(text)))
	s = strings.Trim(s, ".。、!！?？,， ~～")
	return affirmatives[s]
}

var affirmatives = map[string]bool{
	"是": true, "是的": true, "对": true, "对的": true, "对对": true, "好": true, "好的": true, "嗯": true, "嗯嗯": true,
	"可以": true, "要": true, "是这个": true, "就是这个": true, "没错": true,
	"yes": true, "y": true, "yeah": true, "yep": true, "ok": true, "okay": true, "sure": true, "right": true, "correct": true,
}
