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
		"外籍员工能交公积金吗":     "工能", // across 员工|能
		"通知在哪下载，还是要等寄过来": "等寄", // 等级 is a word of the lexicon, not of the FAQs
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
