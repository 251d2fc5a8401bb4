package intents

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SmallTalkNames are the small-talk intents every intents.yaml must define.
var SmallTalkNames = []string{"greeting", "thanks", "human", "help"}

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validator checks the meaning of decoded files and reports problems with
// the line of the offending entry.
type validator struct {
	c                    *Config
	faqRoot, intentsRoot *yaml.Node
	problems             ValidationError
}

func (v *validator) faqErr(line int, field, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.c.FAQFile, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) rulesErr(line int, field, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.c.IntentsFile, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) validate() {
	v.validateContent()
	v.validateRules()
	v.validateLang()
}

func (v *validator) validateContent() {
	ct := &v.c.Content
	root := v.faqRoot
	if len(ct.Portals) == 0 {
		v.faqErr(keyLine(root, "portals"), "portals", "at least one portal is required")
	}
	portalIDs := map[string]bool{}
	for i, p := range ct.Portals {
		line := itemLine(root, "portals", i)
		field := fmt.Sprintf("portals[%d]", i)
		switch {
		case !slug.MatchString(p.ID):
			v.faqErr(line, field+".id", "id %q must be a lower-case slug like fwp", p.ID)
		case portalIDs[p.ID]:
			v.faqErr(line, field+".id", "duplicate portal id %q", p.ID)
		}
		portalIDs[p.ID] = true
		if strings.TrimSpace(p.Name) == "" {
			v.faqErr(line, field+".name", "name is empty")
		}
		if u, err := url.Parse(p.URL); err != nil || u.Scheme != "https" || u.Host == "" {
			v.faqErr(line, field+".url", "url %q must be an absolute https URL", p.URL)
		}
	}
	if strings.TrimSpace(ct.Counter.Address) == "" {
		v.faqErr(fieldLine(root, "counter", "address"), "counter.address", "address is empty")
	}
	if strings.TrimSpace(ct.Counter.Phone) == "" {
		v.faqErr(fieldLine(root, "counter", "phone"), "counter.phone", "phone is empty")
	}
	if strings.TrimSpace(ct.Counter.Name) == "" {
		v.faqErr(fieldLine(root, "counter", "name"), "counter.name", "name is empty")
	}
	if len(ct.FAQs) == 0 {
		v.faqErr(keyLine(root, "faqs"), "faqs", "at least one FAQ is required")
	}
	nos := map[int]int{}
	ids := map[string]int{}
	for i, f := range ct.FAQs {
		line := itemLine(root, "faqs", i)
		field := fmt.Sprintf("faqs[%d]", i)
		if f.No <= 0 {
			v.faqErr(line, field+".no", "no must be a positive number, got %d", f.No)
		} else if prev, dup := nos[f.No]; dup {
			v.faqErr(line, field+".no", "duplicate no %d (also on line %d)", f.No, prev)
		} else {
			nos[f.No] = line
		}
		if !slug.MatchString(f.ID) {
			v.faqErr(line, field+".id", "id %q must be a lower-case slug like photo-requirements", f.ID)
		} else if prev, dup := ids[f.ID]; dup {
			v.faqErr(line, field+".id", "duplicate id %q (also on line %d)", f.ID, prev)
		} else {
			ids[f.ID] = line
		}
		if strings.TrimSpace(f.Question) == "" {
			v.faqErr(line, field+".question", "question is empty")
		}
		if strings.TrimSpace(f.Answer) == "" {
			v.faqErr(line, field+".answer", "answer is empty")
		}
		for _, l := range f.Links {
			if !portalIDs[l] {
				v.faqErr(line, field+".links", "unknown portal %q (portals are %s)", l, strings.Join(sortedKeys(portalIDs), ", "))
			}
		}
	}
}

