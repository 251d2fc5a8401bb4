package kf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/lang"
)

// msgmenu limits: 10 items, an item's id 64 bytes and its text 128, the
// head and tail 1024 each.
const (
	maxItems     = 10
	maxItemBytes = 128
	maxHeadBytes = 1024
)

// Click item ids. A clicked item comes back as a text message whose
// menu_id is the id, so every id says by itself what it means: a menu
// long gone still works.
const (
	idHuman   = "human"  // 转人工
	idNone    = "none"   // 都不是
	prefixFAQ = "faq-"   // faq-<number>: answer that FAQ
	prefixTop = "topic-" // topic-<line>: a line of the topic menu
	prefixSat = "sat-"   // sat-<answer>: a satisfaction answer
	// suffixEn marks the items of a menu shown in English (human.en):
	// what a click on them sends back is in English too.
	suffixEn = ".en"
)

// Satisfaction answers, in the order offered, as counted, and as shown:
// the menu comes when a person ends the conversation, often long after
// the conversation's context (and so its language) has expired, so it is
// in both languages.
var (
	satisfaction      = []string{"满意", "一般", "不满意"}
	satisfactionShown = []string{"满意 Satisfied", "一般 OK", "不满意 Not satisfied"}
)

// Satisfaction texts, in both languages (satisfaction).
const (
	satisfactionHead   = "本次人工服务已结束。请您对这次服务做个评价：\nThe desk has ended this conversation. How did we do?"
	satisfactionThanks = "感谢您的评价！\nThank you for your feedback!"
)

// clarifyMenu offers the FAQs of a clarification as click items, in the
// conversation's language l (English, or else Chinese): an English FAQ
// title where the FAQ has one.
func clarifyMenu(cfg *intents.Config, faqs []int, l lang.Language) menu {
	m := menu{Head: "您想问的是以下哪个问题？请点击选择：", Tail: "也可以回复序号，或换个说法再问一次。"}
	none, human, suffix := "都不是", "转人工", ""
	if l == lang.English {
		m = menu{Head: "Which of these questions do you mean? Tap one:", Tail: "You can also reply with its number, or ask again in other words."}
		none, human, suffix = "None of these", "Talk to a person", suffixEn
	}
	for i, no := range faqs {
		if len(m.Items) == maxItems-2 {
			break
		}
		if f := cfg.FAQ(no); f != nil {
			title := f.Question
			if l == lang.English && f.QuestionEn != "" {
				title = f.QuestionEn
			}
			m.Items = append(m.Items, item{ID: prefixFAQ + strconv.Itoa(no), Content: fmt.Sprintf("%d. %s", i+1, strings.TrimSpace(title))})
		}
	}
	m.Items = append(m.Items, item{ID: idNone + suffix, Content: none}, item{ID: idHuman + suffix, Content: human})
	return m
}

// welcomeMenu is the greeting with the topic menu as click items.
func welcomeMenu(cfg *intents.Config) menu {
	m := menu{Head: "您好，欢迎咨询！请点击您想了解的问题，或直接输入问题："}
	for i, line := range cfg.Rules.Menu {
		if len(m.Items) == maxItems-1 {
			break
		}
		m.Items = append(m.Items, item{ID: prefixTop + strconv.Itoa(i+1), Content: line.Title})
	}
	m.Items = append(m.Items, item{ID: idHuman, Content: "转人工"})
	return m
}

func satisfactionMenu() menu {
	m := menu{Head: satisfactionHead}
	for i, s := range satisfactionShown {
		m.Items = append(m.Items, item{ID: prefixSat + strconv.Itoa(i+1), Content: s})
	}
	return m
}

// click is what a menu_id means.
type click struct {
	faq          int           // a FAQ to answer
	topic        int           // a topic menu line (1-based)
	human, none  bool          // 转人工, 都不是
	satisfaction string        // 满意, 一般, 不满意
	lang         lang.Language // English for an item of a menu shown in English
}

// parseClick reads a menu_id; ok is false for ids this package never
// made.
func parseClick(id string) (c click, ok bool) {
	number := func(prefix string) int {
		n, err := strconv.Atoi(strings.TrimPrefix(id, prefix))
		if err != nil || n <= 0 {
			return 0
		}
		return n
	}
	if base, ok := strings.CutSuffix(id, suffixEn); ok && (base == idHuman || base == idNone) {
		id, c.lang = base, lang.English
	}
	switch {
	case id == idHuman:
		c.human = true
	case id == idNone:
		c.none = true
	case strings.HasPrefix(id, prefixFAQ):
		c.faq = number(prefixFAQ)
		return c, c.faq > 0
	case strings.HasPrefix(id, prefixTop):
		c.topic = number(prefixTop)
		return c, c.topic > 0
	case strings.HasPrefix(id, prefixSat):
		n := number(prefixSat)
		if n < 1 || n > len(satisfaction) {
			return c, false
		}
		c.satisfaction = satisfaction[n-1]
	default:
		return c, false
	}
	return c, true
}

// clip cuts s to at most n bytes, at a character boundary, marking the
// cut with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const more = "…"
	cut := n - len(more)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + more
}
