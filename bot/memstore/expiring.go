package memstore

import (
	"container/list"
	"math"
	"time"
)

// expiring is a map whose entries live for a fixed ttl after their last
// write, holding at most max of them and at most maxBytes of them by the
// size function's estimate. Because every entry gets the same ttl, the
// order of last writes is the order of expiry: a list kept in that order
// finds the expired entries, and the ones to drop when full, at its front,
// so a write costs O(1).
type expiring[K comparable, V any] struct {
	ttl      time.Duration
	max      int
	maxBytes int
	size     func(K, V) int
	bytes    int
	index    map[K]*list.Element // of *entry[K, V]
	order    list.List           // oldest write first
}

type entry[K comparable, V any] struct {
	key     K
	val     V
	size    int
	expires time.Time
}

// newExpiring bounds the map by count only.
func newExpiring[K comparable, V any](ttl time.Duration, max int) *expiring[K, V] {
	return newBoundedExpiring(ttl, max, math.MaxInt, func(K, V) int { return 0 })
}

// newBoundedExpiring bounds the map by count and by bytes.
func newBoundedExpiring[K comparable, V any](ttl time.Duration, max, maxBytes int, size func(K, V) int) *expiring[K, V] {
	return &expiring[K, V]{ttl: ttl, max: max, maxBytes: maxBytes, size: size, index: make(map[K]*list.Element)}
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

// put sets k to v for another ttl, dropping the oldest entries when the
// map is over its bounds.
func (m *expiring[K, V]) put(k K, v V, now time.Time) {
	m.sweep(now)
	size := m.size(k, v)
	if el, ok := m.index[k]; ok {
		e := el.Value.(*entry[K, V])
		m.bytes += size - e.size
		e.val, e.size, e.expires = v, size, now.Add(m.ttl)
		m.order.MoveToBack(el)
	} else {
		m.index[k] = m.order.PushBack(&entry[K, V]{key: k, val: v, size: size, expires: now.Add(m.ttl)})
		m.bytes += size
	}
	// The newest entry stays even when it alone is over maxBytes.
	for m.order.Len() > 1 && (len(m.index) > m.max || m.bytes > m.maxBytes) {
		m.remove(m.order.Front())
	}
}

// sweep drops the expired entries.
func (m *expiring[K, V]) sweep(now time.Time) {
	for el := m.order.Front(); el != nil && !now.Before(el.Value.(*entry[K, V]).expires); el = m.order.Front() {
		m.remove(el)
	}
}

func (m *expiring[K, V]) remove(el *list.Element) {
	e := el.Value.(*entry[K, V])
	delete(m.index, e.key)
	m.bytes -= e.size
	m.order.Remove(el)
}

func (m *expiring[K, V]) len() int { return len(m.index) }