func (v *validator) validateRules() {
	r := &v.c.Rules
	root := v.intentsRoot
	v.validateNumbers()

	faqNos := map[int]bool{}
	for _, f := range v.c.Content.FAQs {
		faqNos[f.No] = true
	}

	stop := map[string]bool{}
	for _, w := range r.Stopwords {
		stop[norm(w)] = true
	}
	variantOf := map[string]string{}
	canonicals := map[string]bool{}
	for i, g := range r.Synonyms {
		line := itemLine(root, "synonyms", i)
		field := fmt.Sprintf("synonyms[%d]", i)
		c := norm(g.Canonical)
		if c == "" {
			v.rulesErr(line, field+".canonical", "canonical word is empty")
			continue
		}
		if isPhraseVariant(c) {
			// Variants with spaces (work permit card) are replaced by the
			// canonical word before segmentation; the canonical word itself
			// must come out of the segmenter as one token.
			v.rulesErr(line, field+".canonical", "canonical word %q contains a space or one of - . * + @ _; it must be one word", g.Canonical)
		}
		if canonicals[c] {
			v.rulesErr(line, field+".canonical", "%q is the canonical word of two groups; merge them", g.Canonical)
		}
		canonicals[c] = true
		if len(g.Variants) == 0 {
			v.rulesErr(line, field+".variants", "no variants")
		}
		for _, w := range g.Variants {
			n := norm(w)
			switch {
			case n == "":
				v.rulesErr(line, field+".variants", "empty variant")
			case variantOf[n] != "" && variantOf[n] != c:
				v.rulesErr(line, field+".variants", "variant %q is also in the group of %q", w, variantOf[n])
			case stop[n]:
				v.rulesErr(line, field+".variants", "variant %q is also a stop word; remove it from one list", w)
			}
			variantOf[n] = c
		}
	}
	for c := range canonicals {
		if other := variantOf[c]; other != "" && other != c {
			v.rulesErr(keyLine(root, "synonyms"), "synonyms", "canonical word %q is a variant of %q; a word can be in one group only", c, other)
		}
	}

	topics := map[string]bool{}
	for i, t := range r.Topics {
		line := itemLine(root, "topics", i)
		field := fmt.Sprintf("topics[%d]", i)
		if t.Name == "" {
			v.rulesErr(line, field+".name", "name is empty")
		} else if topics[t.Name] {
			v.rulesErr(line, field+".name", "duplicate topic %q", t.Name)
		}
		topics[t.Name] = true
		if strings.TrimSpace(t.Context) == "" {
			v.rulesErr(line, field+".context", "context text is empty")
		}
	}

	seenRule := map[int]int{}
	altOwner := map[string]int{}
	for i, fr := range r.FAQs {
		line := itemLine(root, "faqs", i)
		field := fmt.Sprintf("faqs[%d]", i)
		switch {
		case !faqNos[fr.No]:
			v.rulesErr(line, field+".no", "unknown FAQ number %d: %s has no such entry", fr.No, v.c.FAQFile)
		case seen(seenRule, fr.No):
			v.rulesErr(line, field+".no", "FAQ %d has rules twice (also on line %d)", fr.No, seenRule[fr.No])
		default:
			seenRule[fr.No] = line
		}
		if fr.Topic != "" && !topics[fr.Topic] {
			v.rulesErr(line, field+".topic", "unknown topic %q", fr.Topic)
		}
		if len(fr.Alternates) < MinAlternates {
			v.rulesErr(line, field+".alternates", "%d example questions; at least %d are needed to learn how people ask this FAQ", len(fr.Alternates), MinAlternates)
		}
		for _, a := range fr.Alternates {
			n := norm(a)
			if n == "" {
				v.rulesErr(line, field+".alternates", "empty alternate question")
				continue
			}
			if owner, dup := altOwner[n]; dup {
				if owner == fr.No {
					v.rulesErr(line, field+".alternates", "alternate question %q is listed twice", a)
				} else {
					v.rulesErr(line, field+".alternates", "alternate question %q is listed under FAQ %d and FAQ %d", a, owner, fr.No)
				}
			}
			altOwner[n] = fr.No
		}
	}
	for _, f := range v.c.Content.FAQs {
		if f.No > 0 && !seen(seenRule, f.No) {
			v.rulesErr(keyLine(root, "faqs"), "faqs", "FAQ %d (%s) has no rules, so it could never be answered", f.No, f.ID)
		}
	}

	names := map[string]bool{}
	for i, st := range r.SmallTalk {
		line := itemLine(root, "smalltalk", i)
		field := fmt.Sprintf("smalltalk[%d]", i)
		if !slices.Contains(SmallTalkNames, st.Name) {
			v.rulesErr(line, field+".name", "unknown small-talk intent %q (must be one of %s)", st.Name, strings.Join(SmallTalkNames, ", "))
		} else if names[st.Name] {
			v.rulesErr(line, field+".name", "duplicate small-talk intent %q", st.Name)
		}
		names[st.Name] = true
		if len(st.Examples) == 0 {
			v.rulesErr(line, field+".examples", "at least one example is required")
		}
		if strings.TrimSpace(st.Reply) == "" {
			v.rulesErr(line, field+".reply", "reply is empty")
		} else if st.Name == handover {
			v.mustContain(line, field+".reply", st.Reply, ": it is the reply to a request for a person", "{phone}")
		}
		v.checkWeights(line, field+".cues", "cue", st.Cues)
		for _, k := range sortedKeys(st.Cues) {
			if strings.ContainsAny(norm(k), " ") {
				v.rulesErr(line, field+".cues", "cue %q contains a space; cues are looked for in the text without spaces", k)
			}
		}
	}
	for _, n := range SmallTalkNames {
		if !names[n] {
			v.rulesErr(keyLine(root, "smalltalk"), "smalltalk", "small-talk intent %q is missing", n)
		}
	}
	for i, q := range r.OutOfScope {
		if norm(q) == "" {
			v.rulesErr(itemLine(root, "out_of_scope", i), fmt.Sprintf("out_of_scope[%d]", i), "empty example question")
		}
	}
	if len(r.Menu) == 0 {
		v.rulesErr(keyLine(root, "menu"), "menu", "the topic menu is empty")
	}
	for i, m := range r.Menu {
		line := itemLine(root, "menu", i)
		field := fmt.Sprintf("menu[%d]", i)
		if strings.TrimSpace(m.Title) == "" {
			v.rulesErr(line, field+".title", "title is empty")
		}
		if len(m.FAQs) == 0 {
			v.rulesErr(line, field+".faqs", "no FAQs listed")
		}
		for _, no := range m.FAQs {
			if !faqNos[no] {
				v.rulesErr(line, field+".faqs", "unknown FAQ number %d", no)
			}
		}
	}
	if strings.TrimSpace(r.Fallback) == "" {
		v.rulesErr(keyLine(root, "fallback"), "fallback", "the fallback reply is empty")
	} else {
		// A person who cannot be answered must learn where to turn, as in
		// the English reply (validate_lang.go).
		v.mustContain(keyLine(root, "fallback"), "fallback", r.Fallback, "", "{phone}", "{address}")
	}
}

