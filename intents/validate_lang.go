package intents

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// validateLang checks the English content: once one FAQ has English, a
// FAQ has both its question and answer in English or neither (a FAQ not
// translated yet, Config.ChineseOnly), the portals and the counter need
// English names and intents.yaml needs its English replies. A replies_en section is
// checked whenever it is present.
func (v *validator) validateLang() {
	english := v.c.HasEnglish()
	if english {
		v.validateEnglishContent()
	}
	r := v.c.Rules.English
	if r == nil {
		if english {
			v.rulesErr(0, "replies_en", "%s has English questions and answers but this file has no replies_en section: "+
				"add the English greeting, menu, fallback and other fixed replies", v.c.FAQFile)
		}
		return
	}
	v.validateEnglishReplies(r)
}

func (v *validator) validateEnglishContent() {
	ct := &v.c.Content
	root := v.faqRoot
	const why = "a FAQ with English needs both its question and its answer in English"
	for i, f := range ct.FAQs {
		field := fmt.Sprintf("faqs[%d]", i)
		if f.ChineseOnly() {
			// A FAQ just added, not translated yet: people who write
			// in English get its official Chinese text (check notes it).
			continue
		}
		for _, p := range []struct{ key, val, what string }{
			{"question_en", f.QuestionEn, "no English question"},
			{"answer_en", f.AnswerEn, "no English answer"},
		} {
			if strings.TrimSpace(p.val) == "" {
				v.faqErr(itemFieldLine(root, "faqs", i, p.key), field+"."+p.key, "FAQ %d has %s (%s): add %s", f.No, p.what, why, p.key)
			}
		}
	}
	for i, p := range ct.Portals {
		if strings.TrimSpace(p.NameEn) == "" {
			v.faqErr(itemFieldLine(root, "portals", i, "name_en"), fmt.Sprintf("portals[%d].name_en", i),
				"portal %q has no English name; English replies link to it", p.ID)
		}
	}
	c := ct.Counter
	if strings.TrimSpace(c.NameEn) == "" {
		v.faqErr(fieldLine(root, "counter", "name_en"), "counter.name_en", "the counter has no English name; the English fallback and handoff name it")
	}
	if strings.TrimSpace(c.AddressEn) == "" {
		v.faqErr(fieldLine(root, "counter", "address_en"), "counter.address_en", "the counter has no English address; the English fallback and handoff give it")
	}
}

func (v *validator) validateEnglishReplies(r *EnglishReplies) {
	root := v.intentsRoot
	line := func(key string) int { return fieldLine(root, "replies_en", key) }
	texts := []struct{ key, val string }{
		{"fallback", r.Fallback}, {"please_type", r.PleaseType}, {"clarify_one", r.ClarifyOne}, {"clarify_many", r.ClarifyMany},
		{"official_label", r.Official}, {"links_label", r.Links}, {"websites_label", r.Websites},
	}
	for _, p := range texts {
		if strings.TrimSpace(p.val) == "" {
			v.rulesErr(line(p.key), "replies_en."+p.key, "the English %s text is empty", p.key)
		}
	}
	// A person who cannot be answered must learn where to turn.
	if strings.TrimSpace(r.Fallback) != "" {
		v.mustContain(line("fallback"), "replies_en.fallback", r.Fallback, "", "{phone}", "{address}")
	}
	for _, name := range SmallTalkNames {
		if strings.TrimSpace(r.SmallTalk[name]) == "" {
			v.rulesErr(line("smalltalk"), "replies_en.smalltalk."+name, "no English reply for the small talk %q", name)
		}
	}
	for _, name := range sortedKeys(r.SmallTalk) {
		if !slices.Contains(SmallTalkNames, name) {
			v.rulesErr(line("smalltalk"), "replies_en.smalltalk."+name, "unknown small talk %q (known: %s)", name, strings.Join(SmallTalkNames, ", "))
		}
	}
	if h := r.SmallTalk[handover]; h != "" {
		v.mustContain(line("smalltalk"), "replies_en.smalltalk."+handover, h, "", "{phone}")
	}
	v.validateEnglishMenu(r.Menu)
}

// validateEnglishMenu checks that the English menu offers the Chinese
// menu's groups in the same order: a number means the same in both.
func (v *validator) validateEnglishMenu(menu []MenuItem) {
	zh := v.c.Rules.Menu
	root := v.intentsRoot
	if len(menu) != len(zh) {
		v.rulesErr(fieldLine(root, "replies_en", "menu"), "replies_en.menu",
			"has %d lines, the menu has %d: give every menu line an English title, in the same order", len(menu), len(zh))
		return
	}
	_, section := mapEntry(docNode(root), "replies_en")
	items := mapValue(section, "menu")
	for i, m := range menu {
		l := fieldLine(root, "replies_en", "menu")
		if items != nil && items.Kind == yaml.SequenceNode && i < len(items.Content) {
			l = items.Content[i].Line
		}
		field := fmt.Sprintf("replies_en.menu[%d]", i)
		if strings.TrimSpace(m.Title) == "" {
			v.rulesErr(l, field+".title", "title is empty")
		}
		if !slices.Equal(m.FAQs, zh[i].FAQs) {
			v.rulesErr(l, field+".faqs", "FAQs %v, but menu line %d (%s) has %v: the lines must match in order", m.FAQs, i+1, zh[i].Title, zh[i].FAQs)
		}
	}
}

// itemFieldLine returns the line of key in the i-th item of the top-level
// sequence section, or the item's line when the key is absent.
func itemFieldLine(root *yaml.Node, section string, i int, key string) int {
	if seq := mapValue(docNode(root), section); seq != nil && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
		if k, _ := mapEntry(seq.Content[i], key); k != nil {
			return k.Line
		}
	}
	return itemLine(root, section, i)
}
