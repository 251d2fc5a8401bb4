package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

func runVersion(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "version", "version [--faq FILE] [--intents FILE]\n\nPrints the program's build and the version (content hash) of the configuration files.")
	var paths configPaths
	paths.register(fs, e)
	if err := fs.Parse(args); err != nil {
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
	m, err := loadMatcher(paths)
	if err != nil {
		fmt.Fprintf(e.stdout, "configuration: invalid (run faqbot check)\n")
		return reportConfigError(e, err)
	}
	fmt.Fprintf(e.stdout, "configuration %s (%s, %s)\n", m.Config().Version, paths.faq, paths.intents)
	return nil
}
