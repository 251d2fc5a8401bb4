package intents

// The decision about a message, in one place: small talk, answer, clarify
// or fallback, and how a conversation's context changes it. Every number
// it uses is learned (calibrate.go) or set in intents.yaml.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// judgement is the model's reading of one text.
type judgement struct {
	a      analysis
	x      []feature
	probs  []float64
	rank   ranking
	v      verdict
	syn    []SynonymUse
	usedCx *ContextUsage
	// exact: the message has the words of an example question of class
	// exactClass, read whole (not split: splitCompounds).
	exact      bool
	exactClass int32
	// settled: a clarification that the conversation's context settled
	// in favour of the FAQ it is about.
	settled bool
	// contrast: the context settled on one FAQ, and the message's own
	// words rank another of its topic first, which answers (contrast).
	contrast bool
	// sentence is the sentence of a longer message that was read alone
	// (bySentence), or "".
	sentence string
}

func (m *Matcher) judge(text string, explain bool, cx string) judgement {
	var j judgement
	var syn *[]SynonymUse
	if explain {
		syn = &j.syn
	}
	whole := m.analyse(text, syn)
	j.a = m.splitCompounds(whole)
	md := m.model
	if cx == "" {
		j.x = m.vectorOf(j.a)
	} else {
		// The context's features join the message's at context.weight;
		// a feature both have keeps the message's value.
		fs := m.featureMap(j.a)
		j.x = md.vector(fs, 1, nil)
		ctx := m.featureMap(m.splitCompounds(m.analyse(cx, nil)))
		for name := range fs {
			delete(ctx, name)
		}
		j.x = md.vector(ctx, m.cfg.Rules.Context.Weight, j.x)
	}
	if len(j.x) == 0 {
		j.v = verdict{kind: KindFallback}
		return j
	}
	probs, top := md.probabilitiesOf(j.x, nil, m.unknownShare(j.a))
	j.probs = probs
	j.rank = md.rank(probs, top, m.cfg.Rules.Decision.MaxSuggestions)
	j.v = j.rank.verdict(md.cal)
	if c, ok := md.exact[exactKey(whole)]; ok && c >= 0 && cx == "" {
		// The words of an example question: answer as the operator taught.
		if c == md.noneClass() {
			j.v = verdict{kind: KindFallback}
		} else {
			j.v = verdict{kind: KindAnswer, class: c}
		}
		j.exact, j.exactClass = true, c
	}
	return j
}

// probabilitiesOf scores features x against every class as a message is
// judged, the examples of out left out (nil: none): the learned weights,
// the similarity to each class's closest example, the bias of the FAQs
// taught by few examples, and none's bias and its weight on unknown, the
// share of the words no example has. It returns the probabilities and the
// best FAQ classes, best first (probabilities).
func (md *model) probabilitiesOf(x []feature, out *heldOut, unknown float64) ([]float64, []int32) {
	s := md.scores(x, out)
	if md.cal.Similarity > 0 {
		md.addSimilarities(x, out, md.cal.Similarity, s)
	}
	md.favourSparse(s)
	s[md.noneClass()] += md.cal.NoneBias + md.cal.NoneUnknown*unknown
	return md.probabilities(s, md.cal.Temperature)
}

