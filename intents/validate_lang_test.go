package intents_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents"
)

// langFixture is the English test fixture (bot/testrules).
func langFixture(t *testing.T) (faq, rules string) {
	t.Helper()
	return string(testrules.LangFAQ()), string(testrules.LangIntents())
}

// cut removes the one match of the multi-line pattern from s.
func cut(t *testing.T, s, pattern string) string {
	t.Helper()
	re := regexp.MustCompile("(?m)" + pattern)
	if n := len(re.FindAllStringIndex(s, -1)); n != 1 {
		t.Fatalf("pattern %q matches %d times in the fixture, want once", pattern, n)
	}
	return re.ReplaceAllString(s, "")
}

// withoutEnglish is the fixture's faq.yaml with every English field removed.
func withoutEnglish(faq string) string {
	return regexp.MustCompile(`(?m)^ +(?:question_en|answer_en|name_en|address_en): .*\n(?:      .*\n)*`).ReplaceAllString(faq, "")
}

func problems(t *testing.T, faq, rules string) []intents.Problem {
	t.Helper()
	_, err := intents.Parse("faq.yaml", []byte(faq), "intents.yaml", []byte(rules))
	if err == nil {
		return nil
	}
	var ve *intents.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Parse: %v, want a ValidationError", err)
	}
	return *ve
}

func lineOf(t *testing.T, s, pattern string) int {
	t.Helper()
	loc := regexp.MustCompile("(?m)" + pattern).FindStringIndex(s)
	if loc == nil {
		t.Fatalf("pattern %q not in the fixture", pattern)
	}
	return strings.Count(s[:loc[0]], "\n") + 1
}

func TestEnglishFixtureIsValid(t *testing.T) {
	faq, rules := langFixture(t)
	if ps := problems(t, faq, rules); len(ps) > 0 {
		t.Fatalf("the fixture is invalid: %v", ps)
	}
	cfg, _ := intents.Parse("faq.yaml", []byte(faq), "intents.yaml", []byte(rules))
	if !cfg.HasEnglish() {
		t.Error("HasEnglish() = false for content with English")
	}
}

func TestContentWithoutEnglishNeedsNoTranslation(t *testing.T) {
	faq, rules := langFixture(t)
	plain := withoutEnglish(faq)
	if strings.Contains(plain, "_en:") {
		t.Fatalf("English left in the fixture:\n%s", plain)
	}
	noReplies := rules[:strings.Index(rules, "\nreplies_en:")+1]
	for name, r := range map[string]string{"with replies_en": rules, "without replies_en": noReplies} {
		if ps := problems(t, plain, r); len(ps) > 0 {
			t.Errorf("%s: %v", name, ps)
		}
		cfg, _ := intents.Parse("faq.yaml", []byte(plain), "intents.yaml", []byte(r))
		if cfg != nil && cfg.HasEnglish() {
			t.Errorf("%s: HasEnglish() = true for content without English", name)
		}
	}
}

// TestAFAQNotTranslatedYetIsValid: the operator contract for a new FAQ
// asks for no English; a FAQ with neither English question nor answer is
// valid beside translated ones, and ChineseOnlyFAQs names it for check.
func TestAFAQNotTranslatedYetIsValid(t *testing.T) {
	faq, rules := langFixture(t)
	faq = cut(t, faq, `^    question_en: Is the old card taken back.*\n`)
	faq = cut(t, faq, `^    answer_en: "No."\n`)
	if ps := problems(t, faq, rules); len(ps) > 0 {
		t.Fatalf("a FAQ without English is refused: %v", ps)
	}
	cfg, err := intents.Parse("faq.yaml", []byte(faq), "intents.yaml", []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.ChineseOnlyFAQs(); len(got) != 1 || got[0] != 14 {
		t.Errorf("ChineseOnlyFAQs() = %v, want [14]", got)
	}
}

// TestCheckReportsAMissingTranslationWithFileAndLine: once one FAQ has
// English, a FAQ with one language and not the other is an error, at its
// line.
func TestCheckReportsAMissingTranslationWithFileAndLine(t *testing.T) {
	faq, rules := langFixture(t)
	tests := []struct {
		name       string
		faq, rules string
		want       intents.Problem
	}{
		{
			name: "an English answer missing",
			faq:  cut(t, faq, `^    answer_en: "No."\n`),
			want: intents.Problem{File: "faq.yaml", Line: lineOf(t, faq, `^  - no: 14$`), Field: "faqs[2].answer_en",
				Msg: "FAQ 14 has no English answer (a FAQ with English needs both its question and its answer in English): add answer_en"},
		},
		{
			name: "an English question missing",
			faq:  cut(t, faq, `^    question_en: Are there special photo.*\n`),
			want: intents.Problem{File: "faq.yaml", Line: lineOf(t, faq, `^  - no: 11$`), Field: "faqs[1].question_en",
				Msg: "FAQ 11 has no English question (a FAQ with English needs both its question and its answer in English): add question_en"},
		},
		{
			name: "a portal without an English name",
			faq:  cut(t, faq, `^    name_en: Shenzhen.*\n`),
			want: intents.Problem{File: "faq.yaml", Line: lineOf(t, faq, `^  - id: sz$`), Field: "portals[1].name_en",
				Msg: `portal "sz" has no English name; English replies link to it`},
		},
		{
			name: "the counter without an English address",
			faq:  cut(t, faq, `^  address_en: .*\n`),
			want: intents.Problem{File: "faq.yaml", Line: lineOf(t, faq, `^counter:$`), Field: "counter.address_en",
				Msg: "the counter has no English address; the English fallback and handoff give it"},
		},
		{
			name:  "English content without English replies",
			faq:   faq,
			rules: rules[:strings.Index(rules, "\nreplies_en:")+1],
			want: intents.Problem{File: "intents.yaml", Field: "replies_en",
				Msg: "faq.yaml has English questions and answers but this file has no replies_en section: add the English greeting, menu, fallback and other fixed replies"},
		},
		{
			name:  "an English fallback without the phone",
			faq:   faq,
			rules: strings.Replace(rules, "For other questions call {phone} or", "For other questions", 1),
			want:  intents.Problem{File: "intents.yaml", Line: lineOf(t, rules, `^  fallback: \|-\n    Sorry`), Field: "replies_en.fallback", Msg: "must contain {phone}"},
		},
		{
			name:  "an English small-talk reply missing",
			faq:   faq,
			rules: cut(t, rules, `^    thanks: You're welcome!\n`),
			want:  intents.Problem{File: "intents.yaml", Line: lineOf(t, rules, `^  smalltalk:$`), Field: "replies_en.smalltalk.thanks", Msg: `no English reply for the small talk "thanks"`},
		},
		{
			name:  "an English menu line for other FAQs",
			faq:   faq,
			rules: strings.Replace(rules, "      faqs: [15, 14]", "      faqs: [14, 15]", 1),
			want: intents.Problem{File: "intents.yaml", Line: lineOf(t, rules, `^    - title: Replacing`), Field: "replies_en.menu[2].faqs",
				Msg: "FAQs [14 15], but menu line 3 (换发电子证照（材料、旧卡）) has [15 14]: the lines must match in order"},
		},
	}
	for _, tt := range tests {
		if tt.rules == "" {
			tt.rules = rules
		}
		ps := problems(t, tt.faq, tt.rules)
		if len(ps) != 1 || ps[0] != tt.want {
			t.Errorf("%s:\n got %v\nwant [%v]", tt.name, ps, tt.want)
		}
	}
}
