package intents

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestTmpProbe(t *testing.T) {
	faq, _ := os.ReadFile("../faq.yaml")
	rules, _ := os.ReadFile("intents.yaml")
	dev, _ := os.Open("testdata/dev.jsonl")
	exs, _ := ReadExamples("dev", dev)
	cfg, _ := Parse("f", faq, "i", rules)
	base, _ := New(cfg)
	re := regexp.MustCompile(`(?m)^  - no: (\d+)\n(?:    .*\n)*?    alternates:\n`)
	locs := re.FindAllSubmatchIndex(rules, -1)
	for _, ex := range exs {
		if ex.InScope() || !ex.Accepts(base.Match(ex.Text)) {
			continue
		}
		for _, l := range locs {
			no := string(rules[l[2]:l[3]])
			s := string(rules[:l[1]]) + "      - " + ex.Text + "\n" + string(rules[l[1]:])
			c, err := Parse("f", faq, "i", []byte(s))
			if err != nil {
				continue
			}
			m, _ := New(c)
			d := m.Match(ex.Text)
			if d.Kind == KindAnswer {
				cmp := Compare(base, m, exs)
				fmt.Printf("%s -> FAQ %s: %v %d; fixed %d broken %d\n", ex.Text, no, d.Kind, d.FAQ, len(cmp.Fixed), len(cmp.Broken))
			}
		}
	}
	_ = strings.Contains
}
