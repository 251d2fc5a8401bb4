package memstore

import (
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

var _ platform.TokenCache = (*TokenCache)(nil)

func TestTokenCacheExpiresAndIsSafeForConcurrentUse(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewTokenCache()
	c.now = func() time.Time { return now }
	if err := c.Set("access_token", "tok", time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := c.Get("access_token"); got != "tok" {
		t.Fatalf("Get = %v, want tok", got)
	}
	now = now.Add(2 * time.Minute)
	if c.IsExist("access_token") {
		t.Fatal("the token outlived its timeout")
	}
	c.now = time.Now
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				c.Set("k", i, time.Minute)
				c.Get("k")
				c.IsExist("k")
			}
		}()
	}
	wg.Wait()
}
