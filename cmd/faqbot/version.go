package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kzrh/faqbot/bot/server"
	"github.com/kzrh/faqbot/intents"
	"github.com/kzrh/faqbot/intents/reload"
)

func runVersion(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "version", "version [--faq FILE] [--intents FILE] [--server URL]\n\nPrints the program's build and the version (content hash) of the configuration files;\nwith --server, also the version a running faqbot serves and its last reload's result.")
	var paths configPaths
	paths.register(fs, e)
	serverURL := fs.String("server", "", "a running faqbot, e.g. http://127.0.0.1:8080: print what it serves (from /readyz)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	build := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		build = bi.Main.Version + " " + bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				build += " " + s.Value
			}
		}
	}
	fmt.Fprintf(e.stdout, "faqbot %s\n", build)
	cfg, err := intents.LoadFiles(paths.faq, paths.intents)
	switch {
	case err == nil:
		fmt.Fprintf(e.stdout, "configuration %s (%s, %s)\n", cfg.Version, paths.faq, paths.intents)
	case *serverURL != "":
		// Asking a server needs no local files: say so and go on.
		fmt.Fprintf(e.stdout, "configuration: %s and %s cannot be loaded here (faqbot check says why)\n", paths.faq, paths.intents)
	default:
		fmt.Fprintf(e.stdout, "configuration: %s and %s cannot be loaded\n", paths.faq, paths.intents)
		return reportConfigError(e, err)
	}
	if *serverURL != "" {
		return printServing(ctx, e, *serverURL)
	}
	return nil
}

// printServing asks a running faqbot's /readyz what it serves.
func printServing(ctx context.Context, e env, base string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+server.PathReady, nil)
	if err != nil {
		return fmt.Errorf("--server %q: %w", base, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("ask %s: %w", base, err)
	}
	defer resp.Body.Close()
	var ready struct {
		Ready  bool          `json:"ready"`
		Error  string        `json:"error"`
		Status reload.Status `json:"status"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&ready); err != nil {
		return fmt.Errorf("%s%s did not answer like faqbot: %w", base, server.PathReady, err)
	}
	st := ready.Status
	fmt.Fprintf(e.stdout, "serving configuration %s since %s; last reload %s at %s",
		st.Version, st.LoadedAt.Format(time.RFC3339), st.LastResult, st.LastAttempt.Format(time.RFC3339))
	if st.LastError != "" {
		fmt.Fprintf(e.stdout, ": %s", st.LastError)
	}
	fmt.Fprintln(e.stdout)
	if !ready.Ready {
		fmt.Fprintf(e.stdout, "not ready: %s\n", ready.Error)
	}
	// For scripts: a reload the server refused, or a server not ready,
	// is a failure to report.
	if st.LastResult == "rejected" || !ready.Ready {
		return exitCode(1)
	}
	return nil
}
