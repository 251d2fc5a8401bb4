package intents

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Content is faq.yaml: the official answers, the portals they link to and
// the counter that the human-handoff reply names. It holds no matching rules.
type Content struct {
	Portals []Portal `yaml:"portals"`
	Counter Counter  `yaml:"counter"`
	FAQs    []FAQ    `yaml:"faqs"`
}

// Portal is an official web portal an answer can link to.
type Portal struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	// NameEn is the English name, for English replies (english.go); the
	// Chinese name is added in brackets unless NameEn holds it.
	NameEn string `yaml:"name_en"`
}

// Counter is the service counter and phone a person can turn to.
type Counter struct {
	Name    string `yaml:"name"`
	Address string `yaml:"address"`
	Phone   string `yaml:"phone"`
	// NameEn and AddressEn are the English name and address, for
	// English replies (english.go).
	NameEn    string `yaml:"name_en"`
	AddressEn string `yaml:"address_en"`
}

// FAQ is one official question and its answer. No is its number in the
// source document and its public identity.
type FAQ struct {
	No       int      `yaml:"no"`
	ID       string   `yaml:"id"`
	Question string   `yaml:"question"`
	Answer   string   `yaml:"answer"`
	Links    []string `yaml:"links"`
	// QuestionEn and AnswerEn are the English rendering, shown to people
	// who write in English above the official Chinese text (english.go).
	QuestionEn string `yaml:"question_en"`
	AnswerEn   string `yaml:"answer_en"`
}

// Rules is intents/intents.yaml: how questions are matched to the content.
// Matching is learned from examples (see model.go): each FAQ's question and
// alternates, and the out_of_scope questions. Synonyms, stop words and
// fillers are facts of the language, not routing rules.
type Rules struct {
	Decision   DecisionRules   `yaml:"decision"`
	Model      ModelRules      `yaml:"model"`
	Fillers    []string        `yaml:"fillers"`
	Stopwords  []string        `yaml:"stopwords"`
	Domain     []string        `yaml:"domain_words"`
	OutOfScope []string        `yaml:"out_of_scope"`
	Synonyms   []SynonymGroup  `yaml:"synonyms"`
	Context    ContextRules    `yaml:"context"`
	Topics     []Topic         `yaml:"topics"`
	FAQs       []FAQRule       `yaml:"faqs"`
	SmallTalk  []SmallTalkRule `yaml:"smalltalk"`
	Menu       []MenuItem      `yaml:"menu"`
	Fallback   string          `yaml:"fallback"`
	// English holds the fixed replies in English (english.go); nil when the
	// file has none.
	English *EnglishReplies `yaml:"replies_en"`
}

// DecisionRules are the desk's policy for deciding. The thresholds
// themselves are learned from the examples (calibrate.go); these numbers
// say what the desk wants them to trade off. Every field is optional.
type DecisionRules struct {
	// WrongAnswerCost is how much worse a wrong answer is than an honest
	// fallback (default 4): the learned thresholds minimise the cost of
	// the examples' outcomes with this weight.
	WrongAnswerCost float64 `yaml:"wrong_answer_cost"`
	// ClarifyRightCost, ClarifyWrongCost and ClarifyNoneCost are the
	// costs, in fallbacks, of a clarification that offers the right FAQ
	// (a detour of one tap; default 0.6), of one that offers only other
	// FAQs (a detour, then a fallback; default 1.2), and of one on a
	// question no FAQ answers (default 1).
	ClarifyRightCost float64 `yaml:"clarify_right_cost"`
	ClarifyWrongCost float64 `yaml:"clarify_wrong_cost"`
	ClarifyNoneCost  float64 `yaml:"clarify_none_cost"`
	// OutOfScopeShare is the share of the questions people ask that no
	// FAQ answers (default 0.2): calibration weighs the out_of_scope
	// examples to this share, however many of them there are.
	OutOfScopeShare float64 `yaml:"out_of_scope_share"`
	// MaxSuggestions is the most FAQs a clarification offers (2..5,
	// default 3).
	MaxSuggestions int `yaml:"max_suggestions"`
	// SmallTalkCues is the weight of small-talk cues a short message that
	// no FAQ fits must hold to be taken as that small talk (default 3).
	SmallTalkCues float64 `yaml:"smalltalk_cues"`
}

