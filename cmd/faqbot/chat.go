package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/kzrh/faqbot/bot"
)

func runChat(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "chat", "chat [--explain] [--faq FILE] [--intents FILE]\n\nType a question and press Enter; an empty line or Ctrl-D ends. Works when piped too:\n  echo 照片有什么要求 | faqbot chat")
	var paths configPaths
	paths.register(fs, e)
	explain := fs.Bool("explain", false, "show why the bot answered what it did")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	engine, store, err := localEngine(e, paths)
	if err != nil {
		return err
	}
	defer store.Close()

	interactive := isTerminal(e.stdin)
	if interactive {
		fmt.Fprintln(e.stdout, "卡证融合 FAQ bot — ask a question in Chinese or English (empty line to quit).")
	}
	sc := newLineScanner(e.stdin, e.stderr)
	for {
		if interactive {
			fmt.Fprint(e.stdout, "> ")
		}
		if !sc.Scan() {
			break
		}
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			if interactive {
				break
			}
			continue
		}
		r, why, err := engine.Explain(ctx, bot.Message{Channel: "cli", User: "cli", Text: text})
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, bot.PlainText(r.Text))
		if *explain && why != nil {
			printExplanation(e, why)
		}
		fmt.Fprintln(e.stdout)
	}
	return sc.Err()
}

func printExplanation(e env, why any) {
	b, _ := json.MarshalIndent(why, "  ", "  ")
	fmt.Fprintf(e.stdout, "  why: %s\n", b)
}

// isTerminal reports whether r is an interactive terminal (not a pipe or file).
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
