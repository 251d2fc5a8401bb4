package intents

import "strings"

// EnglishReplies are the fixed replies for people who write in English:
// intents.yaml's replies_en section. Placeholders are those of the Chinese
// replies ({menu}, {phone}, {address}, {counter}); in English {counter}
// and {address} take the counter's name_en and address_en, and {menu} is
// the English menu below.
type EnglishReplies struct {
	// SmallTalk maps each small-talk intent (SmallTalkNames) to its reply.
	SmallTalk map[string]string `yaml:"smalltalk"`
	// Fallback is the reply when no FAQ fits: it must give the phone and
	// the counter's address.
	Fallback string `yaml:"fallback"`
	// PleaseType answers a picture, a file or a location.
	PleaseType string `yaml:"please_type"`
	// ClarifyOne and ClarifyMany head a clarification that offers one
	// question, or several, by number.
	ClarifyOne  string `yaml:"clarify_one"`
	ClarifyMany string `yaml:"clarify_many"`
	// Official labels the official Chinese text under an English answer.
	Official string `yaml:"official_label"`
	// ChineseOnly heads the official Chinese text of a FAQ that has no
	// English yet; optional (DefaultChineseOnly).
	ChineseOnly string `yaml:"chinese_only_label"`
	// Links heads an answer's portal links; Websites the fallback's.
	Links    string `yaml:"links_label"`
	Websites string `yaml:"websites_label"`
	// Menu is the numbered topic menu in English: the same groups as the
	// Chinese menu, in the same order.
	Menu []MenuItem `yaml:"menu"`
}

// HasEnglish reports whether the content has English: then every FAQ, the
// portals, the counter and intents.yaml's replies_en have it (validation
// sees to that), and people who write in English get English replies.
func (c *Config) HasEnglish() bool {
	for _, f := range c.Content.FAQs {
		if f.QuestionEn != "" || f.AnswerEn != "" {
			return true
		}
	}
	return false
}

// DefaultChineseOnly heads a FAQ's official Chinese text in an English
// reply when the FAQ has no English yet and replies_en has no
// chinese_only_label.
const DefaultChineseOnly = "This answer is not yet available in English. The official answer in Chinese:"

// ChineseOnly reports whether a FAQ has no English yet: neither an
// English question nor an English answer.
func (f FAQ) ChineseOnly() bool {
	return strings.TrimSpace(f.QuestionEn) == "" && strings.TrimSpace(f.AnswerEn) == ""
}

// ChineseOnlyFAQs returns the numbers of the FAQs that have no English
// while others have: check notes them.
func (c *Config) ChineseOnlyFAQs() []int {
	if !c.HasEnglish() {
		return nil
	}
	var out []int
	for _, f := range c.Content.FAQs {
		if f.ChineseOnly() {
			out = append(out, f.No)
		}
	}
	return out
}
