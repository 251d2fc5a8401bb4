package intents

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/go-ego/gse"
	"github.com/go-ego/gse/hmm"

	"github.com/kzrh/faqbot/intents/dict"
)

// gse keeps its HMM model in a package-level map that every Segmenter
// loads into unless NotLoadHMM is set; loading it while another goroutine
// cuts is a data race. The model is the same for every Segmenter, so it is
// loaded once per process and every Segmenter here is built with
// NotLoadHMM.
var loadHMM sync.Once

// domainFreq is the frequency given to domain words: high enough that the
// segmenter keeps 换发电子证照 whole rather than cutting it by the everyday
// frequencies of its parts.
const domainFreq = 200000

// singleCharFreq is the frequency of a character that is not a word of the
// dictionary. gse gives every one-character word frequency 2 whatever the
// file says (and drops entries below its MinTokenFreq, 2), so this is the
// lowest that loads.
const singleCharFreq = 2

// newSegmenter builds a Segmenter from the lean dictionary plus the domain
// words. A Segmenter is never changed after this function returns, so it is
// safe for concurrent cutting; a new configuration gets a new Segmenter.
func newSegmenter(domain []string) (*gse.Segmenter, error) {
	loadHMM.Do(func() { hmm.LoadModel() })
	seg := &gse.Segmenter{NotLoadHMM: true, SkipLog: true}
	words := append([]string(nil), domain...)
	sort.Strings(words)
	var b strings.Builder
	base := dict.Chinese()
	b.Grow(len(base) + 32*len(words))
	b.WriteString(base)
	for _, w := range words {
		if w == "" || strings.ContainsAny(w, " \t\n") {
			continue
		}
		// One LoadDictStr call: gse recomputes every token's path value
		// after each call, so loading twice costs twice.
		fmt.Fprintf(&b, "\n%s %d n", w, domainFreq)
	}
	// Every character gets a word of its own, at the lowest frequency,
	// unless the dictionary already has it. gse's DAG, unlike jieba's, has
	// no edge for a character that is not a word (the lean dictionary has
	// no 会 or 没): a path through such a character is lost, and the
	// segmenter cuts 工作许可通知会 as 工作许可/通/知会 although
	// 工作许可通知 is a word. gse keeps the first entry of a word, so these
	// lines change nothing for characters that are words already.
	seen := make(map[rune]bool, 6000)
	addChars := func(s string) {
		for _, r := range s {
			if r >= 0x3400 && !seen[r] && unicode.Is(unicode.Han, r) {
				seen[r] = true
				fmt.Fprintf(&b, "\n%c %d x", r, singleCharFreq)
			}
		}
	}
	addChars(base)
	for _, w := range words {
		addChars(w)
	}
	if err := seg.LoadDictStr(b.String()); err != nil {
		return nil, fmt.Errorf("load segmentation dictionary: %w", err)
	}
	return seg, nil
}
