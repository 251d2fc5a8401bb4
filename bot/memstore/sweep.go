package memstore

import (
	"time"

	"github.com/kzrh/faqbot/bot"
)

// DefaultMaxBytes bounds the sessions and marks of a Store by default. It
// fits a replica under the deployment's memory limits with the matcher,
// a reload's second matcher and the question log beside it;
// deploy/k8s_test.go checks that GOMEMLIMIT and the pod's limit agree.
const DefaultMaxBytes = 32 << 20

// maxQuestionBytes is the longest text of a logged question: the store
// cuts what it is given with bot.CutQuestion, as the engine does already,
// so that the log's room is bounded whoever writes to it.
const maxQuestionBytes = bot.MaxQuestionBytes

// questionRecordBytes bounds one record of the question log: its text
// and the record, heap entry and map slot around it.
const questionRecordBytes = maxQuestionBytes + 256

// MaxHeldBytes is the most a Store with opts holds, by the estimates of
// size.go: its sessions and marks and its question log.
func MaxHeldBytes(opts Options) int {
	opts = opts.withDefaults()
	return opts.MaxBytes + opts.MaxQuestions*questionRecordBytes
}

// sweepEvery reclaims expired entries every d until Close, so that memory
// comes back after a busy hour even when no message follows.
func (s *Store) sweepEvery(d time.Duration) {
	defer s.swept.Done()
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-s.stopSweep:
			return
		case <-tick.C:
		}
		s.mu.Lock()
		if !s.closed {
			now := s.now()
			s.sessions.sweep(now)
			s.marks.sweep(now)
			s.questions.sweep(now)
		}
		s.mu.Unlock()
	}
}
