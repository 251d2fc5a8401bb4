package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// TokenCache keeps silenceper/wechat's access tokens and tickets in Redis,
// so that every replica uses one token: WeChat invalidates the previous
// token on each refresh and limits refreshes per day. It implements that
// SDK's cache.Cache and cache.ContextCache on the store's go-redis v9
// client; the SDK's own Redis cache would pull in go-redis v8 and a second
// connection pool.
//
// The SDK stores strings and reads them back with val.(string); Get
// returns a string or nil. cache.Cache has no error on Get and IsExist, so
// a Redis failure reads as a miss, and the SDK then fetches a new token
// from WeChat: while Redis is down every send costs a token refresh.
type TokenCache struct {
	client  redis.UniversalClient
	keys    keys
	timeout time.Duration
}

// TokenCache returns the token cache on the store's client, its keys under
// the store's prefix + "token:", each call bounded by the store's Timeout.
func (s *Store) TokenCache() *TokenCache {
	return &TokenCache{client: s.client, keys: s.keys, timeout: s.opts.Timeout}
}

// Get returns the value of key, or nil.
func (c *TokenCache) Get(key string) any { return c.GetContext(context.Background(), key) }

// GetContext returns the value of key, or nil.
func (c *TokenCache) GetContext(ctx context.Context, key string) any {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	v, err := c.client.Get(ctx, c.keys.token(key)).Result()
	if err != nil {
		return nil
	}
	return v
}

// Set stores val (a string, number or []byte) under key for timeout,
// which must be positive: every key of the store expires.
func (c *TokenCache) Set(key string, val any, timeout time.Duration) error {
	return c.SetContext(context.Background(), key, val, timeout)
}

// SetContext is Set with a context.
func (c *TokenCache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	if timeout <= 0 {
		return fmt.Errorf("token cache: %s would never expire (timeout %v)", key, timeout)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.client.Set(ctx, c.keys.token(key), val, timeout).Err(); err != nil {
		return fmt.Errorf("token cache: set %s: %w", key, err)
	}
	return nil
}

// IsExist reports whether key holds a value.
func (c *TokenCache) IsExist(key string) bool { return c.IsExistContext(context.Background(), key) }

// IsExistContext reports whether key holds a value.
func (c *TokenCache) IsExistContext(ctx context.Context, key string) bool {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	n, err := c.client.Exists(ctx, c.keys.token(key)).Result()
	return err == nil && n > 0
}

// Delete removes key; a missing key is not an error.
func (c *TokenCache) Delete(key string) error { return c.DeleteContext(context.Background(), key) }

// DeleteContext removes key; a missing key is not an error.
func (c *TokenCache) DeleteContext(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.client.Del(ctx, c.keys.token(key)).Err(); err != nil {
		return fmt.Errorf("token cache: delete %s: %w", key, err)
	}
	return nil
}
