// Package intents matches an employer's question to one of the official
// FAQ answers, or says honestly that none fits.
//
// It reads two files: faq.yaml, the content (the official answers, the
// portals, the counter), and intents.yaml, what operators teach: each
// FAQ's example questions (alternates), example questions the FAQ does not
// answer (out_of_scope), synonyms, topics for follow-ups, small talk.
// Parse validates both and reports every problem with its file, line and
// field; New learns a Matcher from them.
//
// A Matcher is pure: it does no I/O, is never modified after New, and is
// safe for concurrent use, so a reload builds a new one beside the old and
// swaps it (package reload). The same files always give the same Matcher.
// Training is most of what New costs; Open loads the trained model from a
// snapshot a process of the same build saved for the same files
// (snapshot.go), the same model to the last bit, so that a server starts
// in about half the time. The snapshot directory is as trusted as the
// rules files: whoever writes it decides the answers.
//
// How a question is answered, file by file:
//   - markup.go: a message's @mentions, emoticon codes ([抱拳]) and the
//     numbers of a list (1. 2、) go.
//   - normalize.go, analyse.go, names.go: full width to half, traditional
//     to simplified, personal details removed (package pii: numbers,
//     addresses; names.go: names in Latin letters and Chinese names after
//     a self-introduction), long messages cut to their beginning and end,
//     English dates written as Chinese ones (dates.go: Dec 1 → 12月1日),
//     English words stemmed and mapped through the bilingual lexicon
//     (lexicon.go: the domain's terms, and a general section for the
//     subjects a FAQ added later may be about), everyday Chinese words
//     mapped to the official ones (lexicon_zh.txt: 老外 → 外国人, 价格 →
//     费用, 延长 → 延期), voice-input typos repaired by sound (sounds.go),
//     English formulas of courtesy dropped whole (courtesy.go: thanks in
//     advance is no 提前), domain words written in pinyin read as the
//     words (romanised.go: binglian is 并联), gse segmentation, synonyms to canonical words,
//     and generic words that name no subject dropped (stopwords_en.txt,
//     stopwords_zh.txt: 咋整, 请教, 到底), so that they neither help nor
//     count against a message.
//   - compound.go: a word of a message that no example knows is read as
//     the known words it is made of (纳税申报 as 纳税 and 申报), or as the
//     known word gse's HMM glued one more character to (报工伤), so that
//     it does not count for "none of these" as a word of another subject.
//   - model.go: the learned model, a naive Bayes classifier over words,
//     word pairs, characters and character bigrams with a class per FAQ
//     and one for "none of these"; similar.go: the similarity to each
//     FAQ's closest example, a second signal.
//   - calibrate.go: from scores to probabilities and the answer, clarify
//     and fallback thresholds, all learned by leave-one-out over the
//     examples. A FAQ taught by few examples (a FAQ just added with five
//     alternates) is answered at a threshold of its own, learned by
//     scoring the questions of the richly taught FAQs again with their
//     FAQ cut down to five alternates (only when the files have such a
//     FAQ: otherwise nothing would use it); beside richly taught FAQs its
//     score gets a bias of one temperature (calibration.SparseBias says
//     why it is set rather than learned). Words no example knows (numbers
//     and dates aside) count for "none of these" by their share of the
//     message, so a long message's background does not drown its
//     question. The out_of_scope examples are weighed to
//     decision.out_of_scope_share of the left-out questions. No number in
//     it is set per FAQ; the desk's policy numbers (decision: in
//     intents.yaml) are the costs of the outcomes and that share.
//   - decide.go: the whole decision, in one place: small talk, answer,
//     clarify or fallback, how a conversation's context changes it, and a
//     long message read clause by clause when its background outweighs
//     its one question.
//   - asks.go: what a question asks for beside its subject; one that asks
//     only how long, how much, where (or whom to turn to), which number,
//     what rate, which address, what age, whether to book or whether
//     someone else may do it is answered only by a FAQ whose answer gives
//     it (or whose question or examples ask it), read from the FAQ texts,
//     not set per FAQ.
//   - scope.go: what an answer is for (FAQ 9: cards not yet expired), and
//     a yes-no question whether something only out_of_scope examples
//     speak of is required, which no FAQ's answer says.
//   - steps.go: an answer that tells steps in order, and a follow-up that
//     asks what comes next (审批通过后呢).
//   - explain.go: why, for operators, with the learned weight of each word.
//
// Dependencies, and why:
//   - github.com/go-ego/gse segments Chinese: a pure-Go jieba-style
//     segmenter (dictionary DAG plus HMM for unknown words) with no cgo.
//     Its embedded dictionaries are never loaded (see package dict and
//     segment.go); its HMM model is loaded once per process, because
//     loading it races with concurrent cutting. Its dictionary of
//     everyday words is a third of what New costs at start-up; Warm
//     builds it in the background while a server reads its rules files.
//   - go.yaml.in/yaml/v3 (the maintained continuation of gopkg.in/yaml.v3)
//     decodes the files: its Node API gives the line of every entry, and
//     KnownFields rejects misspelt keys, which operators' errors need.
//   - golang.org/x/text/width folds full-width letters and digits.
//     Traditional characters are mapped by a table generated from OpenCC's
//     character list (t2s.txt), not by a converter library.
//   - github.com/mozillazg/go-pinyin (MIT, the pinyin-data tables) is used
//     only by go generate (internal/pinyingen), which writes the main
//     reading of each character into pinyin.txt (65 KB). Linking it would
//     add its 42,000-entry map and its start-up cost to every process, and
//     its per-character lookup costs about 6 µs.
package intents
