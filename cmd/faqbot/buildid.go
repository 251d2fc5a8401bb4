package main

import (
	"debug/elf"
	"os"
	"strings"

	"github.com/kzrh/faqbot/intents"
)

// programBuild returns the Go build ID of the running program, which
// changes whenever its code, its embedded data (lexicons, dictionary) or
// its Go version does: a model snapshot is read only by the build that
// wrote it. It is "" when it cannot be read (a program that is not ELF),
// and then no snapshots are kept.
func programBuild() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 12 {
		return ""
	}
	// An ELF note: name size, description size, type, the name ("Go")
	// padded to 4 bytes, then the description, the build ID.
	namesz, descsz := f.ByteOrder.Uint32(data), f.ByteOrder.Uint32(data[4:])
	off := 12 + uint64(namesz+3)&^3
	if off+uint64(descsz) > uint64(len(data)) {
		return ""
	}
	return strings.TrimRight(string(data[off:off+uint64(descsz)]), "\x00")
}

// modelSnapshots are the trained models' snapshots of FAQBOT_MODEL_CACHE,
// or nil when it is not set (or the program's build cannot be read): then
// every start trains the model.
func modelSnapshots(e env) *intents.Snapshots {
	dir := e.getenv("FAQBOT_MODEL_CACHE")
	if dir == "" {
		return nil
	}
	build := programBuild()
	if build == "" {
		return nil
	}
	return &intents.Snapshots{Dir: dir, Build: build}
}
