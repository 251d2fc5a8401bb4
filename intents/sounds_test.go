package intents

import (
	"slices"
	"testing"
)

// TestSoundRepair: voice-input typos find the domain word that sounds the
// same, and a stretch across two words (员工能 → 工能, which sounds like
// 功能) is left alone. The shipped rules' vocabulary is what is repaired
// towards, so this reads them (an evaluation of the shipped rules).
func TestSoundRepair(t *testing.T) {
	m, err := New(shippedConfigInternal(t))
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"电子社保咔怎么领":   "电子社保卡",
		"老卡怎么换法电子的":  "换发",
		"承诺输要附上吗":    "承诺书",
		"超零人员能领电子证吗": "超龄",
	} {
		var syn []SynonymUse
		m.analyse(text, &syn)
		if !slices.ContainsFunc(syn, func(s SynonymUse) bool { return s.To == want }) {
			t.Errorf("%q: no repair to %q (synonyms used: %v)", text, want, syn)
		}
	}
	for text, not := range map[string]string{
		"外籍员工能交公积金吗":     "工能",  // across 员工|能
		"通知在哪下载，还是要等寄过来": "等寄",  // 等级 is a word of the lexicon, not of the FAQs
		"那个菜单叫什么":        "叫什么", // a stop word (what it is called), not 交什么 (what to hand in)
	} {
		var syn []SynonymUse
		m.analyse(text, &syn)
		for _, s := range syn {
			if s.From == not {
				t.Errorf("%s: %q repaired to %q", text, s.From, s.To)
			}
		}
	}
}

// TestSoundRepairTowardsTheFAQsEverydayWords: a FAQ added on the housing
// fund says 公积金, an everyday word whose official form is 住房公积金;
// 公鸡金, dictated for it (公鸡 is a word, rooster), is read as it. Without
// the FAQ, 公积金 is no repair target: the everyday words of the lexicon
// are targets only where the FAQs use them.
func TestSoundRepairTowardsTheFAQsEverydayWords(t *testing.T) {
	const text = "外籍员工公鸡金要不要交"
	repaired := func(m *Matcher) bool {
		var syn []SynonymUse
		m.analyse(text, &syn)
		return slices.Contains(syn, SynonymUse{From: "公鸡金", To: "公积金"})
	}
	if repaired(fixtureMatcherWith(t, func(*Config) {})) {
		t.Fatalf("%q: repaired towards 公积金 with no FAQ that uses it", text)
	}
	m := fixtureMatcherWith(t, func(cfg *Config) {
		cfg.Content.FAQs = append(cfg.Content.FAQs, FAQ{No: 90, ID: "housing-fund", Question: "馆员的公积金怎么交？", Answer: "公积金由人事部门按月代缴。"})
		cfg.Rules.FAQs = append(cfg.Rules.FAQs, FAQRule{No: 90, Alternates: []string{"公积金谁来交", "公积金每月交多少", "公积金怎么缴", "图书馆给交公积金吗", "公积金在哪里查"}})
	})
	if !repaired(m) {
		t.Errorf("%q: not repaired towards 公积金, which the added FAQ uses", text)
	}
}