func (m *Matcher) decide(text string, c Context, explain bool) Decision {
	// A 64 KiB message is read by its beginning and end (see bound), and
	// everything below reads only that.
	text, _ = precut(text)
	text = m.dropChatMarkup(text) // @客服小助手, [抱拳]: markup.go
	if intent, ok := m.smallTalk(text); ok {
		d := Decision{Kind: KindSmallTalk, Intent: intent, Score: 1}
		if explain {
			a := m.analyse(text, nil)
			d.Explanation = &Explanation{Normalized: a.normalized, Tokens: a.words,
				Rule: fmt.Sprintf("small talk: the message is an example of %q", intent)}
		}
		return d
	}
	own := m.bySentence(text, m.judge(text, explain, ""), explain)
	j := own
	rule := ""
	if cx, topic := m.contextText(c); cx != "" && m.followUp(text, own, topic) {
		// An elliptical question (要交什么, 原来的卡呢): read it with the
		// conversation's topic and keep that reading when it answers with
		// a FAQ the message itself says something about.
		withCx := m.settle(text, own, m.judge(text, explain, cx), c, topic)
		if withCx.v.kind == KindAnswer && m.speaksOf(own.x, withCx.v.class) && m.prefersContext(text, own, withCx, topic) {
			j = withCx
			j.usedCx = &ContextUsage{Topic: topic, Completed: text + " + " + cx,
				Rule: fmt.Sprintf("follow-up: read with the conversation's context %q at weight %g", cx, m.cfg.Rules.Context.Weight)}
			rule = "follow-up, "
		}
	}
	d := m.verdictDecision(j)
	// What the message asks beside its subject (asks.go), read once and
	// only when a rule below needs it.
	var asked Aspect
	read := false
	asks := func() Aspect {
		if !read {
			asked, read = asksOnly(text), true
		}
		return asked
	}
	askRule := ""
	byLast := false // a rule below answered the FAQ answered last
	if d.Kind != KindFallback {
		// 换发电子证照要多久: the FAQ on 换发 says how, not how long.
		if a := asks(); a != 0 {
			if kept := m.withAnswerTo(a, d); kept.Kind != d.Kind || len(kept.Suggestions) != len(d.Suggestions) {
				askRule = askRuleOf(a, d, kept)
				d = kept
			}
		}
	}
	if c.LastFAQ != 0 && (d.Kind != KindAnswer || d.FAQ != c.LastFAQ && !own.exact && onlyAspectWords(own.a.words) && !m.namesOwn(own.a.words, d.FAQ, c.LastFAQ)) {
		// 在哪个菜单 after the answer on re-submitting: its answer names the
		// menu. Also when the message's own reading answers another FAQ
		// from its aspect words alone (menu 在哪 got the FAQ on where to
		// replace the card): in a conversation, the FAQ answered last is
		// what a message that names no subject is about; unless it is an
		// example question of the other FAQ (窗口在哪里), or one of its
		// words is the other FAQ's and not the last one's (网址在哪里 after
		// the answer on social insurance is about the website).
		if a := asks(); a != 0 && m.gives[c.LastFAQ]&a == a && (!asksWhomToTurnTo(text, own.a.words) || m.namesAuthority(c.LastFAQ)) {
			if class, ok := m.classOf(c.LastFAQ); ok && m.within(own.a.words, class) {
				d, j, byLast = m.lastAnswered(own, class, c.LastFAQ), own, true
				askRule = fmt.Sprintf("answer: a follow-up that asks %s and names nothing FAQ %d, answered last, does not speak of; its answer gives it", a, c.LastFAQ)
				rule = ""
			}
		}
	}
	if c.LastFAQ != 0 && d.Kind != KindAnswer && !byLast && m.gives[c.LastFAQ]&asks() == asks() && m.continues(text, own, d, c.LastFAQ) {
		// 会是什么原因 after the answer on the failed registration, which
		// the message alone cannot tell from the other FAQs: every word of
		// the message is the last FAQ's (continues).
		if class, ok := m.classOf(c.LastFAQ); ok {
			d, j = m.lastAnswered(own, class, c.LastFAQ), own
			askRule = fmt.Sprintf("answer: a short follow-up whose every word is in the official question or answer of FAQ %d, answered last", c.LastFAQ)
			rule = ""
		}
	}
	if c.LastFAQ != 0 && (d.Kind != KindAnswer || d.FAQ != c.LastFAQ && !own.exact) && m.steps[c.LastFAQ] && asksNextStep(text) && m.gives[c.LastFAQ]&asks() == asks() {
		// 审批通过后呢 after the answer on applications returned for
		// review, whose answer says what follows approval (steps.go), also
		// when the message's own reading answers another FAQ from its
		// words (审批通过以后还要做什么: 审批 reads as the FAQ on notices in
		// progress); not when it asks what that answer does not give
		// (审批通过后要多久).
		if class, ok := m.classOf(c.LastFAQ); ok && m.within(own.a.words, class) {
			d, j = m.lastAnswered(own, class, c.LastFAQ), own
			askRule = fmt.Sprintf("answer: a follow-up that asks what comes next and names nothing FAQ %d, answered last, does not speak of; its answer tells the steps", c.LastFAQ)
			rule = ""
		}
	}
	if d.Kind != KindFallback {
		// After every rule that may answer, the conversation's included:
		// 实体证已经过期了还能换发吗 is not for FAQ 9, whose answer is for
		// cards not yet expired, even when its words are those of an
		// example that says the opposite (过期 and 没过期 are one word to
		// the model); 派遣函需要公证吗 not for FAQ 10, whose answer says
		// nothing of notarisation (scope.go).
		if kept, why := m.withinScope(text, d); why != "" {
			d, askRule, rule = kept, why, ""
		}
		if !own.exact {
			if kept, why := m.withoutUncoveredObject(own.a, d); why != "" {
				d, askRule, rule = kept, why, ""
			}
		}
	}
	if d.Kind == KindAnswer && c == (Context{}) && elliptical(text) {
		// 年纪大的呢 with no conversation to lean on: the model may find a
		// FAQ, but what the person means is a guess. Ask rather than answer.
		d = Decision{Kind: KindClarify, Intent: "clarify", Score: d.Score, Suggestions: []int{d.FAQ}, Topic: d.Topic}
		rule = "elliptical question without context, "
	}
	if d.Kind == KindFallback {
		if intent, weight, hits := m.cueSmallTalk(text, own.a); intent != "" {
			d = Decision{Kind: KindSmallTalk, Intent: intent, Score: d.Score}
			if explain {
				e := m.explain(own, d)
				e.Rule = fmt.Sprintf("small talk: no FAQ fits and the short message holds %s cues %s, weight %g ≥ decision.smalltalk_cues %g",
					intent, strings.Join(hits, ", "), weight, m.cfg.Rules.Decision.SmallTalkCues)
				d.Explanation = e
			}
			return d
		}
	}
	if d.Topic == "" && d.Kind != KindAnswer {
		d.Topic = m.namedTopic(own)
	}
	if d.Kind == KindFallback && d.NotGiven == 0 && d.Topic != "" {
		// 换发电子证照要多久, fallen back on its own: no FAQ of the topic
		// it names says how long.
		if a := asks(); a != 0 && !m.topicGives(d.Topic, a) {
			d.NotGiven = a &^ m.topicGiven(d.Topic) &^ AspectPhone
		}
	}
	if explain {
		d.Explanation = m.explain(j, d)
		if askRule != "" {
			d.Explanation.Rule = askRule
		}
		d.Explanation.Rule = rule + d.Explanation.Rule
	}
	return d
}

