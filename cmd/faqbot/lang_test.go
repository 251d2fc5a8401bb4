package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// The English fixture: four FAQs with English, English replies.
const (
	langFAQ     = "../../bot/testrules/lang/faq.yaml"
	langIntents = "../../bot/testrules/lang/intents.yaml"
)

func TestReplayJSONGivesEachReplysLanguage(t *testing.T) {
	in := `{"user":"u1","text":"What materials do I need to replace the electronic permit?"}
{"user":"u2","text":"照片有什么要求"}
{"user":"u1","text":"help"}
{"user":"u1","text":"3"}
{"user":"u2","text":"3"}
`
	r := cliRun(t, nil, in, "replay", "--json", "--faq", langFAQ, "--intents", langIntents)
	if r.status() != 0 {
		t.Fatalf("replay --json: %v", r)
	}
	want := []struct{ kind, lang, starts string }{
		{"answer", "en", "【What materials are needed"},
		{"answer", "zh", "【卡证融合申请外国人来华工作许可对照片是否有特殊要求？】"},
		{"smalltalk", "en", "I can answer these questions"},
		{"clarify", "en", "Which of these questions do you mean?"},
		{"fallback", "zh", "抱歉"}, // u2 saw no menu: 3 is a question, in u2's Chinese
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(lines), len(want), r.stdout)
	}
	for i, w := range want {
		var got struct{ Kind, Lang, Text string }
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if got.Kind != w.kind || got.Lang != w.lang || !strings.HasPrefix(got.Text, w.starts) {
			t.Errorf("line %d: %s in %q:\n%s\nwant %s in %q starting %q", i+1, got.Kind, got.Lang, got.Text, w.kind, w.lang, w.starts)
		}
	}
}

func TestChatAnswersInEnglishWithPlainLinks(t *testing.T) {
	r := cliRun(t, nil, "Are there photo requirements?\n", "chat", "--faq", langFAQ, "--intents", langIntents)
	for _, s := range []string{"【Are there special photo requirements", "官方原文", "只接受 JPG 图像",
		"Websites:\nForeigners' Work Management Service System (外国人来华工作管理服务系统) https://fwp.safea.gov.cn/lhgzweb/"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("chat's English reply lacks %q: %v", s, r)
		}
	}
}

func TestCheckReportsAMissingTranslation(t *testing.T) {
	faq := string(cliRead(t, langFAQ))
	broken := regexp.MustCompile(`(?m)^    answer_en: "No."\n`).ReplaceAllString(faq, "")
	path := cliWrite(t, t.TempDir(), "faq.yaml", []byte(broken))
	r := cliRun(t, nil, "", "check", "--faq", path, "--intents", langIntents)
	want := regexp.MustCompile(`(?m)^.*faq\.yaml:\d+: faqs\[2\]\.answer_en: FAQ 14 has no English answer`)
	if r.status() != 1 || !want.MatchString(r.stderr) {
		t.Errorf("check of a FAQ without its English answer: %v; want status 1 and the problem with file and line", r)
	}
}
