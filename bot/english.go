package bot

import (
	"fmt"
	"strings"

	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/lang"
)

// English replies, for people who write in English. The official text is
// Chinese and stays the authority: an English answer is the English
// rendering, then the official Chinese under a label that says so, then
// the portal links. The parts are separated by blank lines, where a reply
// too long for one text message is split (platform.SplitText).
//
// The language of a conversation is that of its last message with letters
// (intents/lang.Next); a message without any (1, ？) keeps it, so a
// numbered choice or a bare question mark is answered in the language of
// the conversation. Until a message has letters (a welcome event), the
// conversation is answered in Chinese.

// conversationLang returns the language to answer msg in, and the
// language the conversation has after it, to keep in its session.
func conversationLang(msg Message, sess Session) (answer, kept lang.Language) {
	kept = lang.Next(lang.Parse(sess.Lang), msg.Text)
	return kept.Or(lang.Chinese), kept
}

func englishReplies(cfg *intents.Config) *replies {
	en := cfg.Rules.English
	r := &replies{lang: lang.English, cfg: cfg, smallTalk: map[string]string{}}
	for name, text := range en.SmallTalk {
		r.smallTalk[name] = fillEnglish(cfg, text)
	}
	var b strings.Builder
	b.WriteString(fillEnglish(cfg, en.Fallback))
	b.WriteString("\n\n" + strings.TrimSpace(en.Websites))
	for _, p := range cfg.Content.Portals {
		b.WriteString("\n" + link(p.URL, englishPortalName(p)))
	}
	r.fallback = b.String()
	r.pleaseType = fillEnglish(cfg, en.PleaseType) + "\n" + englishMenuText(cfg)
	return r
}

// englishAnswerText is the English answer, the official Chinese text under
// its label, and the links of the portals the FAQ names.
// A FAQ not translated yet gets its official Chinese text under a label
// that says so.
func englishAnswerText(cfg *intents.Config, f *intents.FAQ) string {
	en := cfg.Rules.English
	var b strings.Builder
	if f.ChineseOnly() {
		label := strings.TrimSpace(en.ChineseOnly)
		if label == "" {
			label = intents.DefaultChineseOnly
		}
		fmt.Fprintf(&b, "%s\n【%s】\n%s", label, strings.TrimSpace(f.Question), strings.TrimSpace(f.Answer))
	} else {
		fmt.Fprintf(&b, "【%s】\n%s", strings.TrimSpace(f.QuestionEn), strings.TrimSpace(f.AnswerEn))
		fmt.Fprintf(&b, "\n\n%s\n【%s】\n%s", strings.TrimSpace(en.Official), strings.TrimSpace(f.Question), strings.TrimSpace(f.Answer))
	}
	if len(f.Links) > 0 {
		b.WriteString("\n\n" + strings.TrimSpace(en.Links))
		for _, id := range f.Links {
			if p := cfg.Portal(id); p != nil {
				b.WriteString("\n" + link(p.URL, englishPortalName(*p)))
			}
		}
	}
	return b.String()
}

func englishClarifyText(cfg *intents.Config, faqs []int) string {
	en := cfg.Rules.English
	var b strings.Builder
	if len(faqs) == 1 {
		b.WriteString(strings.TrimSpace(en.ClarifyOne))
	} else {
		b.WriteString(strings.TrimSpace(en.ClarifyMany))
	}
	for i, no := range faqs {
		if f := cfg.FAQ(no); f != nil {
			q := strings.TrimSpace(f.QuestionEn)
			if f.ChineseOnly() {
				q = strings.TrimSpace(f.Question) // not translated yet
			}
			fmt.Fprintf(&b, "\n%d. %s", i+1, q)
		}
	}
	return b.String()
}

// englishMenuText is the numbered topic menu in English: validation keeps
// its lines the Chinese menu's groups, so a number means the same in both.
func englishMenuText(cfg *intents.Config) string {
	menu := cfg.Rules.English.Menu
	lines := make([]string, len(menu))
	for i, m := range menu {
		lines[i] = fmt.Sprintf("%d. %s", i+1, strings.TrimSpace(m.Title))
	}
	return strings.Join(lines, "\n")
}

// fillEnglish replaces the placeholders of an English reply.
func fillEnglish(cfg *intents.Config, s string) string {
	c := cfg.Content.Counter
	return strings.NewReplacer(
		"{menu}", englishMenuText(cfg),
		"{phone}", c.Phone,
		"{address}", strings.TrimSpace(c.AddressEn),
		"{counter}", strings.TrimSpace(c.NameEn),
	).Replace(strings.TrimSpace(s))
}

// englishPortalName is a portal's English name with its Chinese name,
// which is what the reader will see on the portal itself; name_en may hold
// the Chinese name already.
func englishPortalName(p intents.Portal) string {
	en := strings.TrimSpace(p.NameEn)
	if strings.Contains(en, p.Name) {
		return en
	}
	return fmt.Sprintf("%s (%s)", en, p.Name)
}
