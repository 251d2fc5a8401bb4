package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/intents"
)

// replayLine is one input line of faqbot replay.
type replayLine struct {
	User string `json:"user"`
	Text string `json:"text"`
	// Optional: the message id (retries with the same id are answered
	// once) and the time it was sent (RFC 3339), to replay gaps that make
	// a conversation's context expire.
	ID   string    `json:"id,omitempty"`
	Time time.Time `json:"time,omitempty"`
}

// replayOutput is a reply with its explanation, for --json --explain.
type replayOutput struct {
	bot.Reply
	Explanation *intents.Explanation `json:"explanation,omitempty"`
}

func runReplay(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "replay", `replay [--json] [--explain] [--unmatched] < questions.jsonl

Reads JSON lines {"user":"u1","text":"..."} and answers each; lines with the
same user continue one conversation.`)
	var paths configPaths
	paths.register(fs, e)
	asJSON := fs.Bool("json", false, "print each reply as one JSON object: user, kind, faq, intent, score, suggestions, text, lang")
	explain := fs.Bool("explain", false, "with --json, add the explanation of each decision")
	unmatched := fs.Bool("unmatched", false, "after the replay, print the questions that got fallback or clarify, most frequent first")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	engine, store, err := localEngine(e, paths)
	if err != nil {
		return err
	}
	defer store.Close()

	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	sc := newLineScanner(e.stdin, e.stderr)
	start := time.Now()
	earliest := start
	for sc.Scan() {
		line := sc.Line()
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var in replayLine
		if err := json.Unmarshal(b, &in); err != nil {
			return fmt.Errorf("standard input line %d: %v (want {\"user\":\"u1\",\"text\":\"...\"})", line, err)
		}
		if in.User == "" {
			in.User = "replay"
		}
		if in.Time.IsZero() {
			// Keep lines in order without letting context expire.
			in.Time = start.Add(time.Duration(line) * time.Second)
		}
		if in.Time.Before(earliest) {
			earliest = in.Time
		}
		msg := bot.Message{Channel: "replay", User: in.User, ID: in.ID, Text: in.Text, Time: in.Time}
		r, why, err := engine.Explain(ctx, msg)
		if err != nil {
			return fmt.Errorf("standard input line %d: %w", line, err)
		}
		switch {
		case *asJSON && *explain:
			err = enc.Encode(replayOutput{Reply: r, Explanation: why})
		case *asJSON:
			err = enc.Encode(r)
		default:
			_, err = fmt.Fprintf(out, "%s> %s\n%s\n\n", in.User, in.Text, bot.PlainText(r.Text))
		}
		if err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if *unmatched {
		qs, err := store.Questions(ctx, earliest, 50, "fallback", "clarify")
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "unmatched questions (%d):\n", len(qs))
		printQuestions(out, qs)
	}
	return nil
}

func printQuestions(w *bufio.Writer, qs []bot.QuestionCount) {
	for _, q := range qs {
		fmt.Fprintf(w, "%6s  %-8s  %-4s  %s  %s\n", strconv.FormatInt(q.Count, 10), q.Kind, q.Lang, q.LastSeen.Format(time.RFC3339), q.Text)
	}
}