// ModelRules shape the learned model (model.go). They are the same for
// every FAQ; the defaults suit the shipped files and rarely need a change.
type ModelRules struct {
	// PairWeight and CharWeight are the weights of a pair of adjacent words
	// and of a character or character bigram, against 1 for a word
	// (defaults 0.5, 0.25).
	PairWeight float64 `yaml:"pair_weight"`
	CharWeight float64 `yaml:"char_weight"`
	// AnswerWeight is the weight of each sentence of a FAQ's official
	// answer as an example of that FAQ, against 1 for an alternate
	// question (default 0.5).
	AnswerWeight float64 `yaml:"answer_weight"`
	// Smoothing is the additive smoothing of feature counts (default 0.3).
	Smoothing float64 `yaml:"smoothing"`
}

// MinAlternates is the fewest example questions a FAQ may have.
const MinAlternates = 5

// setDefaults fills the optional numbers an intents.yaml leaves out.
func (r *Rules) setDefaults() {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&r.Decision.WrongAnswerCost, 4)
	def(&r.Decision.ClarifyRightCost, 0.6)
	def(&r.Decision.ClarifyWrongCost, 1.2)
	def(&r.Decision.ClarifyNoneCost, 1)
	def(&r.Decision.OutOfScopeShare, 0.2)
	def(&r.Model.PairWeight, 0.5)
	def(&r.Model.CharWeight, 0.25)
	def(&r.Model.AnswerWeight, 0.5)
	def(&r.Model.Smoothing, 0.3)
	def(&r.Context.Weight, 0.5)
	def(&r.Decision.SmallTalkCues, 3)
	if r.Decision.MaxSuggestions == 0 {
		r.Decision.MaxSuggestions = 3
	}
}

// ContextRules weigh the conversation's context for follow-up questions.
type ContextRules struct {
	// Weight is how much the text of the conversation's topic counts,
	// against 1 for the message itself, when a follow-up (要交什么) is
	// completed with it (default 0.5).
	Weight float64 `yaml:"weight"`
}

// SynonymGroup maps every variant to one canonical word.
type SynonymGroup struct {
	Canonical string   `yaml:"canonical"`
	Variants  []string `yaml:"variants"`
}

// Topic groups FAQs for follow-up questions. Context is the text that
// completes an elliptical question; Terms are the words that make a question
// name the topic itself.
type Topic struct {
	Name    string   `yaml:"name"`
	Context string   `yaml:"context"`
	Terms   []string `yaml:"terms"`
}

// FAQRule holds the example questions of one FAQ: other ways people ask
// it. At least five are required; Topic optionally groups FAQs for
// follow-up questions.
type FAQRule struct {
	No         int      `yaml:"no"`
	Topic      string   `yaml:"topic"`
	Alternates []string `yaml:"alternates"`
}

// SmallTalkRule is one of the small-talk intents greeting, thanks, human, help.
type SmallTalkRule struct {
	Name     string   `yaml:"name"`
	Examples []string `yaml:"examples"`
	// Cues are words that make a short message (at most 20 characters)
	// that no FAQ fits this small talk (感谢帮忙, 帮我转个人工): they are
	// looked for anywhere in its text outside domain words, with weights
	// summed against decision.smalltalk_cues.
	Cues  map[string]float64 `yaml:"cues"`
	Reply string             `yaml:"reply"`
}

// MenuItem is one line of the numbered topic menu.
type MenuItem struct {
	Title string `yaml:"title"`
	FAQs  []int  `yaml:"faqs"`
}

// Config is a validated pair of faq.yaml and intents.yaml.
type Config struct {
	Content Content
	Rules   Rules
	// Version identifies the loaded files: a hash of both files' bytes.
	Version string
	// FAQFile and IntentsFile name the files in messages.
	FAQFile, IntentsFile string

	byNo map[int]*FAQ
	// sum is the whole hash Version is the beginning of: a trained
	// model's snapshot is found by it (snapshot.go).
	sum [sha256.Size]byte
}

// FAQ returns the FAQ with number no, or nil.
func (c *Config) FAQ(no int) *FAQ { return c.byNo[no] }

// Portal returns the portal with the given id, or nil.
func (c *Config) Portal(id string) *Portal {
	for i := range c.Content.Portals {
		if c.Content.Portals[i].ID == id {
			return &c.Content.Portals[i]
		}
	}
	return nil
}

