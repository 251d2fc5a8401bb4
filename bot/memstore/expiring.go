package memstore

import (
	"container/list"
	"time"
)

// expiring is a map whose entries live for a fixed ttl after their last
// write, holding at most max of them. Because every entry gets the same
// ttl, the order of last writes is the order of expiry: a list kept in
// that order finds the expired entries, and the one to drop when full, at
// its front, so a write costs O(1) and no sweeper goroutine is needed.
type expiring[K comparable, V any] struct {
	ttl   time.Duration
	max   int
	index map[K]*list.Element // of *entry[K, V]
	order list.List           // oldest write first
}

type entry[K comparable, V any] struct {
	key     K
	val     V
	expires time.Time
}

func newExpiring[K comparable, V any](ttl time.Duration, max int) *expiring[K, V] {
	return &expiring[K, V]{ttl: ttl, max: max, index: make(map[K]*list.Element)}
}

// get returns the live value of k.
func (m *expiring[K, V]) get(k K, now time.Time) (V, bool) {
	if el, ok := m.index[k]; ok {
		if e := el.Value.(*entry[K, V]); now.Before(e.expires) {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}

// put sets k to v for another ttl.
func (m *expiring[K, V]) put(k K, v V, now time.Time) {
	m.sweep(now)
	if el, ok := m.index[k]; ok {
		e := el.Value.(*entry[K, V])
		e.val, e.expires = v, now.Add(m.ttl)
		m.order.MoveToBack(el)
		return
	}
	if len(m.index) >= m.max {
		m.remove(m.order.Front())
	}
	m.index[k] = m.order.PushBack(&entry[K, V]{key: k, val: v, expires: now.Add(m.ttl)})
}

// sweep drops the expired entries.
func (m *expiring[K, V]) sweep(now time.Time) {
	for el := m.order.Front(); el != nil && !now.Before(el.Value.(*entry[K, V]).expires); el = m.order.Front() {
		m.remove(el)
	}
}

func (m *expiring[K, V]) remove(el *list.Element) {
	delete(m.index, el.Value.(*entry[K, V]).key)
	m.order.Remove(el)
}

func (m *expiring[K, V]) len() int { return len(m.index) }
