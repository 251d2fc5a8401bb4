package intents

import (
	"sort"
	"strconv"
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
// dictionary, and the lowest frequency loaded (gse's MinTokenFreq).
const singleCharFreq = 2

// newSegmenter builds a Segmenter from the lean dictionary plus the domain
// words. A Segmenter is never changed after this function returns, so it is
// safe for concurrent cutting; a new configuration gets a new Segmenter.
func newSegmenter(domain []string) *gse.Segmenter {
	seg := warmed.take()
	if seg == nil {
		seg = newBaseSegmenter()
	}
	words := append([]string(nil), domain...)
	sort.Strings(words)
	add := func(word string, freq float64, pos string) {
		seg.Dict.AddToken(seg.ToToken(word, freq, pos))
	}
	for _, w := range words {
		if w == "" || strings.ContainsAny(w, " \t\n") {
			continue
		}
		add(w, domainFreq, "n")
	}
	// Every character gets a word of its own, at the lowest frequency,
	// unless the dictionary already has it. gse's DAG, unlike jieba's, has
	// no edge for a character that is not a word (the lean dictionary has
	// no 会 or 没): a path through such a character is lost, and the
	// segmenter cuts 工作许可通知会 as 工作许可/通/知会 although
	// 工作许可通知 is a word. gse keeps the first entry of a word, so these
	// entries change nothing for characters that are words already.
	seen := make(map[rune]bool, 6000)
	addChars := func(s string) {
		for _, r := range s {
			if r >= 0x3400 && !seen[r] && unicode.Is(unicode.Han, r) {
				seen[r] = true
				add(string(r), singleCharFreq, "x")
			}
		}
	}
	addChars(dict.Chinese())
	for _, w := range words {
		addChars(w)
	}
	return seg
}

// newBaseSegmenter builds a Segmenter that holds the lean dictionary's
// words and nothing the rules shape: newSegmenter adds the domain words
// and the single characters to it, in that order.
func newBaseSegmenter() *gse.Segmenter {
	loadHMM.Do(func() { hmm.LoadModel() })
	seg := &gse.Segmenter{NotLoadHMM: true, SkipLog: true}
	seg.Dict = gse.NewDict()
	seg.Init()
	base := dict.Chinese()
	// The dictionary's token list, sized once (the lean dictionary's
	// lines, and room for the domain words and the 6,000 or so single
	// characters newSegmenter adds): grown an append at a time it is
	// copied over and over while the garbage collector is busy with the
	// rest of start-up. Only its capacity is set; gse fills it as before.
	seg.Dict.Tokens = make([]gse.Token, 0, strings.Count(base, "\n")+16000)
	// Tokens are added to the dictionary directly rather than through
	// LoadDictStr, which after loading cuts every one of the 25,000 words
	// again to prepare gse's search mode (CalcToken): two thirds of the
	// start-up time, for a mode the matcher never uses. Cut(text, true)
	// needs only the words and their frequencies. gse keeps the first
	// entry of a word, as LoadDictStr does. Unlike LoadDictStr, a word of
	// one character keeps its frequency instead of gse's flat 2: with 2,
	// the segmenter glues common one-character verbs to their neighbours
	// (一定要领 → 一定/要领, 'essentials', instead of 一定要/领), and the
	// evaluation sets lose questions.
	for line := range strings.Lines(base) {
		word, freq, pos, ok := dictLine(line)
		if !ok || freq < singleCharFreq {
			continue
		}
		seg.Dict.AddToken(seg.ToToken(word, freq, pos))
	}
	return seg
}

// dictLine reads a line of the lean dictionary, "word freq [pos]" with
// single spaces (dict's generator writes them so), as strings.Fields would,
// at a fraction of its cost: the 25,000 lines are read at every start.
func dictLine(line string) (word string, freq float64, pos string, ok bool) {
	line = strings.TrimRight(line, "\r\n")
	word, rest, ok := strings.Cut(line, " ")
	if !ok || word == "" {
		return "", 0, "", false
	}
	f, pos, _ := strings.Cut(rest, " ")
	freq, err := strconv.ParseFloat(f, 64)
	if err != nil {
		return "", 0, "", false
	}
	return word, freq, pos, true
}

// warmed is the base Segmenter Warm builds ahead of the first New.
var warmed warmSegmenter

type warmSegmenter struct {
	mu      sync.Mutex
	started bool
	// ready delivers the Segmenter Warm builds; nil once taken.
	ready chan *gse.Segmenter
}

// Warm starts building, in the background, the part of a Matcher that no
// rules file shapes: the segmenter's dictionary of everyday words, about a
// third of what New costs at start-up. The next New takes it, waiting for
// it if need be, instead of building its own; later ones build their own.
// A process calls Warm once, before it reads its rules files, so that the
// two overlap; calling it again does nothing. New is the same with or
// without it.
func Warm() {
	w := &warmed
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.started {
		return
	}
	w.started = true
	ready := make(chan *gse.Segmenter, 1)
	w.ready = ready
	go func() { ready <- newBaseSegmenter() }()
}

// take returns the warmed Segmenter, waiting for it, to the first caller
// after Warm, and nil to every other caller (or without Warm).
func (w *warmSegmenter) take() *gse.Segmenter {
	w.mu.Lock()
	ready := w.ready
	w.ready = nil
	w.mu.Unlock()
	if ready == nil {
		return nil
	}
	return <-ready
}
