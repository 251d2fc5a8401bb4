package reload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/kzrh/faqbot/intents"
)

// Published rules, and which wins over the file.
//
// Operators publish intents.yaml from the console; the Reloader then
// serves faq.yaml from its file and intents.yaml from the published
// version. The published version wins over the deployed intents.yaml
// until an operator decides otherwise: a deploy that changes the file
// never discards published work silently. The file still counts:
//
//   - faq.yaml always comes from its file, reloaded as before;
//   - when the deployed intents.yaml is byte for byte the published text
//     (the exported rules were committed and deployed), the two agree;
//   - when the deployed intents.yaml differs from the file the published
//     version was based on (Published.FileBase), that is a conflict: the
//     published version keeps serving and Serving.Conflict says so, for
//     the Status page, until an operator adopts the deployed file or keeps
//     the published rules, each a new version.
//
// Without any published version the file serves, as before.

// Published is one published version of intents.yaml as a replica loads
// it.
type Published struct {
	No       int64
	Rules    []byte
	FileBase string // the deployed file's version it was based on
	Author   string
	At       time.Time
}

// Serving is what the serving matcher was built from.
type Serving struct {
	FAQName   string
	FAQ       []byte
	RulesName string
	Rules     []byte // the published text, or the file's
	// Published is the published version serving; nil when the file is.
	Published *Published
	// File is the deployed intents.yaml's text and FileVersion its hash.
	File        []byte
	FileVersion string
	// Conflict is true when the deployed file changed after the published
	// version's base; the published version serves.
	Conflict bool
}

// FileVersion is the version of an intents.yaml file's text as recorded
// in Published.FileBase.
func FileVersion(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:6])
}

// Serving returns what the serving matcher was built from.
func (r *Reloader) Serving() Serving { return *r.serving.Load() }

// load reads the files and builds the configuration of faq.yaml and p's
// rules, or the file's when p is nil, validated as `faqbot check` does.
func (r *Reloader) load(p *Published) (*intents.Config, *Serving, error) {
	faq, err := os.ReadFile(r.faqPath)
	if err != nil {
		return nil, nil, fmt.Errorf("read FAQ file: %w", err)
	}
	file, err := os.ReadFile(r.intentsPath)
	if err != nil {
		return nil, nil, fmt.Errorf("read intents file: %w", err)
	}
	src := &Serving{FAQName: r.faqPath, FAQ: faq, RulesName: r.intentsPath, Rules: file,
		File: file, FileVersion: FileVersion(file)}
	if p != nil {
		src.RulesName = "published rules v" + strconv.FormatInt(p.No, 10)
		src.Rules, src.Published = p.Rules, p
		src.Conflict = src.FileVersion != p.FileBase && !bytes.Equal(file, p.Rules)
	}
	cfg, err := intents.Parse(src.FAQName, faq, src.RulesName, src.Rules)
	if err != nil {
		return nil, nil, err
	}
	return cfg, src, nil
}

// UsePublished serves p's rules from now on, if they are valid with the
// deployed faq.yaml; else the configuration serving stays, and so does
// the published version it was built from.
func (r *Reloader) UsePublished(p Published) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur := r.published.Load(); cur != nil && cur.No == p.No {
		return nil
	}
	if err := r.reload(&p); err != nil {
		return fmt.Errorf("published rules v%d: %w", p.No, err)
	}
	return nil
}
