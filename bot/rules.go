package bot

import (
	"context"
	"errors"
	"time"
)

// Published rules: operators change the matching rules (intents.yaml)
// from the console. Their edits collect in a shared draft; publishing
// turns the draft into a new numbered version of the whole intents.yaml,
// which every replica loads. Versions are never changed or deleted: a
// rollback publishes an old version's text again as a new one.

// RulesVersion is one published intents.yaml.
type RulesVersion struct {
	No     int64     `json:"no"`              // 1, 2, …; assigned by PublishRules
	Rules  []byte    `json:"rules,omitempty"` // the intents.yaml text; omitted by RulesHistory
	Author string    `json:"author"`          // the operator's name
	Note   string    `json:"note"`
	At     time.Time `json:"at"`
	// FileBase is the version of the deployed intents.yaml file when this
	// version was published: when the file changes later, the console
	// shows the conflict (see README, "The file and the published rules").
	FileBase string `json:"file_base"`
	// RollbackOf is the version whose text this one restores; 0 if none.
	RollbackOf int64 `json:"rollback_of,omitempty"`
	// Adopted is true when the version takes over the deployed file.
	Adopted bool `json:"adopted,omitempty"`
	// Edits are the draft edits this version published.
	Edits []RulesEdit `json:"edits,omitempty"`
}

// EditKind is what a draft edit does to intents.yaml.
type EditKind string

const (
	// EditExample adds Question to FAQ's example questions (alternates).
	EditExample EditKind = "example"
	// EditOutOfScope adds Question to the out-of-scope examples.
	EditOutOfScope EditKind = "out_of_scope"
	// EditSynonym adds Variant to the synonym group of Canonical.
	EditSynonym EditKind = "synonym"
)

// RulesEdit is one change an operator put in the draft.
type RulesEdit struct {
	ID        string    `json:"id"` // assigned by AddRulesEdit
	Kind      EditKind  `json:"kind"`
	Question  string    `json:"question,omitempty"`
	FAQ       int       `json:"faq,omitempty"`
	Canonical string    `json:"canonical,omitempty"`
	Variant   string    `json:"variant,omitempty"`
	Author    string    `json:"author"`
	At        time.Time `json:"at"`
}

// RulesStore keeps the published versions, the draft and the questions
// operators chose to ignore, shared by every replica. Implementations must
// be safe for concurrent use and honour the context's deadline.
type RulesStore interface {
	// PublishRules stores v as the version after expect, the version the
	// operator previewed against (0: none yet), and returns its number.
	// It fails with ErrRulesMoved when another version was published
	// since.
	PublishRules(ctx context.Context, v RulesVersion, expect int64) (int64, error)
	// RulesHead is the latest version's number; 0 when none was published.
	RulesHead(ctx context.Context) (int64, error)
	// RulesVersion returns one version with its text, or ErrNoRulesVersion.
	RulesVersion(ctx context.Context, no int64) (RulesVersion, error)
	// RulesHistory returns up to limit versions, newest first, without
	// their text.
	RulesHistory(ctx context.Context, limit int) ([]RulesVersion, error)

	// AddRulesEdit puts an edit in the draft and returns its id.
	AddRulesEdit(ctx context.Context, e RulesEdit) (string, error)
	// RulesDraft returns the draft's edits, oldest first.
	RulesDraft(ctx context.Context) ([]RulesEdit, error)
	// RemoveRulesEdits takes edits out of the draft; unknown ids are no
	// error.
	RemoveRulesEdits(ctx context.Context, ids ...string) error

	// IgnoreQuestion keeps a logged question off the unmatched list.
	IgnoreQuestion(ctx context.Context, text string) error
	// IgnoredQuestions returns the ignored questions.
	IgnoredQuestions(ctx context.Context) (map[string]bool, error)
}

var (
	// ErrRulesMoved: a version was published after the one expected.
	ErrRulesMoved = errors.New("another version was published meanwhile")
	// ErrNoRulesVersion: no version has that number.
	ErrNoRulesVersion = errors.New("no such rules version")
)

// MaxIgnored bounds the ignored questions a store keeps; past it the
// oldest are forgotten (and may come back to the unmatched list).
const MaxIgnored = 5000
