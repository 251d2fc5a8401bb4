package redisstore

import (
	"slices"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestURLsChooseTheTopology(t *testing.T) {
	tests := []struct {
		url   string
		check func(t *testing.T, c redis.UniversalClient)
	}{
		{"redis://127.0.0.1:6379/2", func(t *testing.T, c redis.UniversalClient) {
			o := c.(*redis.Client).Options()
			if o.Addr != "127.0.0.1:6379" || o.DB != 2 || o.TLSConfig != nil || !o.ContextTimeoutEnabled {
				t.Errorf("options %+v", o)
			}
		}},
		{"rediss://user:pw@cache.example.com:6380/0", func(t *testing.T, c redis.UniversalClient) {
			o := c.(*redis.Client).Options()
			if o.Addr != "cache.example.com:6380" || o.TLSConfig == nil || o.Username != "user" || o.Password != "pw" || !o.ContextTimeoutEnabled {
				t.Errorf("options %+v", o)
			}
		}},
		{"unix:///run/redis.sock?db=1", func(t *testing.T, c redis.UniversalClient) {
			if o := c.(*redis.Client).Options(); o.Network != "unix" || o.DB != 1 {
				t.Errorf("options %+v", o)
			}
		}},
		{"redis-sentinel://:pw@host1:26379,host2/3?master=mymaster&sentinel_password=spw", nil},
		{"redis-cluster://host1:7000,host2:7001", func(t *testing.T, c redis.UniversalClient) {
			o := c.(*redis.ClusterClient).Options()
			if !slices.Equal(o.Addrs, []string{"host1:7000", "host2:7001"}) || !o.ContextTimeoutEnabled {
				t.Errorf("options %+v", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := newClient(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestSentinelURL(t *testing.T) {
	u, hostList, err := parseMultiHost("rediss-sentinel://:pw@host1:26379,host2,[::1]/3?master=mymaster&sentinel_password=spw")
	if err != nil {
		t.Fatal(err)
	}
	o, err := sentinelOptions(u, hostList)
	if err != nil {
		t.Fatal(err)
	}
	if o.MasterName != "mymaster" || !slices.Equal(o.SentinelAddrs, []string{"host1:26379", "host2:26379", "[::1]:26379"}) ||
		o.DB != 3 || o.Password != "pw" || o.SentinelPassword != "spw" || o.TLSConfig == nil || !o.ContextTimeoutEnabled {
		t.Errorf("options %+v", o)
	}
}

func TestBadURLsAreRejectedWithoutShowingThePassword(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://:secret@host:6379", "scheme"},
		{"redis-sentinel://:secret@host1,host2/0", "master"},
		{"redis-sentinel://:secret@host1/0?master=m&mastr=x", `unknown parameter "mastr"`},
		{"redis-sentinel://:secret@host1/x?master=m", "not a number"},
		{"redis-cluster://:secret@host1,host2/2", "database"},
		{"redis://:secret@host/0?no_such_option=1", "no_such_option"},
		{"redis://:secret@bad host/", "not a URL"},
		{"redis-sentinel://:pw@host1/0?master=m&sentinel_password=secret&bogus=1", `unknown parameter "bogus"`},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := newClient(tt.url)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
