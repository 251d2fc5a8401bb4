package main

import (
	"runtime/debug"
	"testing"
)

// TestStartupGC: serve collects less while it builds its first matcher,
// then restores the collector's setting, whatever GOGC was.
func TestStartupGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct{ gogc, during int }{
		{40, startupGCPercent},
		{100, startupGCPercent},
		{800, 800}, // higher already: kept
		{-1, -1},   // off: kept
	} {
		debug.SetGCPercent(tc.gogc)
		restore := startupGC()
		if got := debug.SetGCPercent(tc.during); got != tc.during {
			t.Errorf("GOGC=%d: %d while building, want %d", tc.gogc, got, tc.during)
		}
		restore()
		if got := debug.SetGCPercent(55); got != tc.gogc {
			t.Errorf("GOGC=%d: %d after start-up, want it restored", tc.gogc, got)
		}
		restore() // a second call does nothing
		if got := debug.SetGCPercent(tc.gogc); got != 55 {
			t.Errorf("GOGC=%d: a second restore set %d", tc.gogc, got)
		}
	}
}
