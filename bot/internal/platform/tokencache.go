package platform

import (
	"net"
	"net/http"
	"time"
)

// TokenCache keeps access tokens where every replica finds them
// (redisstore.TokenCache, memstore.TokenCache). Its methods are those of
// silenceper/wechat's cache.Cache, so that one value serves both; that
// package is not imported, as it links a Redis and a memcached client.
type TokenCache interface {
	Get(key string) any
	Set(key string, val any, timeout time.Duration) error
	IsExist(key string) bool
	Delete(key string) error
}

// NewAPIClient returns an HTTP client for the platforms' APIs with
// timeouts at every step, for the channels that call the APIs through a
// client of their own instead of the library's process-wide one.
func NewAPIClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 5 * time.Second
	t.ResponseHeaderTimeout = 10 * time.Second
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Transport: t, Timeout: 15 * time.Second}
}
