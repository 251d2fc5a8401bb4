package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// programBuild reads the build ID go tool buildid reports.
func TestProgramBuildIsTheGoBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipped: the build ID is read from ELF, and this is " + runtime.GOOS)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := programBuild(); got == "" || got != want {
		t.Errorf("programBuild() = %q, want %q", got, want)
	}
}
