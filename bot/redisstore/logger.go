package redisstore

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// RouteLibraryLogs sends go-redis's own log lines (dial failures, pool
// and Cluster messages) to log instead of standard error, so that they
// follow FAQBOT_LOG_FORMAT and FAQBOT_LOG_LEVEL. While Redis is down they
// come once per failed dial: the first in each minute is logged at warn
// level, the rest at debug, because the circuit breaker already reports
// the outage once (bot/breaker).
//
// go-redis v9 has no logger per client: redis.SetLogger, which sets a
// process-wide logger, is its only, documented, way to do this. That is
// the library's own configuration entry point rather than a workaround
// that bends its behaviour (unlike a logrus level changed to silence an
// SDK), and the process has one log configuration anyway. So only main
// may call this, once, at start; library packages and tests must not.
func RouteLibraryLogs(log *slog.Logger) {
	redis.SetLogger(&libraryLogger{log: log})
}

type libraryLogger struct {
	log  *slog.Logger
	last atomic.Int64 // unix nanoseconds of the last line logged at warn
}

const libraryWarnEvery = time.Minute

func (l *libraryLogger) Printf(ctx context.Context, format string, v ...any) {
	level := slog.LevelDebug
	now := time.Now().UnixNano()
	if last := l.last.Load(); now-last >= int64(libraryWarnEvery) && l.last.CompareAndSwap(last, now) {
		level = slog.LevelWarn
	}
	if !l.log.Enabled(ctx, level) {
		return
	}
	l.log.LogAttrs(ctx, level, "go-redis", slog.String("detail", fmt.Sprintf(format, v...)))
}
