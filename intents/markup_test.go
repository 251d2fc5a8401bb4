package intents

import "testing"

func TestDropMentions(t *testing.T) {
	for in, want := range map[string]string{
		"@客服小助手\u2005照片有什么要求": " \u2005照片有什么要求",
		"@faqbot 照片有什么要求":     "  照片有什么要求",
		"请问 @小助手 照片要求":        "请问   照片要求",
		"邮箱hr@example.com 照片": "邮箱hr@example.com 照片", // inside a word: no mention
		"@":                   "@",
		"@小助手，照片有什么要求":        " ，照片有什么要求",     // the mark ends the name and stays
		"@客服小助手照片有什么要求":       "@客服小助手照片有什么要求", // where the name ends is unknown
		"照片要求 @小助手":           "照片要求 @小助手",     // nothing after it: left
		"@小助手 2":              "  2",
		"@一个名字长得不像名字的一整句话其实是在问照片的要求吧对吧": "@一个名字长得不像名字的一整句话其实是在问照片的要求吧对吧", // too long for a name
	} {
		if got := DropMentions(in); got != want {
			t.Errorf("DropMentions(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDropEmoticons(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	word := m.cfg.Rules.Domain[0]
	for in, want := range map[string]string{
		"[抱拳]照片有什么要求[微笑]":   " 照片有什么要求 ",
		"thanks [ThumbsUp]": "thanks  ",
		"[抱拳]":              "谢谢", // thanks or yes only: read as 谢谢
		"[强][强]":            "谢谢",
		"👍":                 "谢谢", "🙏🙏": "谢谢", "👍🏻": "谢谢", // thanks emoji only
		"😂":                 "😂",
		"急，在线等":             "急， ",
		"在线等待审核":            "在线等待审核",
		"[微笑]":              "[微笑]",         // other emoticons only: left whole
		"[Notices]怎么办":      "[Notices]怎么办", // a word the rules name, in English
		"@小助手\u2005[抱拳]":    "谢谢",
		"[" + word + "]怎么办": "[" + word + "]怎么办",
		"[一二三四五]照片":         "[一二三四五]照片", // too long for an emoticon's name
		"[12]照片":            "[12]照片",
		"[抱拳 照片":            "[抱拳 照片",
		"附件[1]和[抱拳]照片有什么要求": "附件[1]和 照片有什么要求",
	} {
		if got := m.dropChatMarkup(in); got != want {
			t.Errorf("dropChatMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestChatMarkupIsNotAQuestion: a question @-mentioning the bot, with
// emoticons or numbered as in a list, gets the decision it gets without
// them; a mention of a
// name with 客服 in it does not ask for a person.
func TestChatMarkupIsNotAQuestion(t *testing.T) {
	m := fixtureMatcherWith(t, func(cfg *Config) {
		for i, st := range cfg.Rules.SmallTalk {
			if st.Name == "human" {
				cfg.Rules.SmallTalk[i].Examples = append(cfg.Rules.SmallTalk[i].Examples, "客服")
			}
		}
	})
	answered := 0
	for _, f := range m.cfg.Content.FAQs {
		plain := m.Match(f.Question)
		if plain.Kind == KindAnswer {
			answered++
		}
		for _, q := range []string{"@客服小助手\u2005" + f.Question, "[抱拳]" + f.Question + "[微笑][微笑]", "@bot " + f.Question + " [ThumbsUp]", "1. " + f.Question, "@小助手，" + f.Question} {
			if d := m.Match(q); d.Kind != plain.Kind || d.FAQ != plain.FAQ || d.Intent != plain.Intent {
				t.Errorf("%q: %s %d %s, without the markup %s %d %s", q, d.Kind, d.FAQ, d.Intent, plain.Kind, plain.FAQ, plain.Intent)
			}
		}
	}
	if answered == 0 {
		t.Fatal("no FAQ question is answered: the test would prove nothing")
	}
	for text, want := range map[string]string{"[抱拳]": "thanks", "[ThumbsUp][ThumbsUp]": "thanks", "👍": "thanks", "[微笑]": "", "😂": ""} {
		if d := m.Match(text); (d.Kind == KindSmallTalk && d.Intent == "thanks") != (want == "thanks") {
			t.Errorf("%s got %s %q, want thanks: %v", text, d.Kind, d.Intent, want == "thanks")
		}
	}
}

func TestDropListNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"1. 照片有什么要求":     " 照片有什么要求",
		"2、合同要中文吗":       "合同要中文吗",
		"(3) 网址变了吗":      " 网址变了吗",
		"（4）网址变了吗":       "网址变了吗",
		"一、照片要求\n二、合同要求": "照片要求\n合同要求",
		"①照片要求":          "照片要求",
		"1.5m的照片可以吗":     "1.5m的照片可以吗",
		"12月1日之前的申请":     "12月1日之前的申请",
		"一个外国人能办吗":       "一个外国人能办吗",
		"123. 照片":        "123. 照片",
		"照片 1. 要求":       "照片 1. 要求",
	} {
		if got := dropListNumbers(in); got != want {
			t.Errorf("dropListNumbers(%q) = %q, want %q", in, got, want)
		}
	}
}
