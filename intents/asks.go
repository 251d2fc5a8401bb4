package intents

// What a question asks for, beside what it is about. 换发电子证照要多久
// is about the same subject as 换发电子证照要什么材料, and the model, which
// reads words, finds the same FAQ for both; but the FAQ's answer says which
// materials, not how long. A wrong answer costs an employer more than an
// honest fallback, so a question that asks only how long something takes
// (or holds: 有效期), how much it costs, where it is done (or whom to turn
// to), which number to call, what rate applies, what the address is (also
// where an office is), what age applies, whether an appointment is needed
// or whether someone else may do it, is answered only by a FAQ whose
// answer gives a duration, a price, a place, a number, a rate, an address,
// an age, whether to book or who may do it, or one the operators taught
// with such a question
// (哪里可以拍证件照 is not answered by the photo requirements). A follow-up
// that asks only that (在哪个菜单) is answered by the FAQ answered last when
// its answer gives it (decide.go). It is a fact of the FAQ texts, not a rule per
// FAQ: a FAQ added later whose answer says 提前30日申请 answers
// 要提前多久申请.

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Aspect is a set of the kinds of information a question asks for
// beside its subject: how long, how much, where, which number, what rate,
// which address, what age, whether to book, whether someone else may do it.
type Aspect uint16

const (
	AspectDuration Aspect = 1 << iota // how long, in how many days
	AspectPrice                       // how much, whether it costs
	AspectPlace                       // where
	AspectPhone                       // which telephone number
	AspectRate                        // what rate, what percentage
	AspectAddress                     // the address: which street, which window
	AspectAge                         // what age: how old, from which age
	AspectBooking                     // whether an appointment is needed
	AspectProxy                       // whether someone else may do it
)

// aspectNames name the aspects, in the order String lists them.
var aspectNames = []struct {
	k    Aspect
	name string
}{
	{AspectDuration, "how long (多久)"},
	{AspectPrice, "how much it costs (多少钱)"},
	{AspectPlace, "where (在哪里)"},
	{AspectPhone, "the telephone number (电话)"},
	{AspectRate, "the rate (比例)"},
	{AspectAddress, "the address (地址)"},
	{AspectAge, "the age (多少岁)"},
	{AspectBooking, "whether an appointment is needed (预约)"},
	{AspectProxy, "whether someone else may do it (代办)"},
}

func (k Aspect) String() string {
	var s []string
	for _, n := range aspectNames {
		if k&n.k != 0 {
			s = append(s, n.name)
		}
	}
	return strings.Join(s, " and ")
}