// bySentence reads a message of several sentences clause by clause when
// the whole message is not answered: a long message's greeting and
// background (我们是一家做电商的小公司，今年打算引进…) can outweigh its
// one question (照片有什么要求？). Only the clauses that ask something are
// read, and a clause's answer is taken only when it is the FAQ the whole
// message ranks first, so a background clause that happens to read as
// another FAQ changes nothing.
func (m *Matcher) bySentence(text string, whole judgement, explain bool) judgement {
	if whole.v.kind == KindAnswer || whole.exact || len(whole.rank.top) == 0 {
		return whole // answered, or an example the operator taught, word for word
	}
	parts := questionSentences(text)
	if len(parts) < 2 {
		return whole
	}
	best := whole
	for _, p := range parts {
		if !asksSomething(p) {
			continue // background: 员工有旧的工作许可证卡片
		}
		j := m.judge(p, explain, "")
		if j.v.kind != KindAnswer || j.v.class != whole.rank.top[0] {
			continue
		}
		if best.v.kind != KindAnswer || j.probs[j.v.class] > best.probs[best.v.class] {
			best = j
			best.sentence = p
		}
	}
	return best
}

// questionMarkers are the Chinese words that make a clause a question, and
// englishQuestionWords the English ones.
var (
	questionMarkers = []string{"吗", "呢", "什么", "怎么", "怎样", "如何", "哪", "几", "多少", "多久", "多长", "多大", "谁",
		"何时", "何处", "为何", "是否", "能否", "可否", "还是", "请问", "神马", "有木有",
		"要不要", "能不能", "可不可以", "有没有", "是不是", "会不会", "啥", "咋", "干嘛"}
	englishQuestionWords = map[string]bool{"how": true, "what": true, "where": true, "when": true, "which": true, "why": true,
		"who": true, "can": true, "do": true, "does": true, "is": true, "are": true, "should": true, "must": true}
)

