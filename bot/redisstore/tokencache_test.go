package redisstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// The channels take the token cache as this interface.
var _ platform.TokenCache = (*TokenCache)(nil)

func TestTokenCacheRoundTrip(t *testing.T) {
	s := testStore(t, Options{})
	c := s.TokenCache()
	const key = "gowechat_access_token_corp"

	if v := c.Get(key); v != nil {
		t.Fatalf("Get of a missing key = %#v, want nil", v)
	}
	if c.IsExist(key) {
		t.Fatal("IsExist of a missing key")
	}
	if err := c.Set(key, "tok-1", time.Hour); err != nil {
		t.Fatal(err)
	}
	// The SDK reads the token back with val.(string).
	if v, ok := c.Get(key).(string); !ok || v != "tok-1" {
		t.Errorf("Get = %#v, want the string tok-1", c.Get(key))
	}
	if !c.IsExist(key) {
		t.Error("IsExist after Set is false")
	}
	ttl, err := s.client.PTTL(context.Background(), s.opts.Prefix+"token:"+key).Result()
	if err != nil || ttl <= 59*time.Minute || ttl > time.Hour {
		t.Errorf("token TTL %v (%v), want about an hour", ttl, err)
	}
	if err := c.Delete(key); err != nil {
		t.Fatal(err)
	}
	if c.IsExist(key) || c.Get(key) != nil {
		t.Error("the token survived Delete")
	}
	if err := c.Delete(key); err != nil {
		t.Errorf("Delete of a missing key: %v", err)
	}
}

func TestTokenCacheRefusesTokensThatNeverExpire(t *testing.T) {
	s := testStore(t, Options{})
	for _, timeout := range []time.Duration{0, -time.Second} {
		err := s.TokenCache().Set("k", "v", timeout)
		if err == nil || !strings.Contains(err.Error(), "never expire") {
			t.Errorf("Set with timeout %v = %v, want a refusal", timeout, err)
		}
	}
}