// The cues read the normalised text (norm: simplified characters, lower
// case, punctuation as spaces) by a scan, not by regular expressions,
// which cost a question 20 µs. 好几天, 前几天 and 这几天 say a while, 几年级
// is a school year, 几周岁 and 几个月大 an age, 几月份 a month; how long
// ago asks when. 补贴能领多少钱 asks what one gets, not what it costs; 修改
// 联系电话 and 哪里不对 ask no number and no place.
var (
	durationHan = []string{"多久", "多长时间", "多长的时间", "多少时间", "多快", "时长", "时效"}
	// 有效期 and 期限 ask how long something holds (电子工作许可 有效期),
	// but not within it (有效期内能换吗).
	// 有效期, 期限 and 时限 ask how long something holds when they are
	// asked about (有效期多长, 有效期是几年, terse 电子工作许可 有效期), not
	// as background (实体证有效期还有一年能换吗, 有效期内能换吗).
	validityHan   = []string{"有效期", "期限", "时限"}
	validityAfter = []string{"是多", "多", "几", "是几", "到什么时候", "到哪天", "呢", "是什么", "怎么算"}
	// durationUnits may follow 几 or 多少, with or without 个: 几天, 多少个工作日.
	durationUnits = []string{"工作日", "天", "周", "星期", "礼拜", "月", "年", "小时"}
	priceHan      = []string{"多少钱", "几块钱", "多少元", "收费", "要钱", "花钱", "花多少", "付费", "免费", "工本费", "价格", "价钱", "交钱", "付钱", "掏钱", "贵不贵"}
	// 费用 is a plain noun as often (医疗费用报销): a cue only where it is
	// asked about.
	feeAsked   = []string{"费用多少", "费用是多少", "费用怎么算", "费用怎么收", "要费用", "有费用", "收费用", "需要费用", "什么费用", "哪些费用"}
	priceWords = map[string]bool{"fee": true, "fees": true, "cost": true, "costs": true, "costing": true, "price": true, "prices": true}
	// how much does it cost, how much is it, how much for the card; at a
	// clause's end too ("")
	howMuchPrice = map[string]bool{"does": true, "is": true, "will": true, "do": true, "would": true, "should": true, "are": true,
		"for": true, "to": true, "money": true, "": true}
	// whomHan ask whom to turn to, which is where (asksWhomToTurnTo).
	whomHan  = []string{"找谁", "联系谁", "问谁"}
	placeHan = slices.Concat([]string{"哪里", "哪儿", "何处", "去哪", "什么地方", "啥地方", "哪个网站", "哪个网址", "哪个系统", "哪个页面", "哪个菜单", "哪个窗口", "哪个平台", "哪个地方", "哪个入口",
		"哪个部门", "什么部门", "哪个机构", "什么机构"}, whomHan)
	// placeBefore: 请问谁 is a polite 谁, 有哪里 a point (有哪里要注意).
	placeBefore = []string{"有", "请"}
	// 电话 alone is as often the subject (办电话卡, 电话号码怎么改) as the
	// ask: only the phrases that ask for a number to call are cues.
	phoneHan = []string{"咨询电话", "联系电话", "办公电话", "电话多少", "电话是多少", "电话号码多少", "电话号码是多少",
		"哪个电话", "什么电话", "电话呢", "热线", "联系方式"}
	// 地址 asks where a place is, a street and a window, only in an
	// asking phrase: 合同要写工作地址吗 and 社保卡上的地址能改吗 ask about
	// an address in a document, not for one; nor is an e-mail address or
	// whether one changed asked for. 什么位置 and 具体在哪 ask as often where
	// in a system (在系统什么位置申请), and 怎么走 is a process's (流程怎么走).
	addressHan = []string{"地址在哪", "地址是", "地址呢", "地址多少", "什么地址", "哪个地址", "地址在什么", "具体地址"}
	// A web address (下载地址, 申报地址) is answered by naming the system
	// or the page as well: not an ask for a street and a window.
	notAddressBefore = []string{"邮箱", "邮件", "修改", "变更", "更改", "更新", "居住", "下载", "网", "链接", "登录", "申报", "申请", "系统", "平台", "页面", "网页"}
	notAddressAfter  = []string{"变更", "变化", "变了", "有变", "有没有变", "改了", "修改", "更新"}
	rateHan          = []string{"比例是多少", "比例多少", "多少比例", "比例是几", "税率是多少", "税率多少", "费率", "百分之几", "百分比", "几成", "缴存比例", "报销比例", "税率"}
	placeNouns       = map[string]bool{"menu": true, "website": true, "site": true, "page": true, "window": true, "office": true, "system": true, "department": true, "authority": true, "agency": true, "bureau": true,
		"platform": true, "button": true, "tab": true, "link": true, "portal": true, "counter": true, "address": true}
	notDurationBefore = []string{"好", "前", "这", "那", "过", "近", "头"}
	notDurationAfter  = []string{"岁", "份", "大"}
	// money received, not paid: 领多少钱, 补多少钱, 退多少钱
	notPriceBefore = []string{"领", "补", "退", "取", "赚", "挣", "拿", "发"}
	// a number or a contact changed, not asked for: 修改联系电话
	notPhoneBefore = []string{"修改", "变更", "更改", "更新", "换", "改", "绑定"}
	// 哪里不对, 有什么地方要注意: a fault or a point, not a place
	notPlaceAfter = []string{"需要", "要", "不对", "有问题", "注意", "错", "不行", "不清楚"}
	whereAsks     = map[string]bool{"is": true, "are": true, "do": true, "does": true, "did": true, "can": true, "could": true, "should": true,
		"shall": true, "will": true, "would": true, "to": true, "exactly": true, "was": true, "were": true, "": true}
	// the words before "address" that ask for one: the address, what
	// address, the office address
	addressAsked = map[string]bool{"the": true, "what": true, "exact": true, "full": true, "office": true, "bureau": true, "counter": true,
		"window": true, "physical": true, "street": true, "its": true, "their": true, "your": true, "which": true}
	// ageHan ask what age: 多少岁, 几岁, 多大年纪, 年龄标准 (超龄是按多少岁
	// 算的); 几岁 is no duration (durationUnits has no 岁).
	ageHan       = []string{"年龄标准是什么", "年龄上限是什么", "年龄要求是什么", "年龄界限是什么", "多少岁", "几岁", "多大年纪", "多大岁数", "多大年龄", "年龄多少", "年龄是多少", "年龄标准", "年龄界限", "年龄上限", "年龄线", "几周岁", "多少周岁"}
	ageNotBefore = []string{"十", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	timeUnits    = map[string]bool{"days": true, "weeks": true, "months": true, "years": true, "hours": true}
)

// asksFor returns what a normalised clause asks for.
func asksFor(clause string) Aspect {
	var k Aspect
	if asksDurationHan(clause) {
		k |= AspectDuration
	}
	if containsCue(clause, priceHan, notPriceBefore, nil) || containsCue(clause, feeAsked, nil, nil) {
		k |= AspectPrice
	}
	if asksPlaceHan(clause) {
		k |= AspectPlace
	}
	if asksPhoneHan(clause) {
		k |= AspectPhone
	}
	if containsCue(clause, rateHan, nil, nil) {
		k |= AspectRate
	}
	if containsCue(clause, addressHan, notAddressBefore, notAddressAfter) || strings.ContainsAny(clause, "哪何") && strings.ContainsAny(clause, "局心窗厅处台") && officeWhere.MatchString(clause) {
		k |= AspectAddress
	}
	if containsCue(clause, ageHan, ageNotBefore, nil) {
		k |= AspectAge // not 六十几岁, an age told
	}
	// The regular expressions only where their words are: a question
	// pays 20 µs for them otherwise.
	if slices.ContainsFunc(bookingWords, func(w string) bool { return strings.Contains(clause, w) }) && bookingAsk.MatchString(clause) {
		k |= AspectBooking
	}
	if (strings.Contains(clause, "代") || strings.Contains(clause, "委托")) && proxyAsk.MatchString(clause) {
		k |= AspectProxy
	}
	if hasASCIILetter(clause) {
		k |= asksEnglish(letterWords(clause))
		words := letterWords(clause)
		if slices.ContainsFunc(words, func(w string) bool { return bookingEn[w] }) && slices.ContainsFunc(words, func(w string) bool { return bookingNeed[w] }) {
			k |= AspectBooking
		}
		padded := " " + strings.Join(words, " ") + " "
		if slices.ContainsFunc(proxyEn, func(w string) bool { return strings.Contains(padded, " "+w+" ") }) &&
			!strings.Contains(padded, " asking on behalf") && !strings.Contains(padded, " writing on behalf") {
			k |= AspectProxy
		}
	}
	if k&AspectAddress != 0 && (webClause(clause) || strings.Contains(clause, "合同") || strings.Contains(clause, "contract")) {
		k &^= AspectAddress // a web address, or an address a contract states
	}
	return k
}

// letterWords are the words of a normalised clause's Latin letters.
func letterWords(clause string) []string {
	return strings.FieldsFunc(clause, func(r rune) bool { return r < 'a' || r > 'z' })
}

// webClause reports whether a clause speaks of a website, a system or a
// platform: its 地址 (website 还是原来的地址吗) is a web address, which the
// name of the system or the page answers as well. English words are
// whole words (site is not opposite).
func webClause(clause string) bool {
	for _, w := range webWordsHan {
		if strings.Contains(clause, w) {
			return true
		}
	}
	if hasASCIILetter(clause) {
		for _, w := range letterWords(clause) {
			if webWordsEn[w] {
				return true
			}
		}
	}
	return false
}

var (
	webWordsHan = []string{"网站", "网址", "网页", "网上", "网申", "官网", "入口", "系统", "平台", "链接", "下载", "登录"}
	webWordsEn  = map[string]bool{"website": true, "portal": true, "url": true, "http": true, "https": true, "www": true, "web": true,
		"online": true, "site": true, "link": true, "system": true, "platform": true, "fwp": true, "safea": true}
)

// asksPlaceHan: 哪里, 哪儿, 何处, 去哪, 在哪 (not 在哪个业务, which asks
// which), 哪个网站 and the like.
func asksPlaceHan(clause string) bool {
	if containsCue(clause, placeHan, placeBefore, notPlaceAfter) {
		return true
	}
	return containsCue(clause, []string{"在哪"}, nil, []string{"个", "些", "一", "种"})
}

// containsCue reports whether clause holds one of cues neither right after
// one of before nor right before one of after.
func containsCue(clause string, cues, before, after []string) bool {
	for _, c := range cues {
		for i := 0; ; {
			j := strings.Index(clause[i:], c)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(c)
			if !endsWithAny(clause[:at], before) && !startsWithAny(strings.TrimLeft(clause[i:], " "), after) {
				return true
			}
		}
	}
	return false
}

func endsWithAny(s string, list []string) bool {
	return slices.ContainsFunc(list, func(w string) bool { return strings.HasSuffix(s, w) })
}

func startsWithAny(s string, list []string) bool {
	return slices.ContainsFunc(list, func(w string) bool { return strings.HasPrefix(s, w) })
}

// asksPhoneHan: 咨询电话, 电话多少, 联系方式, 热线…, but not as the label
// of a number someone gives (联系电话13712345678: pii drops the number,
// not its label).
func asksPhoneHan(clause string) bool {
	return containsCue(clause, phoneHan, notPhoneBefore, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"})
}

func asksDurationHan(clause string) bool {
	for _, c := range durationHan {
		if strings.Contains(clause, c) {
			return true
		}
	}
	if validityAsked(clause) {
		return true
	}
	for i := 0; i < len(clause); {
		j := strings.Index(clause[i:], "几")
		n := len("几")
		if m := strings.Index(clause[i:], "多少"); m >= 0 && (j < 0 || m < j) {
			j, n = m, len("多少")
		}
		if j < 0 {
			return false
		}
		at, rest := i+j, clause[i+j+n:]
		i = at + n
		if endsWithAny(clause[:at], notDurationBefore) || strings.HasPrefix(rest, "年级") {
			continue // 好几天, 前几天, 这几天: a while, not a question
		}
		rest = strings.TrimPrefix(rest, "个")
		for _, u := range durationUnits {
			if strings.HasPrefix(rest, u) && !startsWithAny(rest[len(u):], notDurationAfter) {
				return true // not 几周岁, 几月份, 几个月大: an age, a month
			}
		}
	}
	return false
}

// asksEnglish returns what a clause's English words ask for: how long,
// how soon, how much time, how many (working) days, processing time; how
// much, a fee, the cost, the price, a charge, free (not feel free, free to,
// in charge); where, which menu (website, window, department…), who to
// contact (whoToTurnTo); the telephone, a phone or contact number, the
// hotline (not the phone a photo is taken with); a rate or percentage;
// the address (addressAsked) or where something is located; what age (not
// over-age); the validity (not during its validity). Appointments and
// someone else doing it are read in asksFor, on the clause's words.
//
// askedNumber reports whether the words before "phone number" ask for it
// (what is the, which, what's the) rather than tell of one (my, new, old,
// change the).
func askedNumber(before []string) bool {
	asked := false
	for _, b := range before {
		switch b {
		case "what", "which":
			asked = true
		case "my", "his", "her", "our", "new", "old", "change", "changed", "update", "updated":
			return false
		}
	}
	return asked
}

func asksEnglish(w []string) Aspect {
	var k Aspect
	at := func(i int) string {
		if i < 0 || i >= len(w) {
			return ""
		}
		return w[i]
	}
	for i, word := range w {
		switch word {
		case "how":
			switch next := at(i + 1); {
			case (next == "long" && at(i+2) != "ago" && at(i-1) != "matter") || next == "soon":
				k |= AspectDuration
			case next == "much" && at(i+2) == "time":
				k |= AspectDuration
			case next == "much" && howMuchPrice[at(i+2)]:
				k |= AspectPrice // how much does it cost, not how much information
			case next == "many":
				u := at(i + 2)
				if u == "working" || u == "business" || u == "calendar" {
					u = at(i + 3)
				}
				if timeUnits[u] {
					k |= AspectDuration
				}
			}
		case "where":
			// where is, where can I, where to; not the relative where of
			// cases where the notice was issued
			if i == 0 || whereAsks[at(i+1)] {
				k |= AspectPlace
			}
		case "which":
			if placeNouns[at(i+1)] {
				k |= AspectPlace
			}
		case "who", "whom":
			// who should we contact, who do I ask, who to call: where to
			// turn; not who should the employer ask to sign the contract
			if whoToTurnTo(w[i+1:]) {
				k |= AspectPlace
			}
		case "hotline":
			k |= AspectPhone
		case "address", "addresses":
			// the address of the office, what is the address; not my e-mail
			// address, the employer's address in a contract, a change of
			// address
			if addressAsked[at(i-1)] {
				k |= AspectAddress
			}
		case "located", "location":
			if at(i-1) == "exact" || slices.Contains(w[:i], "where") {
				k |= AspectAddress
			}
		case "contact":
			if at(i+1) == "number" {
				k |= AspectPhone
			}
		case "phone", "telephone":
			// what is the phone number, not what do I do if my phone number changed
			if at(i+1) == "number" && (at(i-1) == "your" || askedNumber(w[max(0, i-4):i])) {
				k |= AspectPhone
			}
		case "percentage", "percent", "rate", "rates":
			if word != "rate" && word != "rates" || at(i-1) == "tax" || at(i-1) == "what" || at(i-1) == "the" {
				k |= AspectRate
			}
		case "age":
			// what age, at what age, what is the age limit; not over-age,
			// over the age limit, which over-age employees
			if before := w[max(0, i-3):i]; (slices.Contains(before, "what") || slices.Contains(before, "which")) && at(i-1) != "over" && at(i-1) != "under" {
				k |= AspectAge
			}
		case "old":
			if at(i-1) == "how" {
				k |= AspectAge
			}
		case "turnaround":
			k |= AspectDuration
		case "validity":
			// what is the validity, validity of the e-permit; not during
			// or within its validity
			if b := w[max(0, i-2):i]; !slices.Contains(b, "during") && !slices.Contains(b, "within") && !slices.Contains(b, "in") && !slices.Contains(b, "its") {
				k |= AspectDuration
			}
		case "processing":
			if at(i+1) == "time" {
				k |= AspectDuration
			}
		case "free":
			// is it free, for free, free of charge; not feel free, toll free
			if prev := at(i - 1); prev == "is" || prev == "it" || prev == "for" || prev == "be" || at(i+1) == "of" {
				k |= AspectPrice
			}
		case "charge", "charges", "charged":
			// a charge, any charge, charged for; not charge my phone, in charge
			if prev := at(i - 1); prev == "a" || prev == "any" || prev == "no" || prev == "the" || at(i+1) == "for" {
				k |= AspectPrice
			}
		default:
			if priceWords[word] {
				k |= AspectPrice
			}
		}
	}
	return k
}

// A date (2024年12月1日, 12月1号) or an age (16 周岁) gives no duration;
// what is left of an answer does when it has a number of time units
// (90 天, 6 个月) or says it is done at once. gives runs once a FAQ, as
// the Matcher is built, so these are regular expressions.
var (
	dates         = regexp.MustCompile(`\d+\s*周岁|\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*年`)
	durationGiven = regexp.MustCompile(`[0-9一二两三四五六七八九十百半]+\s*个?\s*(?:工作日|天|日|周|星期|月|年|小时|分钟)|当天|当日|当场|即时|立即|实时|即办|马上|随到随办|立等可取|\b\d+\s*(?:working |business )?(?:days?|weeks?|months?|years?|hours?)\b`)
	// read on the text before norm, which takes % for punctuation
	addressGiven = regexp.MustCompile(`\d+\s*号\s*(?:窗口|楼|室|院)|[一二三四五六七八九十\d]+\s*路|大道|大厦|[东西南北]厅|\broad\b|\bstreet\b|\bavenue\b|\bwindow no\b`)
	rateGiven    = regexp.MustCompile(`[0-9０-９]\s*[%％]|百分之|[0-9一二三四五六七八九十]成|比例为|比例是|税率为|\bpercent`)
	phoneGiven   = regexp.MustCompile(`\d{3,4}-\d{7,8}|\b1[3-9]\d{9}\b|\b\d{5,8}\b|拨打|致电|热线|电话|\bcall\b|\bhotline\b|\btelephone\b`)
	priceGiven   = regexp.MustCompile(`\d+(?:\.\d+)?\s*(?:元|块|rmb|yuan)|免费|免收|收费|费用|不收取|工本费|付费|价格|\bfree of charge\b|\bfees?\b|\bno charge\b`)
	placeGiven   = regexp.MustCompile(`菜单|网址|网站|http|www\.|系统|平台|窗口|大厅|地址|页面|栏目|入口|按钮|小程序|公众号|登录|点击|前往|现场|线下|线上|办事处|服务台|柜台|前台|办公室|营业厅|医院|银行|派出所|出入境|局|中心|机构|部门|\bapp\b|\bwebsite\b|\bportal\b|\bmenu\b|\bwindow\b|\bcounter\b|\boffice\b|\bonline\b|\baddress\b|\bsystem\b`)
	// bookingHan and proxyHan ask whether an appointment is needed
	// (要预约吗, 要不要挂号) and whether someone else may do it (可以代办吗,
	// 让同事代交, 委托中介): only an answer that says so answers them
	// (bookingGiven, proxyGiven).
	// Only in an asking frame: 要预约吗, 需不需要预约, 怎么预约, 可以代办吗,
	// 能让同事代为提交吗; not 预约窗口的时候要带原件吗 (a booking made), nor
	// 电子工作许可可以代替实体证吗 (代替: instead of), nor 公司还要代交社保吗
	// (paying contributions for someone).
	bookingAsk   = regexp.MustCompile(`(?:要|需要|得|必须|须|用|可以|能|能否|是否需要|要不要|需不需要|用不用)\s*(?:提前|先)?\s*(?:预约|挂号|取号|排号|约号)|(?:预约|挂号|取号|排号)\s*(?:吗|么|嘛)|(?:怎么|如何|在哪|哪里|去哪)\s*(?:预约|挂号|取号)`)
	proxyAsk     = regexp.MustCompile(`(?:代办|代为|代领|代签|代提交|代交材料|代为提交|代交)\s*(?:吗|么|嘛)|(?:可以|能|能否|能不能|可不可以|允许|是否可以)\s*(?:让|请|由|找)?[^，。？?！!]{0,8}?(?:代办|代为|代领|代签|代提交|代交材料)|委托(?:他人|别人|同事|中介|第三方|代理)`)
	bookingWords = []string{"预约", "挂号", "取号", "排号", "约号"}
	// bookingNeed: an English booking ask needs one of these words.
	bookingEn   = map[string]bool{"appointment": true, "appointments": true, "booking": true, "reservation": true}
	bookingNeed = map[string]bool{"need": true, "needed": true, "require": true, "required": true, "book": true, "make": true, "must": true, "necessary": true, "have": true}
	// proxyEn ask whether someone else may do it; not "asking on behalf
	// of my company" (who writes), nor a third-party platform.
	proxyEn = []string{"on behalf", "proxy", "someone else", "another person", "an agent", "an agency", "intermediary"}
	// officeWhere asks where an office is (人社局在哪里, 外专局窗口在哪儿):
	// its address, which naming the office does not give.
	officeWhere    = regexp.MustCompile(`(?:局|中心|窗口|大厅|办事处|服务台)\s*(?:具体)?(?:(?:在|位于)\s*(?:哪里|哪儿|哪|什么地方|何处)|(?:哪里|哪儿|什么地方|何处))`)
	ageGiven       = regexp.MustCompile(`\d+\s*(?:周岁|岁)|\b\d+\s*years? old\b|\baged? \d+`)
	bookingGiven   = regexp.MustCompile(`预约|挂号|取号|随到随办|\bappointments?\b|\bbooking\b`)
	proxyGiven     = regexp.MustCompile(`委托|代办|代为|代理|本人|亲自|\bon behalf\b|\bin person\b|\bproxy\b|\bagent\b`)
	notPriceAnswer = strings.NewReplacer("社会保险费", " ", "社保费", " ", "保险费用", " ")
)

// asksOnly returns what text asks for beside its subject when that is
// all it asks: every clause that asks something asks for one or more of
// the aspects (a duration, a price, a place, a number…) and nothing else
// (要多久？多少钱？ asks both).
// 要什么材料，要多久 and 需要哪些材料多少钱 ask for the materials too, and
// an answer that gives them is of use: they ask only for 0. A message none
// of whose clauses asks (办理费用) is read whole.
func asksOnly(text string) Aspect {
	if !mayAsk(text) {
		return 0
	}
	n := norm(text)
	whole := asksFor(n)
	if whole == 0 && !strings.Contains(n, "费用") {
		return 0
	}
	var all Aspect
	asked := false
	for _, c := range questionSentences(text) {
		nc := norm(c) // once: asksSomething would normalise it again
		if !endsInQuestionMark(c) && !asksNormalised(nc) {
			continue
		}
		asked = true
		a := asksFor(nc)
		if a == 0 || asksMore(nc) {
			return 0
		}
		all |= a
	}
	if !asked {
		if strings.Contains(n, "费用") {
			whole |= AspectPrice // 办理费用, terse: the fee is what it asks
		}
		if asksMore(n) {
			return 0
		}
		return whole
	}
	return all
}

// otherAsks are the question words that ask for something else than the
// aspects (what, which, how), once the aspects' cues are taken out of a
// clause (什么地方 asks where, 什么 alone what); yes-no words (吗, 是否,
// 要不要) ask about the aspect itself.
var (
	otherAsks   = []string{"什么", "哪些", "哪个", "怎么", "怎样", "如何", "为什么", "为啥", "咋", "啥"}
	otherAsksEn = []string{"how do", "how to", "how can", "how should", "what do", "what should", "what documents", "what materials",
		"what papers", "which documents", "why"}
	// cueBlanker blanks every cue, so that what is left shows whether a
	// clause asks more.
	cueBlanker = func() *strings.Replacer {
		var pairs []string
		for _, c := range slices.Concat(durationHan, validityHan, priceHan, feeAsked, placeHan, phoneHan, rateHan, addressHan, ageHan, []string{"预约", "挂号", "取号", "排号", "代办", "代为", "代领", "代签", "代提交", "代交材料", "委托"}, []string{"在哪"}) {
			pairs = append(pairs, c, " ")
		}
		return strings.NewReplacer(pairs...)
	}()
)

// asksMore reports whether normalised clause n asks for something besides
// the aspects it asks for.
func asksMore(n string) bool {
	n = cueBlanker.Replace(n)
	if slices.ContainsFunc(otherAsks, func(w string) bool { return strings.Contains(n, w) }) {
		return true
	}
	padded := " " + n + " "
	return slices.ContainsFunc(otherAsksEn, func(w string) bool { return strings.Contains(padded, " "+w+" ") })
}

// askHan are the characters one of which every Chinese cue has, in
// simplified and traditional form (the cues are read after norm, which
// simplifies: 幾天, 收費, 哪裡), and askEnglish the beginnings of the
// English cues' words. mayAsk tells most messages from the cues by one
// scan, before a message is normalised and split into clauses.
const askHan = "久长長效限几幾少钱錢费費价價免快哪何贵貴地话話联聯线線比率百成部构構谁誰址岁歲龄齡预預挂掛排取委代"

var askEnglish = []string{"how", "age", "validity", "appointment", "booking", "reservation", "behalf", "proxy", "someone", "another", "agent", "agency", "intermediary", "fee", "cost", "price", "charg", "free", "turnaround", "processing", "where", "which", "phone", "hotline", "contact", "percent", "rate", "who", "address", "locat"}

func mayAsk(text string) bool {
	if strings.ContainsAny(text, askHan) {
		return true
	}
	if !strings.ContainsFunc(text, func(r rune) bool { return r < utf8.RuneSelf && isASCIILetterByte(byte(r)) }) {
		// Full-width letters (ＨＯＷ ＬＯＮＧ) are letters after norm.
		return strings.ContainsFunc(text, func(r rune) bool { return r >= 'Ａ' && r <= 'ｚ' })
	}
	lower := strings.ToLower(text)
	for _, w := range askEnglish {
		// at a word's start: age, not page or message
		for i := 0; ; {
			j := strings.Index(lower[i:], w)
			if j < 0 {
				break
			}
			if at := i + j; at == 0 || !isASCIILetterByte(lower[at-1]) {
				return true
			}
			i += j + 1
		}
	}
	return false
}

// gives returns what a FAQ's answer gives, or its question or examples
// ask for: the asks a question may make of it.
func gives(f FAQ, examples []string) Aspect {
	var k Aspect
	for _, text := range []string{f.Question, f.Answer, f.AnswerEn} {
		t := dates.ReplaceAllString(norm(text), " ")
		if durationGiven.MatchString(t) {
			k |= AspectDuration
		}
		if priceGiven.MatchString(notPriceAnswer.Replace(t)) {
			k |= AspectPrice
		}
		if placeGiven.MatchString(t) || strings.Contains(text, "【") { // norm takes 【 for punctuation
			k |= AspectPlace
		}
		if phoneGiven.MatchString(t) {
			k |= AspectPhone
		}
		if rateGiven.MatchString(text) {
			k |= AspectRate
		}
		if addressGiven.MatchString(t) {
			k |= AspectAddress
		}
		if ageGiven.MatchString(norm(text)) {
			k |= AspectAge
		}
		if bookingGiven.MatchString(t) {
			k |= AspectBooking
		}
		if proxyGiven.MatchString(t) {
			k |= AspectProxy
		}
	}
	for _, q := range append([]string{f.Question, f.QuestionEn}, examples...) {
		k |= asksFor(norm(q))
	}
	return k
}

// whoToTurnTo reports whether the words after "who" ask whom to turn to:
// (should|can|do|shall|must|could)? (i|we|you)? contact, ask or call, but
// not ask to or ask for (who should the employer ask to sign).
func whoToTurnTo(after []string) bool {
	i := 0
	if i < len(after) && modalWords[after[i]] {
		i++
	}
	if i < len(after) && (after[i] == "i" || after[i] == "we" || after[i] == "you") {
		i++
	}
	if i >= len(after) {
		return false
	}
	switch after[i] {
	case "contact", "call":
		return true
	case "ask":
		next := ""
		if i+1 < len(after) {
			next = after[i+1]
		}
		return next != "to" && next != "for"
	case "to":
		return i+1 < len(after) && (after[i+1] == "contact" || after[i+1] == "ask" || after[i+1] == "call")
	}
	return false
}

var modalWords = map[string]bool{"should": true, "can": true, "do": true, "shall": true, "must": true, "could": true, "would": true, "will": true}

// validityAsked reports whether a normalised clause asks how long
// something holds: 有效期, 期限 or 时限 at its end or followed by what asks
// it (validityAfter).
func validityAsked(clause string) bool {
	c := strings.TrimRight(strings.TrimSpace(clause), "吗呢 ")
	for _, v := range validityHan {
		for i := 0; ; {
			j := strings.Index(c[i:], v)
			if j < 0 {
				break
			}
			i += j + len(v)
			rest := strings.TrimLeft(c[i:], " ")
			if rest == "" || startsWithAny(rest, validityAfter) {
				return true
			}
		}
	}
	return false
}
