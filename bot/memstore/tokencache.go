package memstore

import (
	"sync"
	"time"
)

// TokenCache keeps WeChat access tokens in this process, for the
// silenceper/wechat cache.Cache interface. The library's own cache.Memory
// reads its map without a lock, which crashes a process that sends from
// several goroutines; this one locks.
type TokenCache struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]tokenEntry
}

type tokenEntry struct {
	val     any
	expires time.Time
}

// NewTokenCache returns an empty token cache.
func NewTokenCache() *TokenCache {
	return &TokenCache{now: time.Now, m: map[string]tokenEntry{}}
}

// Get returns the value under key, or nil when absent or expired.
func (c *TokenCache) Get(key string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || !c.now().Before(e.expires) {
		delete(c.m, key)
		return nil
	}
	return e.val
}

// Set stores val under key for timeout.
func (c *TokenCache) Set(key string, val any, timeout time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = tokenEntry{val: val, expires: c.now().Add(timeout)}
	return nil
}

// IsExist reports whether key holds an unexpired value.
func (c *TokenCache) IsExist(key string) bool { return c.Get(key) != nil }

// Delete removes key.
func (c *TokenCache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
	return nil
}
