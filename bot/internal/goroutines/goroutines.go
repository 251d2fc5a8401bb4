// Package goroutines lets tests check that what a package started has
// stopped. They count the goroutines a creator started, read from the
// goroutine dump, rather than all goroutines: the runtime and earlier tests
// start and end theirs meanwhile, which made a count of all flaky in CI.
package goroutines

import (
	"runtime"
	"strings"
	"time"
)

// Count returns how many goroutines the function or package named by
// creator started ("github.com/kzrh/faqbot/bot/memstore.New in " for one
// function, "github.com/kzrh/faqbot/" for the whole module), whether or
// not they have begun to run.
func Count(creator string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "created by "+creator)
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Settle waits up to within for the goroutines creator started to be no
// more than base, and returns how many there are then. A goroutine whose
// owner has been told to stop still has its return to make.
func Settle(creator string, base int, within time.Duration) int {
	deadline := time.Now().Add(within)
	for {
		n := Count(creator)
		if n <= base || time.Now().After(deadline) {
			return n
		}
		time.Sleep(time.Millisecond)
	}
}
