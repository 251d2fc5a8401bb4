// Package dict ships the lean Chinese dictionary used to segment questions.
//
// gse's own simplified Chinese dictionary (gse.NewEmbed("zh_s"), that is
// data/dict/zh/s_1.txt, ~352,000 words) takes well over a second to load and
// leaves the process at ~210 MB of resident memory, far more than an FAQ bot
// needs: its questions use everyday vocabulary. zh_lean.txt keeps only the
// 25,000 most frequent words of s_1.txt, each line as in s_1.txt
// ("word freq pos"); it is ~0.35 MB and costs ~10 MB of heap. 25,000 is
// where the bot's evaluation sets stop improving: 40,000 words answered no
// more questions (and cost 8 MB more), 20,000 lost out-of-scope precision.
// With HMM on (Cut(text, true)) it segments the FAQ's questions like the full
// dictionary except that a few compounds come out as their parts (业务流程 ->
// 业务/流程). Domain terms too rare to make the cut (证照, 超龄, 换发, 社保卡)
// are mostly recovered by the HMM; to be sure of them, load a small word list
// of the bot's own on top with a second LoadDictStr call.
//
// Use it as:
//
//	hmm.LoadModel() // once per process (github.com/go-ego/gse/hmm)
//	seg := gse.Segmenter{NotLoadHMM: true, SkipLog: true}
//	err := seg.LoadDictStr(dict.Chinese())
//
// The HMM model lives in a package-level map of gse/hmm; loading it again for
// each Segmenter (what NotLoadHMM: false does) races with concurrent
// segmentation, so load it once, for instance behind a sync.Once.
//
// Importing gse does not by itself put gse's embedded dictionaries (~32 MB:
// ja, zh_s, zh_t) in the binary: the linker drops them as long as nothing
// reachable calls NewEmbed or LoadDictEmbed. Reflection can make them
// reachable again (a *gse.Segmenter handed to text/template keeps all its
// exported methods, LoadDictEmbed included); building with -tags ne (gse's
// dict_no_embed.go) removes them whatever the code does, at the price of
// NewEmbed loading empty dictionaries and gse.ZhIdf not existing.
//
// # Regenerating
//
// zh_lean.txt is generated from s_1.txt of the gse version that go.mod
// requires (the generator finds it with go list -m, downloading the module if
// needed). After changing the gse version or the word count, run
//
//	go generate ./intents/dict
//
// from the module root (or go run ./internal/gen -n N from this directory).
// The output is deterministic: the N most frequent words with a frequency of
// at least 2, ties at the cut-off broken by file order, written in s_1.txt's
// order, so regenerating with the same inputs gives identical bytes.
package dict

import _ "embed"

//go:generate go run ./internal/gen -n 25000 -min 2 -o zh_lean.txt

//go:embed zh_lean.txt
var zhLean string

// Chinese returns the lean simplified Chinese dictionary in gse's dictionary
// format, one "word freq pos" entry per line, for
// (*gse.Segmenter).LoadDictStr.
func Chinese() string {
	return zhLean
}
