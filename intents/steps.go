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
	// nextHan are the phrases that ask what comes after: 之后呢, 以后
	// 还要干嘛, 下一步, 接下来; and a stage followed by an ask: 通过后呢,
	// 审批下来后怎么拿 (后 then 呢, 怎么, 还, 要, 需要, 该, 再, 做, 干).
	nextHan = regexp.MustCompile(`之后|以后|然后|后面|后来|接下来|下一步|后续|还要干|还要做|还需要做|还得做|还要办|还需要办|后(?:呢|怎么|怎样|如何|还|要|需要|该|再|做|干)`)
	// nextEn: what next, next step, then what, and after that, after
	// approval, once approved, afterwards.
	nextEn = map[string]bool{"next": true, "after": true, "afterwards": true, "afterward": true, "once": true, "then": true}
	// stepsHan and stepsEn find an answer that tells steps in order: a
	// step and what follows it (审批通过后，…; 提交完成后，…; not 卡证融合
	// 后 or 12月1号之后, a date), or the words that chain steps (然后,
	// 先挂失，再补办).
	stepsHan = regexp.MustCompile(`(?:通过|完成|提交|审批|审核|办结|入境|注册|受理|批准|获批|下载|领取|扫描|登录|申请)(?:之|以)?后|然后|随后|接着|下一步|先[^。；]*再`)
	stepsEn  = regexp.MustCompile(`(?i)\b(?:after|once)\s+(?:the\s+|it\s+is\s+|it's\s+)?(?:approv|submi|regist|entr|enter|arriv|log|download|scan|complet)|\bthen\b|\bnext step`)
)

// asksNextStep reports whether a short message asks what comes next.
// Only messages of a few words ask so (thirty characters, twelve English
// words): a long one says what it is about.
func asksNextStep(text string) bool {
	n := norm(text)
	if nextHan.MatchString(n) && utf8.RuneCountInString(n) <= 30 {
		return true
	}
	if !hasASCIILetter(n) {
		return false
	}
	w := letterWords(n)
	if len(w) > 12 {
		return false
	}
	for _, word := range w {
		if nextEn[word] {
			return true
		}
	}
	return false
}

// tellsSteps reports whether a FAQ's answer tells steps in order.
func tellsSteps(f FAQ) bool {
	return stepsHan.MatchString(f.Answer) || stepsEn.MatchString(f.AnswerEn) || strings.Contains(f.Answer, "流程")
}
