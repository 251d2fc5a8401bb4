package intents

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestT2STableIsWellFormed(t *testing.T) {
	n := 0
	for i, line := range strings.Split(t2sData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		n++
		from, to, ok := strings.Cut(line, "\t")
		if !ok || utf8.RuneCountInString(from) != 1 || utf8.RuneCountInString(to) != 1 || from == to {
			t.Errorf("t2s.txt:%d: %q is not \"traditional<TAB>simplified\"", i+1, line)
		}
	}
	if n < 4000 || len(t2s) != n {
		t.Errorf("t2s has %d entries from %d lines, want the whole OpenCC table (>4000)", len(t2s), n)
	}
}

func TestNormConvertsTraditionalCharacters(t *testing.T) {
	tests := map[string]string{
		"請問申報網址有沒有改": "请问申报网址有没有改",
		"融合後強制參保嗎？":  "融合后强制参保吗",
		"並聯系統還能用嗎":   "并联系统还能用吗",
		"許可通知註銷":     "许可通知注销",
		"ＪＰＧ格式，２Ｍ以內": "jpg格式 2m以内",
	}
	for in, want := range tests {
		if got := norm(in); got != want {
			t.Errorf("norm(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNormHanFastPath: norm's fast path for Chinese characters gives what
// its general path gives, for every unified ideograph alone and between
// other characters.
func TestNormHanFastPath(t *testing.T) {
	changed := 0
	for r := rune(hanFirst); r <= hanLast; r++ {
		if _, ok := t2s[r]; ok {
			changed++
		}
		for _, text := range []string{string(r), "A " + string(r) + "，x", string(r) + string(r) + "！"} {
			if got, want := norm(text), normWith(text, false); got != want {
				t.Fatalf("norm(%q) = %q, want %q", text, got, want)
			}
		}
	}
	if changed < 2000 {
		t.Fatalf("only %d traditional characters in the block: the table is not loaded", changed)
	}
}
