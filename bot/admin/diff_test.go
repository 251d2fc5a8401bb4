package admin

import (
	"slices"
	"testing"
)

func TestLineDiffShowsChangesWithContext(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\n"
	b := "a\nb\nc\nd\nX\ne\nf\ng\nH\n"
	want := []diffLine{{"…", "", "gap"}, {" ", "c", "same"}, {" ", "d", "same"}, {"+", "X", "add"}, {" ", "e", "same"},
		{" ", "f", "same"}, {" ", "g", "same"}, {"-", "h", "del"}, {"+", "H", "add"}, {" ", "", "same"}}
	if got := lineDiff(a, b); !slices.Equal(got, want) {
		t.Errorf("lineDiff = %q\nwant %q", got, want)
	}
	if got := lineDiff(a, a); got != nil {
		t.Errorf("the diff of a text with itself is %q", got)
	}
}
