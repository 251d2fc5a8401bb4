package kf_test

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkPullToAnswer times one customer message from the wake-up
// (kf_msg_or_event reaching the Service) to the answer accepted by the
// fake KF API on loopback: pending mark, lock, cursor, sync_msg, claim,
// engine, quota, send_msg, finish, cursor save, unlock. It reports the
// median as ms/answer-median.
func BenchmarkPullToAnswer(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := newShared(b, be)
			r := s.replica(b, options{})
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				s.api.KFCustomerSays(account, "wmBENCH"+strconv.Itoa(i%50), "照片有什么要求")
				token := s.api.KFToken()
				start := time.Now()
				r.svc.MessagesWaiting(account, token)
				s.api.Next(b, 10*time.Second)
				took = append(took, time.Since(start))
				r.settle()
			}
			b.StopTimer()
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/answer-median")
		})
	}
}