// LoadFiles reads and validates faq.yaml and intents.yaml.
func LoadFiles(faqPath, intentsPath string) (*Config, error) {
	faqData, err := os.ReadFile(faqPath)
	if err != nil {
		return nil, fmt.Errorf("read FAQ file: %w", err)
	}
	intentsData, err := os.ReadFile(intentsPath)
	if err != nil {
		return nil, fmt.Errorf("read intents file: %w", err)
	}
	return Parse(faqPath, faqData, intentsPath, intentsData)
}

// Parse decodes and validates the two files' contents. The names are used
// in error messages only. Every problem found is reported, as a
// *ValidationError.
func Parse(faqName string, faqData []byte, intentsName string, intentsData []byte) (*Config, error) {
	c := &Config{FAQFile: faqName, IntentsFile: intentsName}
	var problems ValidationError
	problems = append(problems, decodeStrict(faqName, faqData, &c.Content)...)
	problems = append(problems, decodeStrict(intentsName, intentsData, &c.Rules)...)
	if len(problems) > 0 {
		// The structure is broken; semantic checks would only add noise.
		return nil, &problems
	}
	c.Rules.setDefaults()
	v := validator{c: c}
	v.validate()
	if len(v.problems) > 0 {
		// Files with problems are read again as node trees, which know
		// the line of every entry, and checked again to report them;
		// files without problems (every start, nearly every reload) are
		// parsed once.
		lined := validator{c: c, faqRoot: nodeTree(faqData), intentsRoot: nodeTree(intentsData)}
		lined.validate()
		if len(lined.problems) != len(v.problems) {
			// A check that read the trees for more than lines would be a
			// bug; report what the first pass found rather than nothing.
			return nil, &v.problems
		}
		return nil, &lined.problems
	}
	c.byNo = make(map[int]*FAQ, len(c.Content.FAQs))
	for i := range c.Content.FAQs {
		c.byNo[c.Content.FAQs[i].No] = &c.Content.FAQs[i]
	}
	h := sha256.New()
	h.Write(faqData)
	h.Write([]byte{0})
	h.Write(intentsData)
	h.Sum(c.sum[:0])
	c.Version = hex.EncodeToString(c.sum[:])[:12]
	return c, nil
}

// Problem is one thing wrong in a configuration file.
type Problem struct {
	File  string
	Line  int    // 0 when unknown
	Field string // e.g. faqs[3].answer; empty when not tied to a field
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ValidationError lists every problem found in the configuration files.
type ValidationError []Problem

func (e *ValidationError) Error() string {
	lines := make([]string, len(*e))
	for i, p := range *e {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// notUTF8 is the problem of a file that is not UTF-8 (a YAML file, a
// labelled set).
const notUTF8 = "not UTF-8 text: save the file as UTF-8 (Chinese Windows software often saves GBK)"

// utf16BOM reports whether data begins with UTF-16's byte-order mark.
func utf16BOM(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})
}

// decodeStrict decodes data into v, rejecting unknown keys.
func decodeStrict(name string, data []byte, v any) []Problem {
	if len(bytes.TrimSpace(data)) == 0 {
		return []Problem{{File: name, Msg: "the file is empty"}}
	}
	if !utf8.Valid(data) && !utf16BOM(data) {
		// yaml says only "invalid leading UTF-8 octet", without a line.
		// (It reads UTF-16 that begins with its byte-order mark.)
		valid := 0 // the bytes before the first that is not UTF-8
		for valid < len(data) {
			r, n := utf8.DecodeRune(data[valid:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			valid += n
		}
		line := 1 + bytes.Count(data[:valid], []byte{'\n'})
		return []Problem{{File: name, Line: line, Msg: notUTF8}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			// Comments and blank lines only: the YAML holds no document.
			return []Problem{{File: name, Msg: "the file is empty (only comments)"}}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			ps := make([]Problem, 0, len(te.Errors))
			for _, msg := range te.Errors {
				ps = append(ps, yamlProblem(name, msg))
			}
			return ps
		}
		return []Problem{yamlProblem(name, err.Error())}
	}
	return nil
}

// nodeTree returns the node tree of data, which decodeStrict has read
// without error, for the lines of its entries.
func nodeTree(data []byte) *yaml.Node {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return nil
	}
	return &root
}

func yamlProblem(name, msg string) Problem {
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		text := m[2]
		text = strings.Replace(text, " in type intents.", " in ", 1)
		return Problem{File: name, Line: line, Msg: "malformed YAML: " + text}
	}
	return Problem{File: name, Msg: "malformed YAML: " + msg}
}
