package memstore

import (
	"unsafe"

	"github.com/kzrh/faqbot/bot"
)

// The store bounds what it holds by an estimate of the heap each entry
// takes: the strings and slices it owns plus a fixed overhead for the
// entry struct, its list element and its share of the map's buckets.
// TestSizeEstimatesCoverTheHeap checks the estimates against the heap
// actually used, so that MaxBytes is a real bound.
const (
	// entryOverhead is the list element (48 B), the entry header (size,
	// expiry: 32 B), a map slot (key and pointer: up to twice their size
	// right after the map doubles) and the allocator's rounding of the
	// strings and slices to its size classes, as measured.
	entryOverhead = 288
	intSize       = int(unsafe.Sizeof(int(0)))
)

func sessionSize(k bot.SessionKey, s bot.Session) int {
	return entryOverhead + int(unsafe.Sizeof(k)+unsafe.Sizeof(s)) +
		len(k.Channel) + len(k.User) + len(s.Topic) + len(s.Lang) + cap(s.Offered)*intSize
}

func markSize(id string, m mark) int {
	n := entryOverhead + int(unsafe.Sizeof(id)+unsafe.Sizeof(m)) + len(id)
	if r := m.reply; r != nil {
		n += int(unsafe.Sizeof(*r)) + len(r.User) + len(r.Kind) + len(r.Intent) + len(r.Text) + len(r.Lang) + cap(r.Suggestions)*intSize
	}
	return n
}
