package platform

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitTextKeepsShortTextWhole(t *testing.T) {
	for _, text := range []string{"你好", "一\n二\n三", "一\n\n二", strings.Repeat("字", MaxTextBytes/3)} {
		if got := SplitText(text, MaxTextBytes); len(got) != 1 || got[0] != text {
			t.Errorf("SplitText(%q) = %q", text, got)
		}
	}
	if got := SplitText(" \n\n ", MaxTextBytes); len(got) != 0 {
		t.Errorf("white space gave %q, want nothing", got)
	}
}

func TestSplitTextCutsAtLineBreaks(t *testing.T) {
	got := SplitText("aaaa\nbbbb\ncccc", 9)
	want := []string{"aaaa\nbbbb", "cccc"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSplitTextKeepsParagraphsWhole: an English answer, the official
// Chinese under its label and the links are cut apart at their blank
// lines, not line by line, and packed into as few messages as fit.
func TestSplitTextKeepsParagraphsWhole(t *testing.T) {
	english := "【Has the process changed?】\n" + strings.Repeat("Yes. ", 200) + "\nOther types are not affected."
	official := "Official wording (Chinese)｜官方原文：\n【业务流程是否发生变化？】\n" + strings.Repeat("是。", 150) + "\n其他业务类型不受影响。"
	links := "Websites:\n<a href=\"https://fwp.safea.gov.cn/lhgzweb/\">Foreigners' Work Management Service System (外国人来华工作管理服务系统)</a>"
	text := english + "\n\n" + official + "\n\n" + links
	if len(english)+2+len(official) <= MaxTextBytes || len(official)+2+len(links) > MaxTextBytes {
		t.Fatalf("the test text no longer has the shape it needs: %d + %d + %d bytes", len(english), len(official), len(links))
	}
	got := SplitText(text, MaxTextBytes)
	want := []string{english, official + "\n\n" + links}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %d parts %q\nwant %d parts %q", len(got), got, len(want), want)
	}
}

func TestSplitTextCutsALongParagraphAtLineBreaks(t *testing.T) {
	got := SplitText("aa\n\nbbbb\ncccc\ndd\n\nee", 9)
	want := []string{"aa", "bbbb\ncccc", "dd\n\nee"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSplitTextCutsLongLinesAfterPunctuationAndNeverInsideALink(t *testing.T) {
	link := `<a href="https://example.com/x">网点</a>`
	line := "请带身份证。" + link + "办理"
	got := SplitText(line, len(link)+2)
	want := []string{"请带身份证。", link, "办理"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSplitTextCutsALinkOnlyWhenItAloneIsTooLong(t *testing.T) {
	link := `<a href="https://example.com/` + strings.Repeat("长", 20) + `">x</a>`
	for _, p := range SplitText(link, 32) {
		if len(p) > 32 || !utf8.ValidString(p) {
			t.Errorf("part %q: %d bytes, valid UTF-8 %v", p, len(p), utf8.ValidString(p))
		}
	}
}

// TestSplitTextNeverExceedsTheLimit checks the invariants on generated
// answers shaped like the bot's: Chinese lines, links, long lines.
func TestSplitTextNeverExceedsTheLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"社保卡", "，", "。", " ", "JPG", "ICAO", "\n", "\n\n", "请携带身份证原件", "😀",
		`<a href="https://example.com/portal?id=1&x=2">办事大厅</a>`, `<A HREF="https://e.cn">链接</A>`}
	for i := range 1000 {
		var b strings.Builder
		for range rng.IntN(600) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		limit := []int{MaxTextBytes, 100, 64, 17, 4}[i%5]
		checkSplit(t, b.String(), limit, limit >= 100)
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("第一行\n第二行<a href=\"x\">y</a>", 8)
	f.Add(strings.Repeat("长", 1000), MaxTextBytes)
	f.Add("\xff\xfe<a \n</a>", 3)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit > 1<<16 || limit < -1<<16 {
			return
		}
		checkSplit(t, text, limit, false)
	})
}

func checkSplit(t *testing.T, text string, limit int, linksFit bool) {
	t.Helper()
	parts := SplitText(text, limit)
	limit = max(limit, utf8.UTFMax)
	valid := utf8.ValidString(text)
	for _, p := range parts {
		if len(p) > limit {
			t.Fatalf("part of %d bytes, limit %d: %q", len(p), limit, p)
		}
		if valid && !utf8.ValidString(p) {
			t.Fatalf("part cuts a UTF-8 sequence: %q", p)
		}
		if strings.TrimSpace(p) == "" {
			t.Fatalf("empty part in %q", parts)
		}
		if linksFit && strings.Count(strings.ToLower(p), "<a ") != strings.Count(strings.ToLower(p), "</a>") {
			t.Fatalf("part cuts a link: %q", p)
		}
	}
	if got, want := withoutSpace(strings.Join(parts, "")), withoutSpace(text); got != want {
		t.Fatalf("content changed:\n got %q\nwant %q", got, want)
	}
}

func withoutSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
