// Package intents matches an employer's question to one of the official
// FAQ answers, or says honestly that none fits.
//
// It reads two files: faq.yaml, the content (the official answers, the
// portals, the counter), and intents.yaml, the rules operators tune
// (synonyms, keywords, alternate questions, topics for follow-ups,
// thresholds, small talk). Parse validates both and reports every problem
// with its file, line and field; New compiles them into a Matcher.
//
// A Matcher is pure: it does no I/O, is never modified after New, and is
// safe for concurrent use, so a reload builds a new one beside the old and
// swaps it (package reload). A question is normalised (normalize.go),
// segmented and mapped to canonical words (analyse.go), scored against
// every FAQ that shares a word with it through an inverted index
// (score.go), and decided: answer, clarify, fallback or small talk.
// Explain says why, for operators.
//
// Dependencies, and why:
//   - github.com/go-ego/gse segments Chinese: a pure-Go jieba-style
//     segmenter (dictionary DAG plus HMM for unknown words) with no cgo.
//     Its embedded dictionaries are never loaded (see package dict and
//     segment.go); its HMM model is loaded once per process, because
//     loading it races with concurrent cutting.
//   - go.yaml.in/yaml/v3 (the maintained continuation of gopkg.in/yaml.v3)
//     decodes the files: its Node API gives the line of every entry, and
//     KnownFields rejects misspelt keys, which operators' errors need.
//   - golang.org/x/text/width folds full-width letters and digits.
//     Traditional characters are mapped by a table generated from OpenCC's
//     character list (t2s.txt), not by a converter library.
package intents
