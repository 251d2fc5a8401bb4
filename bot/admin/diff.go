package admin

import "strings"

// diffLine is one line of a line diff: Op is ' ', '+' or '-', or '…'
// for unchanged lines left out.
type diffLine struct {
	Op    string
	Text  string
	Class string // for the page: add, del, same, gap
}

// diffContext is how many unchanged lines are kept around a change.
const diffContext = 2

// lineDiff compares two texts line by line (longest common subsequence
// on what lies between their common head and tail; a rules edit changes
// a few lines of a few hundred).
func lineDiff(a, b string) []diffLine {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	head := 0
	for head < len(x) && head < len(y) && x[head] == y[head] {
		head++
	}
	tail := 0
	for tail < len(x)-head && tail < len(y)-head && x[len(x)-1-tail] == y[len(y)-1-tail] {
		tail++
	}
	mx, my := x[head:len(x)-tail], y[head:len(y)-tail]
	if len(mx)*len(my) > 4_000_000 {
		// Too different to align cheaply: all out, all in.
		var out []diffLine
		for _, l := range mx {
			out = append(out, diffLine{Op: "-", Text: l})
		}
		for _, l := range my {
			out = append(out, diffLine{Op: "+", Text: l})
		}
		return withContext(x[:head], out, x[len(x)-tail:])
	}
	// lcs[i][j] is the LCS length of mx[i:] and my[j:].
	lcs := make([][]int32, len(mx)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(my)+1)
	}
	for i := len(mx) - 1; i >= 0; i-- {
		for j := len(my) - 1; j >= 0; j-- {
			if mx[i] == my[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var mid []diffLine
	i, j := 0, 0
	for i < len(mx) || j < len(my) {
		switch {
		case i < len(mx) && j < len(my) && mx[i] == my[j]:
			mid = append(mid, diffLine{Op: " ", Text: mx[i]})
			i++
			j++
		case j < len(my) && (i == len(mx) || lcs[i][j+1] > lcs[i+1][j]):
			mid = append(mid, diffLine{Op: "+", Text: my[j]})
			j++
		default:
			mid = append(mid, diffLine{Op: "-", Text: mx[i]})
			i++
		}
	}
	return withContext(x[:head], mid, x[len(x)-tail:])
}

// withContext keeps the changes and diffContext unchanged lines around
// each; nil when nothing changed.
func withContext(head []string, mid []diffLine, tail []string) []diffLine {
	all := make([]diffLine, 0, len(head)+len(mid)+len(tail))
	for _, l := range head {
		all = append(all, diffLine{Op: " ", Text: l})
	}
	all = append(all, mid...)
	for _, l := range tail {
		all = append(all, diffLine{Op: " ", Text: l})
	}
	keep := make([]bool, len(all))
	changed := false
	for i, l := range all {
		if l.Op != " " {
			changed = true
			for k := max(0, i-diffContext); k <= min(len(all)-1, i+diffContext); k++ {
				keep[k] = true
			}
		}
	}
	if !changed {
		return nil
	}
	var out []diffLine
	for i, l := range all {
		switch {
		case keep[i]:
			out = append(out, l)
		case len(out) > 0 && out[len(out)-1].Op == "…":
		default:
			out = append(out, diffLine{Op: "…"})
		}
	}
	classes := map[string]string{"+": "add", "-": "del", " ": "same", "…": "gap"}
	for i := range out {
		out[i].Class = classes[out[i].Op]
	}
	return out
}
