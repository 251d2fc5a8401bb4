package admin

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
)

const editFixture = `# the rules
out_of_scope: [收费, 费用]   # subjects no FAQ covers

synonyms:
  # --- group ---
  - canonical: 工作许可证
    variants: [工作证, 许可证]

faqs:
  - no: 3
    alternates:
      # asked by HR
      - 第一个问题
      - 第二个问题
  - no: 4
    keywords: {a: 1}
`

type readBack struct {
	OutOfScope []string `yaml:"out_of_scope"`
	Synonyms   []struct {
		Canonical string   `yaml:"canonical"`
		Variants  []string `yaml:"variants"`
	} `yaml:"synonyms"`
	FAQs []struct {
		No         int      `yaml:"no"`
		Alternates []string `yaml:"alternates"`
	} `yaml:"faqs"`
}

func edited(t *testing.T, edits ...bot.RulesEdit) (string, readBack) {
	t.Helper()
	out, err := applyEdits([]byte(editFixture), edits)
	if err != nil {
		t.Fatal(err)
	}
	var r readBack
	if err := yaml.Unmarshal(out, &r); err != nil {
		t.Fatalf("the edited file is not YAML: %v\n%s", err, out)
	}
	return string(out), r
}

func TestEditsKeepTheFileAsWrittenAndAddOneLine(t *testing.T) {
	tricky := []string{"自助机在哪里交电费", "a: b", "[phone] 打不通", "- 开头", "#号", "yes", "x, y]", `引"号`}
	for _, q := range tricky {
		text, r := edited(t,
			bot.RulesEdit{Kind: bot.EditExample, FAQ: 3, Question: q},
			bot.RulesEdit{Kind: bot.EditOutOfScope, Question: q},
			bot.RulesEdit{Kind: bot.EditSynonym, Canonical: "工作许可证", Variant: q},
			bot.RulesEdit{Kind: bot.EditSynonym, Canonical: "新词", Variant: q},
		)
		if got := r.FAQs[0].Alternates; !slices.Equal(got, []string{q, "第一个问题", "第二个问题"}) {
			t.Errorf("%q: alternates %q", q, got)
		}
		if got := r.OutOfScope; !slices.Equal(got, []string{"收费", "费用", q}) {
			t.Errorf("%q: out_of_scope %q", q, got)
		}
		if len(r.Synonyms) != 2 || !slices.Equal(r.Synonyms[1].Variants, []string{"工作证", "许可证", q}) ||
			r.Synonyms[0].Canonical != "新词" || !slices.Equal(r.Synonyms[0].Variants, []string{q}) {
			t.Errorf("%q: synonyms %+v", q, r.Synonyms)
		}
		for _, kept := range []string{"# the rules\n", "]   # subjects no FAQ covers\n\nsynonyms:\n", "      # asked by HR\n", "  - no: 4\n    keywords: {a: 1}\n"} {
			if !strings.Contains(text, kept) {
				t.Errorf("%q: the edit lost %q:\n%s", q, kept, text)
			}
		}
		if got, want := strings.Count(text, "\n"), strings.Count(editFixture, "\n")+3; got != want {
			t.Errorf("%q: %d lines after the edits, want %d (one for the example, two for a new group; flow lists stay one line):\n%s", q, got, want, text)
		}
	}
}

func TestAnEditAlreadyInTheRulesChangesNothing(t *testing.T) {
	text, _ := edited(t, bot.RulesEdit{Kind: bot.EditExample, FAQ: 3, Question: "第二个问题"},
		bot.RulesEdit{Kind: bot.EditOutOfScope, Question: "收费"})
	if text != editFixture {
		t.Errorf("the file changed:\n%s", text)
	}
}

func TestAMissingListIsCreated(t *testing.T) {
	_, r := edited(t, bot.RulesEdit{Kind: bot.EditExample, FAQ: 4, Question: "新问题"})
	if got := r.FAQs[1].Alternates; !slices.Equal(got, []string{"新问题"}) {
		t.Errorf("alternates of FAQ 4: %q", got)
	}
}

func TestAnExampleOfAnUnknownFAQIsRefused(t *testing.T) {
	if _, err := applyEdits([]byte(editFixture), []bot.RulesEdit{{Kind: bot.EditExample, FAQ: 99, Question: "x"}}); err == nil {
		t.Error("an example of FAQ 99 was accepted")
	}
}

func TestEditsOfTheFixtureRulesStillPassTheCheck(t *testing.T) {
	_, _, rules := shippedMatcher(t)
	faq := mustRead(t, "testdata/faq.yaml")
	out, err := applyEdits(rules, []bot.RulesEdit{
		{Kind: bot.EditExample, FAQ: 13, Question: "自助机在哪里"},
		{Kind: bot.EditOutOfScope, Question: "食堂几点开饭"},
		{Kind: bot.EditSynonym, Canonical: "工作许可证", Variant: "工作许可卡片"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := intents.Parse("faq.yaml", faq, "intents.yaml", out); err != nil {
		t.Fatalf("the edited fixture fails the check: %v", err)
	}
	if d := bytes.Count(out, []byte("\n")) - bytes.Count(rules, []byte("\n")); d != 1 {
		t.Errorf("the edits added %d lines, want 1 (two go into one-line flow lists)", d)
	}
}
