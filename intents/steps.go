package intents

// What comes next. In a conversation, 审批通过后呢, 交上去以后还要干嘛 and
// what happens after approval? ask for the step after one the answer
// just given describes: 审批通过后，需下载新版的《工作许可通知》… The
// message names little of its own (审批, 通过), which many FAQs share, and
// falls back on its own; the FAQ answered last is what it continues when
// that answer tells steps in order and the message names nothing it does
// not speak of (decide.go). It is a fact of the answer's text, found the
// same way in a FAQ added later, and it changes nothing outside a
// conversation: a question of its own on what to do after something is
// read as any other.

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	// nextHan are the phrases that ask what comes after: a message that
	// ends in 之后呢, 然后呢, 后呢 or 下一步呢, and 下一步, 接下来, 后续 or
	// 还要做什么 anywhere (交上去以后还要干嘛). Not 12月1号以后呢, a date
	// (datedAfter), nor 以后 inside a question of its own (换完以后旧卡要
	// 交回吗).
	nextEnd   = regexp.MustCompile(`(?:之后|以后|然后|后面|后来|接下来|下一步|后)呢?$`)
	nextAny   = regexp.MustCompile(`下一步|接下来|后续|(?:还要|还需要|还得|再)(?:干嘛|干啥|做什么|做啥|办什么|弄什么)`)
	datedNext = regexp.MustCompile(`(?:[0-9一二三四五六七八九十]+\s*(?:号|日|月|年)|今天|明天|昨天)\s*(?:之后|以后|后)`)
	// nextEn: what next, next step, then what, and then, after that,
	// afterwards, after approval.
	afterWhat = map[string]bool{"that": true, "this": true, "it": true, "approval": true, "approved": true, "submission": true, "submitting": true, "submit": true, "entry": true, "arrival": true, "registration": true, "registering": true}
	// stepsHan and stepsEn find an answer that tells steps in order: a
	// step and what follows it (审批通过后，…; 提交完成后，…; not 卡证融合
	// 后 or 12月1号之后, a time, nor 申请后 of a rule that holds after an
	// application), or the words that chain steps (然后, 先挂失，再补办).
	stepsHan = regexp.MustCompile(`(?:通过|完成|提交|审批|审核|办结|入境|注册|受理|批准|获批|下载|领取|扫描|登录)(?:之|以)?后|然后|随后|接着|下一步|先[^。；]*再`)
	stepsEn  = regexp.MustCompile(`(?i)\b(?:after|once)\s+(?:the\s+|it\s+is\s+|it's\s+)?(?:approv|submi|regist|entr|enter|arriv|log|download|scan|complet)|\bthen\b|\bnext step`)
)

// asksNextStep reports whether a short message asks what comes next.
// Only messages of a few words ask so (thirty characters, twelve English
// words): a long one says what it is about.
func asksNextStep(text string) bool {
	n := strings.TrimSpace(norm(text))
	if hasHan(n) && utf8.RuneCountInString(n) <= 30 && !datedNext.MatchString(n) && (nextEnd.MatchString(n) || nextAny.MatchString(n)) {
		return true
	}
	if !hasASCIILetter(n) {
		return false
	}
	w := letterWords(n)
	if len(w) > 12 {
		return false
	}
	for i, word := range w {
		switch {
		case word == "next" && (i == 0 || w[i-1] == "what" || w[i-1] == "s") || word == "next" && i+1 < len(w) && (w[i+1] == "step" || w[i+1] == "steps"):
			return true
		case word == "afterwards" || word == "afterward":
			return true
		case word == "then" && (i == 0 && len(w) <= 3 || i == len(w)-1 || i+1 < len(w) && w[i+1] == "what"):
			return true
		case word == "after" && i+1 < len(w) && afterWhat[w[i+1]]:
			return true
		}
	}
	return false
}

// tellsSteps reports whether a FAQ's answer tells steps in order.
func tellsSteps(f FAQ) bool {
	return stepsHan.MatchString(f.Answer) || stepsEn.MatchString(f.AnswerEn)
}
