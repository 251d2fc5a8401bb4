package intents

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Example is one labelled question of an evaluation set: a JSON line
// {"text":"...","want":[9,13]} where want lists acceptable FAQ numbers, or a
// small-talk intent name, "clarify" or "fallback"; an empty want is
// "fallback", a question no FAQ answers. An optional "style" names
// the kind of message (e.g. "english", "voice", "long") so that reports can
// break accuracy down by it.
type Example struct {
	Text  string
	Want  []string // FAQ numbers as decimal strings, or names
	Style string
	Line  int
}

// ReadExamples reads an evaluation set. name is used in error messages.
func ReadExamples(name string, r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			if utf16BOM(b) {
				return nil, fmt.Errorf("%s: UTF-16 text: save the file as UTF-8", name)
			}
			// Windows Notepad begins a UTF-8 file with a byte-order mark.
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		if !utf8.Valid(b) {
			// JSON would read it with its bytes replaced, and every
			// question would be nonsense.
			return nil, fmt.Errorf("%s:%d: %s", name, line, notUTF8)
		}
		var raw struct {
			Text  string            `json:"text"`
			Want  []json.RawMessage `json:"want"`
			Style string            `json:"style"`
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if raw.Text == "" || raw.Want == nil {
			return nil, fmt.Errorf("%s:%d: both text and want are required", name, line)
		}
		if len(raw.Want) == 0 {
			// "want": [] — no FAQ answers it: the bot should fall back.
			raw.Want = []json.RawMessage{json.RawMessage(`"fallback"`)}
		}
		ex := Example{Text: raw.Text, Style: raw.Style, Line: line}
		for _, w := range raw.Want {
			var n int
			var s string
			switch {
			case json.Unmarshal(w, &n) == nil:
				ex.Want = append(ex.Want, strconv.Itoa(n))
			case json.Unmarshal(w, &s) == nil:
				ex.Want = append(ex.Want, s)
			default:
				return nil, fmt.Errorf("%s:%d: want holds %s; use FAQ numbers or intent names", name, line, w)
			}
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Accepts reports whether decision d is one of the wanted outcomes.
func (ex Example) Accepts(d Decision) bool {
	for _, w := range ex.Want {
		switch d.Kind {
		case KindAnswer:
			if w == strconv.Itoa(d.FAQ) {
				return true
			}
		case KindSmallTalk:
			if w == d.Intent {
				return true
			}
		default:
			if w == string(d.Kind) {
				return true
			}
		}
	}
	return false
}

// InScope reports whether the example wants a FAQ answer.
func (ex Example) InScope() bool {
	_, err := strconv.Atoi(ex.Want[0])
	return err == nil
}

// Outcome is one example with the matcher's decision.
type Outcome struct {
	Example  Example
	Decision Decision
}

// Report summarises an evaluation.
type Report struct {
	Total, Correct            int
	InScope, InScopeCorrect   int // want a FAQ; correct means answered with one of them
	Fallback, FallbackCorrect int // want fallback; correct means fallback
	SmallTalk, SmallCorrect   int // want a small-talk intent
	WrongAnswers              int // answered a FAQ that was not wanted: the costly error
	PerFAQ                    []FAQStats
	// ByStyle breaks the figures down by the examples' style (English,
	// voice, long…), in order of first appearance; empty without styles.
	ByStyle []StyleStats
	Misses  []Outcome // every incorrect outcome, in file order
}

// StyleStats counts the examples of one style.
type StyleStats struct {
	Style                 string
	Total, Correct, Wrong int // Wrong: answered a FAQ that was not wanted
}

// FAQStats is precision and recall of one FAQ over an evaluation set.
type FAQStats struct {
	No                int
	TP, FP, FN        int
	Precision, Recall float64
}

// Accuracy is the share of all examples decided correctly.
func (r Report) Accuracy() float64 { return ratio(r.Correct, r.Total) }

// InScopeAccuracy is the share of in-scope questions answered with a wanted FAQ.
func (r Report) InScopeAccuracy() float64 { return ratio(r.InScopeCorrect, r.InScope) }

// FallbackAccuracy is the share of out-of-scope questions that fell back.
func (r Report) FallbackAccuracy() float64 { return ratio(r.FallbackCorrect, r.Fallback) }

// SmallTalkAccuracy is the share of small-talk messages recognised as such.
func (r Report) SmallTalkAccuracy() float64 { return ratio(r.SmallCorrect, r.SmallTalk) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Evaluate runs every example through the matcher, each on its own (no
// conversation context).
func Evaluate(m *Matcher, examples []Example) Report {
	var r Report
	stats := map[int]*FAQStats{}
	stat := func(no int) *FAQStats {
		if stats[no] == nil {
			stats[no] = &FAQStats{No: no}
		}
		return stats[no]
	}
	for _, f := range m.cfg.Content.FAQs {
		stat(f.No)
	}
	styles := map[string]int{}
	for _, ex := range examples {
		d := m.Explain(ex.Text)
		ok := ex.Accepts(d)
		if ex.Style != "" {
			i, seen := styles[ex.Style]
			if !seen {
				i = len(r.ByStyle)
				styles[ex.Style] = i
				r.ByStyle = append(r.ByStyle, StyleStats{Style: ex.Style})
			}
			st := &r.ByStyle[i]
			st.Total++
			if ok {
				st.Correct++
			} else if d.Kind == KindAnswer {
				st.Wrong++
			}
		}
		r.Total++
		if ok {
			r.Correct++
		} else {
			r.Misses = append(r.Misses, Outcome{Example: ex, Decision: d})
		}
		switch {
		case ex.InScope():
			r.InScope++
			if ok {
				r.InScopeCorrect++
			}
		case ex.Want[0] == "fallback":
			r.Fallback++
			if ok {
				r.FallbackCorrect++
			}
		case slices.Contains(SmallTalkNames, ex.Want[0]):
			r.SmallTalk++
			if ok {
				r.SmallCorrect++
			}
		}
		if d.Kind == KindAnswer {
			if ok {
				stat(d.FAQ).TP++
			} else {
				stat(d.FAQ).FP++
				r.WrongAnswers++
			}
		}
		if !ok && ex.InScope() {
			for _, w := range ex.Want {
				if no, err := strconv.Atoi(w); err == nil {
					stat(no).FN++
				}
			}
		}
	}
	for _, s := range stats {
		s.Precision = ratio(s.TP, s.TP+s.FP)
		s.Recall = ratio(s.TP, s.TP+s.FN)
		r.PerFAQ = append(r.PerFAQ, *s)
	}
	sort.Slice(r.PerFAQ, func(i, j int) bool { return r.PerFAQ[i].No < r.PerFAQ[j].No })
	return r
}
