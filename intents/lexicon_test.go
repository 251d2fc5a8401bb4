package intents

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestLexiconFiles: every line of the embedded lexicons is a comment, a
// blank or "term<TAB>word"; no term is listed twice, as the matcher
// reads it; the Chinese lexicon maps Chinese words to other Chinese words
// and never to a word it maps itself (no chains: each entry says what it
// means in one step).
func TestLexiconFiles(t *testing.T) {
	for _, f := range []struct {
		name, data string
		chinese    bool
	}{{"lexicon_en.txt", lexiconData, false}, {"lexicon_zh.txt", lexiconZhData, true}} {
		seen := map[string]int{}
		targets := map[string]int{}
		n := 0
		for i, line := range strings.Split(f.data, "\n") {
			trimmed := strings.TrimSpace(line)
			if trimmed == "" || trimmed[0] == '#' {
				continue
			}
			n++
			from, to, ok := strings.Cut(line, "\t")
			if !ok || strings.Contains(to, "\t") || from != strings.TrimSpace(from) || to != strings.TrimSpace(to) || from == "" || to == "" {
				t.Errorf("%s:%d: %q: want term<TAB>word", f.name, i+1, line)
				continue
			}
			if strings.ContainsAny(to, " ") {
				t.Errorf("%s:%d: %q is not one word", f.name, i+1, to)
			}
			// Terms are compared as the matcher reads them (norm: case,
			// width, traditional characters).
			key := norm(from)
			if j, dup := seen[key]; dup {
				t.Errorf("%s:%d: %q is listed on line %d too", f.name, i+1, from, j)
			}
			seen[key] = i + 1
			if f.chinese {
				if !isHanWord(from) || !isHanWord(to) {
					t.Errorf("%s:%d: %q → %q: want Chinese words", f.name, i+1, from, to)
				}
				if from == to {
					t.Errorf("%s:%d: %q maps to itself", f.name, i+1, from)
				}
				targets[norm(to)] = i + 1
			} else if from != strings.ToLower(from) {
				t.Errorf("%s:%d: %q: English terms are lower case", f.name, i+1, from)
			}
		}
		for to, line := range targets {
			if j, ok := seen[to]; ok {
				t.Errorf("%s:%d: %q is a term of line %d: a chain", f.name, line, to, j)
			}
		}
		if n == 0 {
			t.Errorf("%s has no entries", f.name)
		}
	}
}

// fixtureConfig is the configuration of the tests' own files.
func fixtureConfig(t *testing.T) *Config {
	t.Helper()
	cfg, err := LoadFiles(fixtureFAQ, fixtureIntents)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// fixtureMatcherWith builds a Matcher of the tests' own files after edit
// has changed their configuration.
func fixtureMatcherWith(t *testing.T, edit func(*Config)) *Matcher {
	t.Helper()
	cfg := fixtureConfig(t)
	edit(cfg)
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fixtureWithSynonyms builds a Matcher of the tests' own files with the
// synonym groups extra added.
func fixtureWithSynonyms(t *testing.T, extra ...SynonymGroup) *Matcher {
	t.Helper()
	return fixtureMatcherWith(t, func(cfg *Config) { cfg.Rules.Synonyms = append(cfg.Rules.Synonyms, extra...) })
}

func isHanWord(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// TestChineseLexiconYieldsToTheRules: an everyday word reads as the
// official one (跳槽 as 变更用人单位), unless intents.yaml names the word
// itself: then it keeps the rules' meaning.
func TestChineseLexiconYieldsToTheRules(t *testing.T) {
	const q = "员工跳槽了工作许可怎么办"
	if w := fixtureWithSynonyms(t).Words(q); !slices.Contains(w, "变更用人单位") || slices.Contains(w, "跳槽") {
		t.Errorf("%q reads %v: want 跳槽 read as 变更用人单位", q, w)
	}
	if w := fixtureWithSynonyms(t, SynonymGroup{Canonical: "跳槽"}).Words(q); !slices.Contains(w, "跳槽") {
		t.Errorf("with 跳槽 a canonical word of the rules, %q reads %v: want 跳槽 kept", q, w)
	}
	if w := fixtureWithSynonyms(t, SynonymGroup{Canonical: "离职", Variants: []string{"跳槽"}}).Words(q); !slices.Contains(w, "离职") {
		t.Errorf("with 跳槽 a variant of 离职 in the rules, %q reads %v: want 离职", q, w)
	}
}

// TestEverydayWordsAreNoRepairTargets: the sound repair mends a typo
// towards the rules' and the FAQs' words, not towards the Chinese
// lexicon's everyday ones, or every unknown word would sound like one.
func TestEverydayWordsAreNoRepairTargets(t *testing.T) {
	m := diffMatchers(t).before
	if w := m.Words("员工跳草了"); slices.Contains(w, "变更用人单位") {
		t.Errorf("员工跳草了 reads %v: 跳草 was repaired to the everyday word 跳槽", w)
	}
	if w := m.Words("员工跳槽了"); !slices.Contains(w, "变更用人单位") {
		t.Errorf("员工跳槽了 reads %v: the test would prove nothing", w)
	}
}

// TestChineseStopwords: the generic Chinese stop words are Chinese words
// in simplified characters, each listed once and in no lexicon, and a
// message's count of words no example knows no longer counts them, while
// a word the rules name keeps its meaning.
func TestChineseStopwords(t *testing.T) {
	seen := map[string]bool{}
	lex := map[string]bool{}
	for _, e := range chineseLexicon {
		lex[e.from] = true
	}
	for _, w := range chineseStopwords {
		switch {
		case !isHanWord(w) || norm(w) != w:
			t.Errorf("%q: want one word in simplified characters", w)
		case seen[w]:
			t.Errorf("%q is listed twice", w)
		case lex[w]:
			t.Errorf("%q is in lexicon_zh.txt too", w)
		}
		seen[w] = true
	}
	m := fixtureWithSynonyms(t)
	for _, q := range []string{"工作许可延期咋整", "请教一下，工作许可到底要不要延期"} {
		for _, w := range m.unknownWords(m.analyse(q, nil)) {
			if slices.Contains([]string{"咋整", "请教", "到底"}, w) {
				t.Errorf("%s: %q counts as a word of another subject", q, w)
			}
		}
	}
	const q = "工作许可明天到期"
	if w := fixtureWithSynonyms(t, SynonymGroup{Canonical: "明天"}).Words(q); !slices.Contains(w, "明天") {
		t.Errorf("with 明天 a canonical word of the rules, %q reads %v: want 明天 kept", q, w)
	}
	if w := m.Words(q); slices.Contains(w, "明天") {
		t.Errorf("%q reads %v: want 明天 dropped", q, w)
	}
	used := fixtureMatcherWith(t, func(cfg *Config) {
		cfg.Rules.FAQs[0].Alternates = append(cfg.Rules.FAQs[0].Alternates, "明天能办吗")
	})
	if w := used.Words(q); !slices.Contains(w, "明天") {
		t.Errorf("with 明天 in an alternate, %q reads %v: want 明天 kept", q, w)
	}
}
