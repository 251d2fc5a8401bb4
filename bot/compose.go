package bot

import (
	"fmt"
	"html"
	"strings"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/lang"
)

// The reply texts are formatted for WeCom and Official Account text
// messages: plain text with line breaks, where <a href="…">…</a> is shown
// as a link. Channels that render nothing else (the terminal) convert the
// links with PlainText.

// texts are the replies that depend only on the configuration, composed
// once per matcher rather than once per message: one set per language.
type texts struct {
	m *intents.Matcher
	// zh is today's Chinese; en is the English (english.go), or zh again
	// when the content has no English.
	zh, en *replies
}

// replies are the texts of one language. A turn composes its reply with
// the replies of the conversation's language.
type replies struct {
	lang       lang.Language
	cfg        *intents.Config
	fallback   string
	pleaseType string
	smallTalk  map[string]string
}

func newTexts(m *intents.Matcher) *texts {
	cfg := m.Config()
	zh := &replies{lang: lang.Chinese, cfg: cfg, fallback: fallbackText(cfg), pleaseType: pleaseType(cfg), smallTalk: map[string]string{}}
	for _, st := range cfg.Rules.SmallTalk {
		zh.smallTalk[st.Name] = fill(cfg, st.Reply)
	}
	t := &texts{m: m, zh: zh, en: zh}
	if cfg.HasEnglish() {
		t.en = englishReplies(cfg)
	}
	return t
}

// in returns the replies for a conversation in language l.
func (t *texts) in(l lang.Language) *replies {
	if l == lang.English {
		return t.en
	}
	return t.zh
}

// answer is the reply that answers FAQ f.
func (r *replies) answer(f *intents.FAQ) string {
	if r.lang == lang.English {
		return englishAnswerText(r.cfg, f)
	}
	return answerText(r.cfg, f)
}

// clarify is the reply that offers the FAQs by number.
func (r *replies) clarify(faqs []int) string {
	if r.lang == lang.English {
		return englishClarifyText(r.cfg, faqs)
	}
	return clarifyText(r.cfg, faqs)
}

// notGiven says that the official answers do not give what a question
// asked (intents.Decision.NotGiven), before the fallback: 换发要多久 is
// on a subject the FAQ answers, but its answer says how, not how long.
func (r *replies) notGiven(a intents.Aspect) string {
	lead, sep, stop := "官方答复中没有写明", "和", "。"
	if r.lang == lang.English {
		lead, sep, stop = "The official answers do not say ", " or ", "."
	}
	if a&intents.AspectAddress != 0 {
		a &^= intents.AspectPlace // the address says where, and more
	}
	var parts []string
	for _, w := range notGivenWords {
		if a&w.aspect != 0 {
			if r.lang == lang.English {
				parts = append(parts, w.en)
			} else {
				parts = append(parts, w.zh)
			}
		}
	}
	if len(parts) == 0 {
		return "" // the telephone: every fallback gives the desk's number
	}
	return lead + strings.Join(parts, sep) + stop
}

// notGivenWords name what an answer may not give, in both languages; the
// telephone has none.
var notGivenWords = []struct {
	aspect intents.Aspect
	zh, en string
}{
	{intents.AspectDuration, "具体时长", "how long it takes"},
	{intents.AspectPrice, "费用", "what it costs"},
	{intents.AspectPlace, "具体地点", "where"},
	{intents.AspectRate, "具体比例", "what rate applies"},
	{intents.AspectAddress, "具体地址", "the exact address"},
	{intents.AspectAge, "具体年龄", "the age"},
	{intents.AspectBooking, "是否需要预约", "whether an appointment is needed"},
	{intents.AspectProxy, "能否由他人代办", "whether someone else may do it"},
}

// answerText is the official answer under its question, with the links of
// the portals the FAQ names.
func answerText(cfg *intents.Config, f *intents.FAQ) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s】\n%s", strings.TrimSpace(f.Question), strings.TrimSpace(f.Answer))
	if len(f.Links) > 0 {
		b.WriteString("\n\n相关网站：")
		for _, id := range f.Links {
			if p := cfg.Portal(id); p != nil {
				b.WriteString("\n" + link(p.URL, p.Name))
			}
		}
	}
	return b.String()
}

func link(url, name string) string {
	return fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(url), linkText.Replace(name))
}

// linkText escapes what would break a link's markup and nothing else: an
// apostrophe in an English portal name (Foreigners') must reach the reader
// as one, not as &#39;.
var linkText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func clarifyText(cfg *intents.Config, faqs []int) string {
	var b strings.Builder
	if len(faqs) == 1 {
		b.WriteString("您是想问这个问题吗？回复 1 查看答案，或换个说法再问一次：")
	} else {
		b.WriteString("您想问的是以下哪个问题？请回复数字选择：")
	}
	for i, no := range faqs {
		if f := cfg.FAQ(no); f != nil {
			fmt.Fprintf(&b, "\n%d. %s", i+1, strings.TrimSpace(f.Question))
		}
	}
	return b.String()
}

// menuText is the numbered topic menu.
func menuText(cfg *intents.Config) string {
	lines := make([]string, len(cfg.Rules.Menu))
	for i, m := range cfg.Rules.Menu {
		lines[i] = fmt.Sprintf("%d. %s", i+1, m.Title)
	}
	return strings.Join(lines, "\n")
}

// fill replaces the placeholders operators may use in replies.
func fill(cfg *intents.Config, s string) string {
	c := cfg.Content.Counter
	return strings.NewReplacer(
		"{menu}", menuText(cfg),
		"{phone}", c.Phone,
		"{address}", c.Address,
		"{counter}", c.Name,
	).Replace(strings.TrimSpace(s))
}

func fallbackText(cfg *intents.Config) string {
	var b strings.Builder
	b.WriteString(fill(cfg, cfg.Rules.Fallback))
	b.WriteString("\n\n官方网站：")
	for _, p := range cfg.Content.Portals {
		b.WriteString("\n" + link(p.URL, p.Name))
	}
	return b.String()
}

func pleaseType(cfg *intents.Config) string {
	return "暂时只能回答文字提问，请用文字输入您的问题，或回复数字查看以下问题：\n" + menuText(cfg)
}

// PlainText turns a reply's <a href="URL">name</a> links into "name URL"
// for displays that render no links, such as a terminal.
func PlainText(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, `<a href="`)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		rest := s[i+len(`<a href="`):]
		j := strings.Index(rest, `">`)
		k := strings.Index(rest, "</a>")
		if j < 0 || k < j {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(html.UnescapeString(rest[j+2:k]) + " " + html.UnescapeString(rest[:j]))
		s = rest[k+len("</a>"):]
	}
}