// asksSomething reports whether a clause is a question rather than
// background: it ends in a question mark (questionSentences keeps it),
// holds a question word (吗, 怎么, 哪, 谁, 还是; how, can … as words; in
// traditional characters too), or asks by a verb and its negation (变没变,
// 用不用, 交不交).
func asksSomething(clause string) bool {
	return endsInQuestionMark(clause) || asksNormalised(norm(clause)) // 嗎 is 吗
}

func endsInQuestionMark(clause string) bool {
	return strings.HasSuffix(clause, "?") || strings.HasSuffix(clause, "？")
}

// asksNormalised is asksSomething of a normalised clause, question mark
// aside (norm drops it).
func asksNormalised(clause string) bool {
	for _, w := range questionMarkers {
		if strings.Contains(clause, w) {
			return true
		}
	}
	if aNotA(clause) {
		return true
	}
	for _, w := range strings.FieldsFunc(clause, func(r rune) bool { return r > 0x7f || !unicode.IsLetter(r) }) {
		if englishQuestionWords[w] {
			return true
		}
	}
	return false
}

// questionSentences splits a message into its sentences and clauses, at
// 。！？；，!?;, an English full stop (endsSentence) and line breaks: a
// Chinese question often stands in a clause of its own after a comma
// (…财务也在等预算，照片有什么要求？). A clause keeps the question mark that
// ends it, which says it asks something (asksSomething) when no question
// word does (网站地址变了？).
func questionSentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if !strings.ContainsRune("。！？；，!?;,\n", r) && !(r == '.' && endsSentence(text, i)) {
			continue
		}
		end := i
		if r == '?' || r == '？' {
			end = i + utf8.RuneLen(r)
		}
		out = appendClause(out, text[start:end])
		start = i + utf8.RuneLen(r)
	}
	return appendClause(out, text[start:])
}

// endsSentence reports whether the full stop at text[i] ends an English
// sentence: it follows a letter and comes before a space, a Chinese
// character or the end, unlike the dots of 1.5 or fwp.safea.gov.cn. The
// dot of an abbreviation (e.g. the photo, Mr. Li) splits a sentence too;
// a clause so cut off counts only if it agrees with the whole message's
// first FAQ (bySentence).
func endsSentence(text string, i int) bool {
	if i == 0 || !isASCIILetterByte(text[i-1]) {
		return false
	}
	return i+1 == len(text) || text[i+1] == ' ' || text[i+1] >= utf8.RuneSelf
}

// appendClause appends clause, trimmed, to out when it has two characters
// or more besides a question mark.
func appendClause(out []string, clause string) []string {
	clause = strings.TrimSpace(clause)
	body := strings.TrimRight(clause, "?？")
	if utf8.RuneCountInString(strings.TrimSpace(body)) < 2 {
		return out
	}
	return append(out, clause)
}

// aNotA reports whether text asks by a verb and its negation: a Chinese
// character, 不 or 没, and the same character again (变没变, 交不交), but
// not the words of that shape that ask nothing (时不时, 动不动) nor a
// negation said three times (不不不).
func aNotA(text string) bool {
	prev, prev2 := rune(0), rune(0)
	for _, r := range text {
		if isNegation(prev) && r == prev2 && !isNegation(r) && unicode.Is(unicode.Han, r) && r != '时' && r != '动' {
			return true
		}
		prev2, prev = prev, r
	}
	return false
}

func isNegation(r rune) bool { return r == '不' || r == '没' || r == '沒' }

