package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestPrune(t *testing.T) {
	const src = "甲 5 n\n" +
		"乙 1 n\n" + // below -min
		"丙 9 v\r\n" + // CRLF
		"坏行\n" + // no frequency
		"丁 x n\n" + // non-numeric frequency
		"戊 5 a\n" + // ties with 甲: 甲 comes first
		"甲 100 n\n" + // repeated word: gse keeps the first
		"己  7\tn\n" + // odd whitespace is normalised
		"\n" +
		"庚 5 d\n"

	tests := []struct {
		n    int
		want string
	}{
		{1, "丙 9 v\n"},
		{2, "丙 9 v\n己 7 n\n"},
		{3, "甲 5 n\n丙 9 v\n己 7 n\n"},
		{4, "甲 5 n\n丙 9 v\n戊 5 a\n己 7 n\n"},
		{100, "甲 5 n\n丙 9 v\n戊 5 a\n己 7 n\n庚 5 d\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		kept, total, err := prune(strings.NewReader(src), &out, tt.n, 2)
		if err != nil {
			t.Fatalf("n=%d: %v", tt.n, err)
		}
		if out.String() != tt.want {
			t.Errorf("n=%d: got\n%s\nwant\n%s", tt.n, out.String(), tt.want)
		}
		if wantKept := strings.Count(tt.want, "\n"); kept != wantKept || total != 6 {
			t.Errorf("n=%d: kept, total = %d, %d; want %d, 6", tt.n, kept, total, wantKept)
		}
	}
}

func TestPruneEmpty(t *testing.T) {
	var out bytes.Buffer
	if _, _, err := prune(strings.NewReader("a 1 n\n"), &out, 10, 2); err == nil {
		t.Error("want an error when nothing is kept")
	}
}