// mustContain reports, as an error of field, each placeholder of must
// that text lacks; why, when not empty, follows the message.
func (v *validator) mustContain(line int, field, text, why string, must ...string) {
	for _, p := range must {
		if !strings.Contains(text, p) {
			v.rulesErr(line, field, "must contain %s%s", p, why)
		}
	}
}

// seen reports whether m has key k. (A line is 0 when the files are
// checked without their node trees, so it cannot mark presence.)
func seen[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

func (v *validator) validateNumbers() {
	r := &v.c.Rules
	root := v.intentsRoot
	dl := func(key string) int { return fieldLine(root, "decision", key) }
	d := r.Decision
	if !(d.WrongAnswerCost >= 1 && d.WrongAnswerCost <= 50) {
		v.rulesErr(dl("wrong_answer_cost"), "decision.wrong_answer_cost", "must be in [1, 50] (how many fallbacks one wrong answer is worth), got %g", d.WrongAnswerCost)
	}
	for _, c := range []struct {
		key string
		val float64
	}{{"clarify_right_cost", d.ClarifyRightCost}, {"clarify_wrong_cost", d.ClarifyWrongCost}, {"clarify_none_cost", d.ClarifyNoneCost}} {
		if !(c.val > 0 && c.val <= d.WrongAnswerCost) {
			v.rulesErr(dl(c.key), "decision."+c.key, "must be in (0, wrong_answer_cost %g] (a clarification costs less than a wrong answer), got %g", d.WrongAnswerCost, c.val)
		}
	}
	if d.ClarifyRightCost > 1 {
		v.rulesErr(dl("clarify_right_cost"), "decision.clarify_right_cost", "must be at most 1: a clarification that offers the right FAQ is no worse than a fallback, got %g", d.ClarifyRightCost)
	}
	if !(d.OutOfScopeShare >= 0.01 && d.OutOfScopeShare <= 0.9) {
		v.rulesErr(dl("out_of_scope_share"), "decision.out_of_scope_share", "must be in [0.01, 0.9] (the share of questions no FAQ answers), got %g", d.OutOfScopeShare)
	}
	if d.MaxSuggestions < 2 || d.MaxSuggestions > 5 {
		v.rulesErr(dl("max_suggestions"), "decision.max_suggestions", "must be between 2 and 5, got %d", d.MaxSuggestions)
	}
	if !(d.SmallTalkCues > 0 && d.SmallTalkCues <= 30) {
		v.rulesErr(dl("smalltalk_cues"), "decision.smalltalk_cues", "must be in (0, 30], got %g", d.SmallTalkCues)
	}
	ml := func(key string) int { return fieldLine(root, "model", key) }
	m := r.Model
	for _, p := range []struct {
		name     string
		val, max float64
	}{{"pair_weight", m.PairWeight, 2}, {"char_weight", m.CharWeight, 2}, {"answer_weight", m.AnswerWeight, 1}, {"smoothing", m.Smoothing, 10}} {
		if !(p.val > 0 && p.val <= p.max) {
			v.rulesErr(ml(p.name), "model."+p.name, "must be in (0, %g], got %g", p.max, p.val)
		}
	}
	if w := r.Context.Weight; !(w > 0 && w <= 1) {
		v.rulesErr(fieldLine(root, "context", "weight"), "context.weight", "must be in (0, 1], got %g", w)
	}
}

// checkWeights checks a map of words to weights: what names the kind of
// word in messages.
func (v *validator) checkWeights(line int, field, what string, kw map[string]float64) {
	for _, k := range sortedKeys(kw) {
		w := kw[k]
		if norm(k) == "" {
			v.rulesErr(line, field, "empty %s", what)
		}
		if !(w > 0 && w <= 10) {
			v.rulesErr(line, field, "weight of %q must be in (0, 10], got %g", k, w)
		}
	}
}

// keyLine returns the line of key in the top-level mapping, or 0. It is
// the key's own line: a block value starts on the next line, which holds
// another field.
func keyLine(root *yaml.Node, key string) int {
	if k, _ := mapEntry(docNode(root), key); k != nil {
		return k.Line
	}
	return 0
}

// fieldLine returns the line of key in the top-level mapping section, or
// the line of section when the key is absent.
func fieldLine(root *yaml.Node, section, key string) int {
	_, m := mapEntry(docNode(root), section)
	if k, _ := mapEntry(m, key); k != nil {
		return k.Line
	}
	return keyLine(root, section)
}

// itemLine returns the line of the i-th item of the top-level sequence key.
func itemLine(root *yaml.Node, key string, i int) int {
	n := mapValue(docNode(root), key)
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return keyLine(root, key)
	}
	return n.Content[i].Line
}

func docNode(root *yaml.Node) *yaml.Node {
	if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		return root.Content[0]
	}
	return root
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	_, v := mapEntry(m, key)
	return v
}

// mapEntry returns the key and value nodes of key in the mapping m.
func mapEntry(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}