// contrast returns the FAQ a contrasting follow-up means (那已经办结的呢
// after the answer on applications in progress: the completed ones): an
// elliptical message whose own reading ranks first another FAQ of the
// conversation's topic than the one its context settled on.
func (m *Matcher) contrast(text string, own judgement, settled int32, topic string) (int32, bool) {
	if topic == "" || !elliptical(text) || len(own.rank.top) == 0 {
		return 0, false
	}
	first := own.rank.top[0]
	if first == settled || m.topicOf[m.model.classes[first].no] != topic {
		return 0, false
	}
	return first, true
}

// withAnswerTo keeps of d's answer or suggestions the FAQs whose answer
// gives what the question asks for (asks.go); with none left, d falls
// back. Small talk is left as it is.
func (m *Matcher) withAnswerTo(asked Aspect, d Decision) Decision {
	kept, changed := keepFAQs(d, func(no int) bool { return m.gives[no]&asked == asked })
	if !changed || kept.Kind != KindFallback {
		return kept
	}
	// What none of the FAQs on the subject gives: 换发电子证照在系统
	// 哪里操作要多久 lacks only the duration, since FAQ 13 says where.
	var given Aspect
	if d.Kind == KindAnswer {
		given = m.gives[d.FAQ]
	}
	for _, no := range d.Suggestions {
		given |= m.gives[no]
	}
	kept.NotGiven = asked &^ given &^ AspectPhone
	return kept
}

// keepFAQs keeps of d's answer or suggestions the FAQs keep accepts: d as
// it is when keep accepts them all (or d is no answer and no
// clarification), the clarification with the accepted ones when some
// are, and otherwise a fallback of the same score and topic. changed says
// whether d changed. withAnswerTo, withinScope and withoutUncoveredObject
// narrow a decision this way.
func keepFAQs(d Decision, keep func(no int) bool) (kept Decision, changed bool) {
	switch d.Kind {
	case KindAnswer:
		if keep(d.FAQ) {
			return d, false
		}
	case KindClarify:
		var offered []int
		for _, no := range d.Suggestions {
			if keep(no) {
				offered = append(offered, no)
			}
		}
		if len(offered) == len(d.Suggestions) {
			return d, false
		}
		if len(offered) > 0 {
			d.Suggestions = offered
			return d, true
		}
	default:
		return d, false
	}
	return Decision{Kind: KindFallback, Intent: "fallback", Score: d.Score, Topic: d.Topic}, true
}

// topicGives reports whether a FAQ of topic gives what asked asks for.
func (m *Matcher) topicGives(topic string, asked Aspect) bool {
	for no, t := range m.topicOf {
		if t == topic && m.gives[no]&asked == asked {
			return true
		}
	}
	return false
}

// topicGiven is what the FAQs of topic give together.
func (m *Matcher) topicGiven(topic string) Aspect {
	var k Aspect
	for no, t := range m.topicOf {
		if t == topic {
			k |= m.gives[no]
		}
	}
	return k
}

// classOf returns the class of FAQ no.
func (m *Matcher) classOf(no int) (int32, bool) {
	for i, cl := range m.model.classes {
		if cl.no == no && i != int(m.model.noneClass()) {
			return int32(i), true
		}
	}
	return 0, false
}

// aspectWords are the words with which a follow-up asks where (or which
// department), how long, how much or which number without naming a
// subject: 在哪个菜单, 网址, 要多久, 电话呢, 哪个部门.
var aspectWords = map[string]bool{"哪里": true, "菜单": true, "网址": true, "网站": true, "地址": true, "窗口": true, "地方": true,
	"入口": true, "页面": true, "位置": true, "按钮": true, "部门": true, "多长时间": true, "时间": true, "费用": true, "电话": true, "联系方式": true}

