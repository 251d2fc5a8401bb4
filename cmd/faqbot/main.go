// Command faqbot is the 卡证融合 FAQ bot: it serves WeCom and WeChat Official
// Account callbacks, and gives operators a terminal chat, a replay of logged
// questions, a configuration check, an evaluation and a diff of rule edits.
//
// main only wires: configuration is read here, once, and passed down.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		var ec exitCode
		if errors.As(err, &ec) {
			os.Exit(int(ec))
		}
		fmt.Fprintln(os.Stderr, "faqbot:", err)
		os.Exit(1)
	}
}

// exitCode ends the program with a status and no further message: the
// command has already said what went wrong.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// env carries the process's surroundings into a command, so that tests run
// the real program in-process.
type env struct {
	getenv func(string) string // trimmed of surrounding spaces (run)
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

var commands = map[string]command{
	"chat":      {"talk to the bot in the terminal", runChat},
	"replay":    {"answer JSON lines {\"user\",\"text\"} from standard input", runReplay},
	"check":     {"validate faq.yaml and intents.yaml", runCheck},
	"eval":      {"measure accuracy on a labelled question set", runEval},
	"diff":      {"show which answers an edit of intents.yaml would change", runDiff},
	"unmatched": {"list the questions the bot could not answer (Redis)", runUnmatched},
	"serve":     {"serve WeCom and Official Account callbacks", runServe},
	"rules":     {"export the rules published from the console (Redis) as intents.yaml", runRules},
	"version":   {"print the program and configuration version", runVersion},
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: trimmed(getenv), stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	err := cmd.run(ctx, e, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// trimmed reads every variable without the spaces around it: a
// Kubernetes Secret made from a file ends with a newline, which would fail
// every signature, token request and path it is used in.
func trimmed(getenv func(string) string) func(string) string {
	return func(k string) string { return strings.TrimSpace(getenv(k)) }
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "faqbot answers employers' questions on 卡证融合 (the foreign work permit on the electronic social-security card).")
	fmt.Fprintln(w, "\nUsage: faqbot <command> [flags]   (faqbot <command> --help for its flags)\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}

// newFlags makes a flag set that prints its usage to the command's stderr
// and reports errors instead of exiting.
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: faqbot %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseNoArgs parses the flags of a command that takes no arguments, and
// refuses one: flag parsing stops at the first argument, so faqbot check
// edited.yaml would check the default files and say ok.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		hint := "put every flag before anything else"
		if fs.Lookup("faq") != nil {
			hint = "name files with --faq and --intents, and " + hint
		}
		return fmt.Errorf("%s takes no argument %q: %s", fs.Name(), fs.Arg(0), hint)
	}
	return nil
}

// configPaths are the --faq and --intents flags, defaulting to FAQBOT_FAQ and
// FAQBOT_INTENTS, then to the files in the working directory.
type configPaths struct{ faq, intents string }

func (p *configPaths) register(fs *flag.FlagSet, e env) {
	fs.StringVar(&p.faq, "faq", orDefault(e.getenv("FAQBOT_FAQ"), "faq.yaml"), "the FAQ content file (env FAQBOT_FAQ)")
	fs.StringVar(&p.intents, "intents", orDefault(e.getenv("FAQBOT_INTENTS"), "intents/intents.yaml"), "the matching rules file (env FAQBOT_INTENTS)")
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}
