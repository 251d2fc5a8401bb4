package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/admin"
	"github.com/kzrh/faqbot/intents/reload"
)

// Published rules: the console publishes intents.yaml versions to the
// shared store; each replica follows them (intents/reload), and
// `faqbot rules export` writes the latest one to a file for git.

// rulesSource is the store as the reloader's source of published rules.
type rulesSource struct{ s bot.RulesStore }

func (r rulesSource) Head(ctx context.Context) (int64, error) { return r.s.RulesHead(ctx) }

func (r rulesSource) Fetch(ctx context.Context, no int64) (reload.Published, error) {
	v, err := r.s.RulesVersion(ctx, no)
	return reload.Published{No: v.No, Rules: v.Rules, FileBase: v.FileBase, Author: v.Author, At: v.At}, err
}

// operators reads FAQBOT_ADMIN_TOKENS ("name:token,name:token") and the
// single FAQBOT_ADMIN_TOKEN, whose operator is called "admin".
func operators(e env) ([]admin.Operator, error) {
	var ops []admin.Operator
	names := map[string]bool{}
	add := func(name, token string) error {
		if names[name] {
			return fmt.Errorf("FAQBOT_ADMIN_TOKENS names %q twice", name)
		}
		names[name] = true
		ops = append(ops, admin.Operator{Name: name, Token: token})
		return nil
	}
	if v := e.getenv("FAQBOT_ADMIN_TOKENS"); v != "" {
		for i, pair := range strings.Split(v, ",") {
			name, token, ok := strings.Cut(strings.TrimSpace(pair), ":")
			name, token = strings.TrimSpace(name), strings.TrimSpace(token)
			if !ok || name == "" || token == "" {
				return nil, fmt.Errorf("FAQBOT_ADMIN_TOKENS: entry %d is not name:token", i+1)
			}
			if err := add(name, token); err != nil {
				return nil, err
			}
		}
	}
	if token := e.getenv("FAQBOT_ADMIN_TOKEN"); token != "" {
		if err := add("admin", token); err != nil {
			return nil, errors.New("FAQBOT_ADMIN_TOKENS names \"admin\", the operator of FAQBOT_ADMIN_TOKEN: rename one")
		}
	}
	return ops, nil
}

// runRules is `faqbot rules export`.
func runRules(ctx context.Context, e env, args []string) error {
	const usage = "Usage: faqbot rules export [--out FILE] [--version N]"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(e.stderr, usage)
		return nil
	}
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprintln(e.stderr, usage)
		return errors.New("rules: the only subcommand is export")
	}
	fs := newFlags(e, "rules export", "rules export [--out FILE] [--version N]\n\nWrites the rules published from the console (REDIS_URL's store) as intents.yaml.")
	out := fs.String("out", "", "write to FILE instead of standard output")
	version := fs.Int64("version", 0, "the version to write (default: the latest)")
	if err := parseNoArgs(fs, args[1:]); err != nil {
		return err
	}
	if e.getenv("REDIS_URL") == "" {
		return errors.New("rules export reads the published rules from Redis: set REDIS_URL")
	}
	store, err := openStore(ctx, e, nil, bot.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	rs := store.(bot.RulesStore)
	no := *version
	if no == 0 {
		if no, err = rs.RulesHead(ctx); err != nil {
			return fmt.Errorf("read the latest published version: %w", err)
		}
		if no == 0 {
			return errors.New("nothing has been published from the console: the deployed intents.yaml is the rules")
		}
	}
	v, err := rs.RulesVersion(ctx, no)
	if err != nil {
		return fmt.Errorf("read published version %d: %w", no, err)
	}
	if *out == "" {
		_, err = e.stdout.Write(v.Rules)
		return err
	}
	if err := os.WriteFile(*out, v.Rules, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(e.stderr, "wrote version %d (by %s, %s) to %s\n", v.No, v.Author, v.At.Format("2006-01-02 15:04:05 MST"), *out)
	return nil
}
