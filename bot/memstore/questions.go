package memstore

import (
	"container/heap"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/qlog"
)

// sweepEvery is how often a write drops the records older than the
// retention. They are never reported anyway (qlog.Since); the sweep only
// gives their memory back sooner than eviction would.
const sweepEvery = time.Minute

// questionLog counts questions per UTC day bucket, like the Redis store,
// and holds at most max records (one per question and day).
type questionLog struct {
	max       int
	retention time.Duration
	records   map[bucketKey]*record
	byRank    ranking
	swept     time.Time
}

type bucketKey struct{ day, text string }

type record struct {
	qlog.Entry
	day   string
	index int // in ranking
}

func newQuestionLog(max int, retention time.Duration) *questionLog {
	return &questionLog{max: max, retention: retention, records: make(map[bucketKey]*record)}
}

func (l *questionLog) add(q bot.Question, now time.Time) {
	l.sweep(now)
	q.Text = bot.CutQuestion(q.Text)
	at := q.Time
	if at.IsZero() {
		at = now
	}
	k := bucketKey{qlog.Day(at), q.Text}
	if r, ok := l.records[k]; ok {
		r.Count++
		// A late write must not make the question look older than it is.
		if !at.Before(r.Last) {
			r.Kind, r.FAQ, r.Lang, r.Last = q.Kind, q.FAQ, q.Lang, at
		}
		heap.Fix(&l.byRank, r.index)
		return
	}
	r := &record{Entry: qlog.Entry{Text: q.Text, Kind: q.Kind, FAQ: q.FAQ, Lang: q.Lang, Count: 1, Last: at}, day: k.day}
	l.records[k] = r
	heap.Push(&l.byRank, r)
	if len(l.records) > l.max {
		// This may be r itself, when every other record is of a later day
		// or was asked more often: the log already holds max questions
		// that matter more than a new one.
		l.drop(heap.Pop(&l.byRank).(*record))
	}
}

func (l *questionLog) sweep(now time.Time) {
	if now.Sub(l.swept) < sweepEvery {
		return
	}
	l.swept = now
	oldest := now.Add(-l.retention)
	for _, r := range l.records {
		if r.Last.Before(oldest) {
			heap.Remove(&l.byRank, r.index)
			l.drop(r)
		}
	}
}

func (l *questionLog) drop(r *record) { delete(l.records, bucketKey{r.day, r.Text}) }

func (l *questionLog) top(since, now time.Time, top int, kinds []string) []bot.QuestionCount {
	since = qlog.Since(since, now, l.retention)
	days := qlog.Days(since, now)
	if len(days) == 0 {
		return []bot.QuestionCount{}
	}
	first, last := days[0], days[len(days)-1]
	var entries []qlog.Entry
	for _, r := range l.records {
		if r.day >= first && r.day <= last {
			entries = append(entries, r.Entry)
		}
	}
	return qlog.Top(entries, since, top, kinds)
}

// ranking is a min-heap of records in the order a full log drops them:
// an older day first, then the least asked, then the least recently seen.
// Dropping older days first keeps a busy week from locking today's
// questions out until the retention frees room.
type ranking []*record

func (h ranking) Len() int { return len(h) }

func (h ranking) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.day != b.day {
		return a.day < b.day
	}
	if a.Count != b.Count {
		return a.Count < b.Count
	}
	return a.Last.Before(b.Last)
}

func (h ranking) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *ranking) Push(x any) {
	r := x.(*record)
	r.index = len(*h)
	*h = append(*h, r)
}

func (h *ranking) Pop() any {
	old := *h
	r := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return r
}
