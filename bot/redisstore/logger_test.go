package redisstore

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestLibraryLogLinesAreRateLimitedToWarn(t *testing.T) {
	var buf bytes.Buffer
	l := &libraryLogger{log: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for range 100 {
		l.Printf(context.Background(), "connection pool: failed to dial after %d attempts: %s", 5, "connection refused")
	}
	out := buf.String()
	if n := strings.Count(out, `"level":"WARN"`); n != 1 {
		t.Errorf("%d warn lines for 100 dial failures within a minute, want 1", n)
	}
	if n := strings.Count(out, `"msg":"go-redis"`); n != 100 {
		t.Errorf("%d JSON lines, want all 100 at debug level", n)
	}
	if !strings.Contains(out, "failed to dial after 5 attempts") {
		t.Errorf("the detail is lost:\n%s", out)
	}
}
