package intents

import (
	"slices"
	"testing"
)

// TestCourtesiesSayNothing: an English formula of courtesy around a
// question adds no word to it (in advance is not 提前, English not 英文,
// reply not 答复), and a message of thanks in such a formula is still
// thanks.
func TestCourtesiesSayNothing(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	const q = "照片有什么要求"
	want := m.Words(q)
	if len(want) == 0 {
		t.Fatalf("%q reads no words: the test would prove nothing", q)
	}
	for _, text := range []string{
		q + " Thanks in advance!",
		"Sorry for my poor English. " + q,
		q + " Looking forward to your reply.",
		"Hope this email finds you well. " + q + " Best regards",
	} {
		if got := m.Words(text); !slices.Equal(got, want) {
			t.Errorf("%q reads %v, want %v as %q does", text, got, want, q)
		}
	}
	if got := m.Words("advance payment"); len(got) == 0 {
		t.Errorf("advance payment reads no words: only the whole formula is a courtesy")
	}
	if d := m.Match("Thanks in advance!"); d.Kind != KindSmallTalk || d.Intent != "thanks" {
		t.Errorf("Thanks in advance! got %s %q, want the thanks small talk", d.Kind, d.Intent)
	}
}

func TestReplaceWords(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"thank in advanc photo", " thank  photo"},
		{"photo thank in advanc.", "photo  thank "},
		{"photo thank in advanced", "photo thank in advanced"},
		{"xthank in advanc", "xthank in advanc"},
		{"thank in advanc thank in advanc", " thank   thank "},
	} {
		if got := replaceWords(c.text, "thank in advanc", " thank "); got != c.want {
			t.Errorf("replaceWords(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