// within reports whether every word of a follow-up is an aspect word or a
// word of class c's examples (its question, alternates and answer), or a
// part of one (提交 of 重新提交, two characters or more): the
// follow-up names no subject the FAQ does not speak of (照片在哪里拍 after
// the answer on the process names the photo).
func (m *Matcher) within(words []string, c int32) bool {
	for _, w := range words {
		if aspectWords[w] {
			continue
		}
		found := false
		for i := range m.model.examples {
			if ex := &m.model.examples[i]; ex.class == c && (containsWord(ex.words, w) || utf8.RuneCountInString(w) >= 2 && strings.Contains(ex.text, w)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// askRuleOf says why withAnswerTo turned decision d into kept.
func askRuleOf(asked Aspect, d, kept Decision) string {
	switch {
	case d.Kind == KindAnswer:
		return fmt.Sprintf("fallback: FAQ %d fits the subject (probability %.3f), but the question asks %s, which its answer does not give and its example questions do not ask",
			d.FAQ, d.Score, asked)
	case kept.Kind == KindFallback:
		return fmt.Sprintf("fallback: the FAQs %v fit the subject, but the question asks %s, which none of their answers gives and their example questions do not ask",
			d.Suggestions, asked)
	}
	return fmt.Sprintf("clarify: the question asks %s; of the FAQs %v that fit the subject, only %v give it", asked, d.Suggestions, kept.Suggestions)
}

// verdictDecision turns the model's verdict into a Decision.
func (m *Matcher) verdictDecision(j judgement) Decision {
	md := m.model
	switch j.v.kind {
	case KindAnswer:
		no := md.classes[j.v.class].no
		return Decision{Kind: KindAnswer, FAQ: no, Intent: md.classes[j.v.class].name, Score: j.probs[j.v.class], Topic: m.topicOf[no]}
	case KindClarify:
		d := Decision{Kind: KindClarify, Intent: "clarify"}
		for _, c := range j.v.offered {
			d.Suggestions = append(d.Suggestions, md.classes[c].no)
			d.Score += j.probs[c]
		}
		return d
	}
	d := Decision{Kind: KindFallback, Intent: "fallback"}
	if len(j.rank.probs) > 0 {
		d.Score = j.rank.probs[0]
	}
	return d
}

// settle applies the conversation to withCx, the reading of text with its
// context: it settles a clarification in favour of the FAQ it offers
// first (settles), and a contrasting follow-up (那已经办结的呢) gets the
// FAQ its own words rank first rather than the one the context is about,
// whether the context settled a clarification on that one or answered it
// outright (contrast).
func (m *Matcher) settle(text string, own, withCx judgement, c Context, topic string) judgement {
	switch {
	case m.settles(withCx.v, text, c, topic):
		withCx.v = verdict{kind: KindAnswer, class: withCx.v.offered[0]}
		withCx.settled = true
	case withCx.v.kind == KindAnswer && m.model.classes[withCx.v.class].no == c.LastFAQ:
	default:
		return withCx
	}
	if alt, ok := m.contrast(text, own, withCx.v.class, topic); ok {
		withCx.v.class, withCx.contrast = alt, true
	}
	return withCx
}

// settles reports whether the conversation settles clarification v of
// text in favour of the FAQ it offers first. It settles a clarification
// of one when the message reads as a follow-up (业务流程呢), or when the
// FAQ offered is the one the context is about: the last FAQ answered, or
// one of the conversation's topic. It settles a clarification of several
// when the FAQ it offers first is the last FAQ answered (可以用PNG吗 after
// the photo requirements): the person goes on about what they just read.
// A question of its own (外籍员工能交公积金吗 after a question on the
// replacement) is not settled by a context it is not about.
func (m *Matcher) settles(v verdict, text string, c Context, topic string) bool {
	if v.kind != KindClarify {
		return false
	}
	first := v.offered[0]
	if m.model.classes[first].no == c.LastFAQ {
		return true
	}
	return len(v.offered) == 1 && (elliptical(text) || m.ofContext(first, c, topic))
}

// ofContext reports whether class c is the FAQ conversation context cx is
// about: the FAQ answered last, or a FAQ of the conversation's topic.
func (m *Matcher) ofContext(c int32, cx Context, topic string) bool {
	no := m.model.classes[c].no
	return no == cx.LastFAQ || (topic != "" && m.topicOf[no] == topic)
}

// contextText is the text that completes a follow-up in context c: the
// context of the conversation's topic, or else the question of the FAQ
// answered last; and the topic's name.
func (m *Matcher) contextText(c Context) (string, string) {
	if t, ok := m.topics[c.Topic]; ok {
		return t.Context, t.Name
	}
	if f := m.cfg.FAQ(c.LastFAQ); f != nil {
		return f.Question, m.topicOf[c.LastFAQ]
	}
	return "", ""
}

// followUp reports whether a message may lean on the conversation's
// context: it reads as a follow-up (…呢), or it is not answered on its own,
// or it is answered from another topic without naming one (在哪里看 after
// a question on 在途业务). A message with a word no example knows (外国人医保
// 怎么报销) is a new question, not a follow-up.
func (m *Matcher) followUp(text string, own judgement, topic string) bool {
	if len(m.unknownWords(own.a)) > 0 {
		return false
	}
	if elliptical(text) || own.v.kind != KindAnswer {
		return true
	}
	return m.namedTopic(own) == "" && m.topicOf[m.model.classes[own.v.class].no] != topic
}

// prefersContext decides between the message's own reading and the one
// with the context. A message answered on its own within the
// conversation's topic keeps its answer (原来那张卡怎么处理 after a 换发
// question) unless it reads as a follow-up and the context makes the other
// answer more probable.
func (m *Matcher) prefersContext(text string, own, withCx judgement, topic string) bool {
	if own.v.kind != KindAnswer {
		return true
	}
	if topic != "" && m.topicOf[m.model.classes[own.v.class].no] == topic {
		return elliptical(text) && withCx.probs[withCx.v.class] > own.probs[own.v.class]
	}
	return true
}

// speaksOf reports whether the message's own features say something for
// class c: a follow-up completed from the context must still carry some of
// its own evidence (要交什么 speaks of FAQ 15's 材料; 要多久 of none). A
// character alone is no such evidence: 多 and 久 are in many a FAQ's
// words.
func (m *Matcher) speaksOf(x []feature, c int32) bool {
	for _, f := range x {
		if m.model.weight(f.id, c) > 0 && !m.model.unigram[f.id] {
			return true
		}
	}
	return false
}

// namedTopic is the topic a message names by one of the topics' terms, or
// else the topic of the FAQ it most probably means if that FAQ is probable
// enough to be offered; "" if neither.
func (m *Matcher) namedTopic(j judgement) string {
	for _, w := range j.a.words {
		if t, ok := m.termTopic[w]; ok {
			return t
		}
	}
	if len(j.rank.top) > 0 && j.rank.probs[0] >= m.model.cal.Suggest {
		return m.topicOf[m.model.classes[j.rank.top[0]].no]
	}
	return ""
}

// unknownShare is the share of a message's words that no example has and
// that are evidence of another subject (see calibration.NoneUnknown).
func (m *Matcher) unknownShare(a analysis) float64 {
	u, k := 0, 0
	for _, w := range a.words {
		if _, known := m.model.ids[w]; known {
			k++
		} else if countsAsUnknown(w) {
			u++
		}
	}
	return unknownShare(u, k)
}

// unknownWords are the message's words that no example has and that are
// evidence of another subject (医保, 报销; see countsAsUnknown).
func (m *Matcher) unknownWords(a analysis) []string {
	var out []string
	for _, w := range a.words {
		if _, known := m.model.ids[w]; !known && countsAsUnknown(w) {
			out = append(out, w)
		}
	}
	return out
}

// elliptical reports whether a short message reads as a follow-up that
// leans on an earlier turn: it ends in 呢 (年纪大的呢, 境外90天以上的呢), or
// starts with "and" or "what about" in English.
func elliptical(text string) bool {
	if len(text) > 160 {
		return false // more than 40 characters of any kind
	}
	s := strings.TrimSpace(norm(text))
	if utf8.RuneCountInString(s) <= 10 && strings.HasSuffix(s, "呢") {
		return true
	}
	return len(s) <= 40 && (strings.HasPrefix(s, "and ") || strings.HasPrefix(s, "what about ") || strings.HasPrefix(s, "how about "))
}

// onlyAspectWords reports whether words, a message's, are all aspect
// words: it names no subject (menu 在哪, 要找哪个部门), so a FAQ its own
// reading answers is a guess from the aspect word alone.
func onlyAspectWords(words []string) bool {
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !aspectWords[w] {
			return false
		}
	}
	return true
}

// namesOwn reports whether a word of a follow-up made of aspect words,
// other than 哪里 and 部门, is a word of FAQ own's official question or
// answer and not of FAQ last's: 网址 names the FAQ on the website (the
// examples of others may say it too), 菜单 is named by many answers.
func (m *Matcher) namesOwn(words []string, own, last int) bool {
	ow, lw := m.officialWords(own), m.officialWords(last)
	if ow == nil || lw == nil {
		return false
	}
	for _, w := range words {
		if w == "哪里" || w == "部门" {
			continue
		}
		if containsWord(ow, w) && !containsWord(lw, w) {
			return true
		}
	}
	return false
}

// asksWhomToTurnTo reports whether a message asks which department or
// whom to contact (要找哪个部门, 联系谁, who should we contact): only an
// answer that names an authority answers it, not one that names a menu.
// It reads the cues asksFor reads (whomHan, whoToTurnTo).
func asksWhomToTurnTo(text string, words []string) bool {
	if containsWord(words, "部门") {
		return true
	}
	n := norm(text)
	if containsCue(n, whomHan, placeBefore, nil) {
		return true
	}
	w := letterWords(n)
	for i := range w {
		if (w[i] == "who" || w[i] == "whom") && whoToTurnTo(w[i+1:]) {
			return true
		}
	}
	return false
}

// authorityNamed matches an answer that names an authority to turn to.
var authorityNamed = regexp.MustCompile(`局|部门|机关|机构|委员会|\bbureau\b|\bauthority\b|\bdepartment\b|\badministration\b`)

// namesAuthority reports whether FAQ no's answer names an authority.
func (m *Matcher) namesAuthority(no int) bool {
	f := m.cfg.FAQ(no)
	return f != nil && authorityNamed.MatchString(norm(f.Answer+" "+f.AnswerEn))
}

// continues reports whether a short message that is not answered on its
// own goes on about the FAQ answered last: it has words, all of them words
// of that FAQ's official question or answer, and its own reading gives
// that FAQ the probability a FAQ needs to be offered (calibration.Suggest):
// alone, it would be one of the FAQs the message might mean. A contrasting
// follow-up (…呢) is left to settle, and a how-question goes on only
// about an answer that tells steps (steps.go): 那怎么注册领取 after the
// answer on why to register is not answered by it.
func (m *Matcher) continues(text string, own judgement, d Decision, last int) bool {
	if !short(text) || len(own.a.words) == 0 || d.Kind == KindSmallTalk || elliptical(text) || strings.HasSuffix(strings.TrimSpace(norm(text)), "呢") {
		return false
	}
	class, ok := m.classOf(last)
	if !ok || own.probs == nil || own.probs[class] < m.model.cal.Suggest {
		return false
	}
	if !m.steps[last] && asksHow(text) {
		return false // 那怎么注册领取 after an answer that says why, not how
	}
	official := m.officialWords(last)
	for _, w := range own.a.words {
		if !containsWord(official, w) {
			return false
		}
	}
	return true
}

// howWords ask how something is done.
var howWords = []string{"怎么", "如何", "怎样", "咋", "how "}

// asksHow reports whether a message asks how something is done.
func asksHow(text string) bool {
	n := norm(text) + " "
	return slices.ContainsFunc(howWords, func(w string) bool { return strings.Contains(n, w) })
}

// short reports whether a message is a few words: twenty characters, or,
// written in Latin letters only, eight words (what could be the reason?).
func short(text string) bool {
	if !hasHan(text) && hasASCIILetter(text) {
		return len(letterWords(strings.ToLower(text))) <= 8
	}
	return utf8.RuneCountInString(text) <= 20
}

// lastAnswered is the decision to answer FAQ last, of class c, again, at
// the probability the message's own reading gives it (0 when no word of
// the message is known).
func (m *Matcher) lastAnswered(own judgement, c int32, last int) Decision {
	score := 0.0
	if own.probs != nil {
		score = own.probs[c]
	}
	return Decision{Kind: KindAnswer, FAQ: last, Intent: m.model.classes[c].name, Score: score, Topic: m.topicOf[last]}
}
