package admin

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kzrh/faqbot/bot"
)

// Draft edits are applied to the text of intents.yaml, not to a decoded
// struct: the file is read as a yaml.Node tree to find where a list
// lives, and the new item is written into the original bytes there, so
// that comments, order, alignment and blank lines all stay as the
// authors wrote them and the history's diff shows one line per edit.
// A list the text cannot take an item cleanly (a key that is missing, a
// flow list spanning lines) is changed in the tree, which is encoded
// again: comments and order survive that too, alignment may not.

// applyEdits applies the draft's edits in order. Edits that are already
// in the rules change nothing.
func applyEdits(rules []byte, edits []bot.RulesEdit) ([]byte, error) {
	for _, e := range edits {
		var err error
		if rules, err = applyEdit(rules, e); err != nil {
			return nil, err
		}
	}
	return rules, nil
}

func applyEdit(data []byte, e bot.RulesEdit) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("intents.yaml is not YAML: %w", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("intents.yaml is not a mapping")
	}
	root := doc.Content[0]
	switch e.Kind {
	case bot.EditExample:
		faq := findItem(mapValue(root, "faqs"), "no", strconv.Itoa(e.FAQ))
		if faq == nil {
			return nil, fmt.Errorf("intents.yaml has no rules for FAQ %d", e.FAQ)
		}
		return addItem(data, &doc, faq, "alternates", scalar(e.Question))
	case bot.EditOutOfScope:
		return addItem(data, &doc, root, "out_of_scope", scalar(e.Question))
	case bot.EditSynonym:
		if group := findItem(mapValue(root, "synonyms"), "canonical", e.Canonical); group != nil {
			return addItem(data, &doc, group, "variants", scalar(e.Variant))
		}
		return addItem(data, &doc, root, "synonyms", &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			scalar("canonical"), scalar(e.Canonical),
			scalar("variants"), {Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{scalar(e.Variant)}},
		}})
	}
	return nil, fmt.Errorf("unknown edit kind %q", e.Kind)
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// mapValue is the value of key in mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// findItem is the mapping in sequence seq whose key has value v.
func findItem(seq *yaml.Node, key, v string) *yaml.Node {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	for _, it := range seq.Content {
		if k := mapValue(it, key); k != nil && k.Value == v {
			return it
		}
	}
	return nil
}

// addItem adds item to the list under key in mapping parent.
func addItem(data []byte, doc *yaml.Node, parent *yaml.Node, key string, item *yaml.Node) ([]byte, error) {
	seq := mapValue(parent, key)
	if seq != nil && seq.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("intents.yaml: %s (line %d) is not a list", key, seq.Line)
	}
	if seq != nil && item.Kind == yaml.ScalarNode {
		for _, it := range seq.Content {
			if it.Kind == yaml.ScalarNode && it.Value == item.Value {
				return data, nil // already there
			}
		}
	}
	if seq != nil && len(seq.Content) > 0 {
		if out, ok := insertText(data, seq, item); ok {
			return out, nil
		}
	}
	if seq == nil {
		seq = &yaml.Node{Kind: yaml.SequenceNode}
		parent.Content = append(parent.Content, scalar(key), seq)
	}
	seq.Content = append(seq.Content, item)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("write intents.yaml: %w", err)
	}
	return b.Bytes(), nil
}

// insertText writes item into the original text of seq: as a new first
// line of a block list (the newest edits on top), or after the last item
// of a flow list that ends on that item's line.
func insertText(data []byte, seq, item *yaml.Node) ([]byte, bool) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	offset := func(line int) int { // of the start of a 1-based line
		n := 0
		for _, l := range lines[:line-1] {
			n += len(l)
		}
		return n
	}
	if seq.Style&yaml.FlowStyle == 0 {
		first := seq.Content[0]
		line := string(lines[first.Line-1])
		dash := strings.LastIndex(line[:min(first.Column-1, len(line))], "-")
		if dash < 0 || strings.TrimLeft(line[:dash], " ") != "" {
			return nil, false
		}
		indent := line[:dash]
		var text string
		switch item.Kind {
		case yaml.ScalarNode:
			text = indent + "- " + yamlScalar(item.Value) + "\n"
		case yaml.MappingNode: // a synonym group
			text = indent + "- canonical: " + yamlScalar(item.Content[1].Value) + "\n" +
				indent + "  variants: [" + flowScalar(item.Content[3].Content[0].Value) + "]\n"
		default:
			return nil, false
		}
		at := offset(first.Line)
		return append(append(append([]byte{}, data[:at]...), text...), data[at:]...), true
	}
	last := seq.Content[len(seq.Content)-1]
	if item.Kind != yaml.ScalarNode || last.Kind != yaml.ScalarNode || last.Style != 0 {
		return nil, false
	}
	line := string(lines[last.Line-1])
	// Column counts characters; the line's bytes before it may be wider.
	runes := []rune(line)
	if last.Column-1 > len(runes) {
		return nil, false
	}
	from := len(string(runes[:last.Column-1]))
	end := strings.IndexByte(line[from:], ']')
	if end < 0 {
		return nil, false
	}
	at := offset(last.Line) + from + end
	text := ", " + flowScalar(item.Value)
	return append(append(append([]byte{}, data[:at]...), text...), data[at:]...), true
}

// flowScalar writes s so that it reads back as s inside a flow list.
func flowScalar(s string) string {
	if v := yamlScalar(s); v == s && !strings.ContainsAny(s, ",[]{}#:\"'") {
		return s
	}
	return strconv.Quote(s)
}
