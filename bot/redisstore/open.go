package redisstore

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Open connects to the Redis that rawURL (REDIS_URL) names and checks that
// it answers, waiting up to openTimeout or ctx's deadline. The URL chooses
// the topology:
//
//	redis://[user:password@]host:6379/0          one server (go-redis's ParseURL;
//	rediss://…                                    its query options apply)
//	unix://[user:password@]/path/redis.sock?db=0
//	redis-sentinel://[user:password@]host1:26379,host2:26379/0?master=mymaster
//	redis-cluster://[user:password@]host1:6379,host2:6379
//
// rediss-sentinel and rediss-cluster use TLS. The user and password of a
// Sentinel URL are the data server's; sentinel_password (and
// sentinel_username) in the query are the Sentinels' own, if they need
// one. Hosts without a port get 26379 (Sentinel) or 6379; IPv6 literals
// go in brackets, [::1]:26379.
//
// The Store owns the client: Close closes it.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	client, err := newClient(rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("redis at %s does not answer: %w", redact(rawURL), err)
	}
	s := New(client, opts)
	s.owned = true
	return s, nil
}

// openTimeout is longer than a call's Timeout because the first connection
// pays for the dial, the TLS handshake and AUTH, and Sentinel's or
// Cluster's discovery of the servers.
const openTimeout = 5 * time.Second

// newClient builds the client rawURL describes, without connecting. Every
// client has ContextTimeoutEnabled: the store's deadlines then bound the
// socket reads and writes too, not only the wait for a connection.
func newClient(rawURL string) (redis.UniversalClient, error) {
	scheme, _, _ := strings.Cut(rawURL, "://")
	switch scheme {
	case "redis", "rediss", "unix":
		if _, err := parseURL(rawURL); err != nil {
			return nil, err
		}
		o, err := redis.ParseURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL %s: %w", redact(rawURL), err)
		}
		o.ContextTimeoutEnabled = true
		return redis.NewClient(o), nil
	case "redis-sentinel", "rediss-sentinel":
		u, hostList, err := parseMultiHost(rawURL)
		if err != nil {
			return nil, err
		}
		o, err := sentinelOptions(u, hostList)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL %s: %w", redact(rawURL), err)
		}
		return redis.NewFailoverClient(o), nil
	case "redis-cluster", "rediss-cluster":
		u, hostList, err := parseMultiHost(rawURL)
		if err != nil {
			return nil, err
		}
		o, err := clusterOptions(u, hostList)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL %s: %w", redact(rawURL), err)
		}
		return redis.NewClusterClient(o), nil
	}
	return nil, fmt.Errorf("REDIS_URL scheme %q: want redis, rediss, unix, redis-sentinel, rediss-sentinel, redis-cluster or rediss-cluster", scheme)
}

// parseURL is url.Parse with an error that does not repeat the URL, whose
// password it would show.
func parseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("REDIS_URL is not a URL: %w", err)
	}
	return u, nil
}

// parseMultiHost parses a URL whose host is a comma-separated list, which
// url.Parse refuses when ports are mixed or hosts are IPv6 literals: the
// list is cut out first and the rest parsed with one placeholder host.
func parseMultiHost(rawURL string) (*url.URL, string, error) {
	scheme, rest, _ := strings.Cut(rawURL, "://")
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	user, hostList := "", authority
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		user, hostList = authority[:at+1], authority[at+1:]
	}
	u, err := parseURL(scheme + "://" + user + "placeholder" + tail)
	return u, hostList, err
}

func sentinelOptions(u *url.URL, hostList string) (*redis.FailoverOptions, error) {
	q := u.Query()
	o := &redis.FailoverOptions{
		MasterName:            q.Get("master"),
		SentinelAddrs:         hosts(hostList, "26379"),
		SentinelUsername:      q.Get("sentinel_username"),
		SentinelPassword:      q.Get("sentinel_password"),
		ContextTimeoutEnabled: true,
		TLSConfig:             tlsConfig(u.Scheme),
	}
	o.Username, o.Password = userinfo(u)
	if len(o.SentinelAddrs) == 0 {
		return nil, errors.New("no Sentinel host")
	}
	if o.MasterName == "" {
		return nil, errors.New("a Sentinel URL needs ?master=<name of the monitored master>")
	}
	if err := onlyParams(q, "master", "sentinel_username", "sentinel_password"); err != nil {
		return nil, err
	}
	db, err := database(u.Path)
	o.DB = db
	return o, err
}

func clusterOptions(u *url.URL, hostList string) (*redis.ClusterOptions, error) {
	o := &redis.ClusterOptions{
		Addrs:                 hosts(hostList, "6379"),
		ContextTimeoutEnabled: true,
		TLSConfig:             tlsConfig(u.Scheme),
	}
	o.Username, o.Password = userinfo(u)
	if len(o.Addrs) == 0 {
		return nil, errors.New("no Cluster host")
	}
	if db, err := database(u.Path); err != nil || db != 0 {
		return nil, errors.New("a Cluster URL has no database number: Cluster has only database 0")
	}
	return o, onlyParams(u.Query())
}

// hosts splits a comma-separated host list, adding the default port.
func hosts(list, port string) []string {
	var out []string
	for _, h := range strings.Split(list, ",") {
		if h == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(h); err != nil {
			h = net.JoinHostPort(strings.Trim(h, "[]"), port)
		}
		out = append(out, h)
	}
	return out
}

func userinfo(u *url.URL) (user, password string) {
	if u.User == nil {
		return "", ""
	}
	password, _ = u.User.Password()
	return u.User.Username(), password
}

// database reads the database number from a URL path: "", "/" or "/3".
func database(path string) (int, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return 0, nil
	}
	db, err := strconv.Atoi(path)
	if err != nil || db < 0 {
		return 0, fmt.Errorf("database %q is not a number", path)
	}
	return db, nil
}

// onlyParams rejects query parameters other than known ones, so that a
// misspelt option fails at startup instead of being ignored.
func onlyParams(q url.Values, known ...string) error {
	for name := range q {
		if !slices.Contains(known, name) {
			return fmt.Errorf("unknown parameter %q", name)
		}
	}
	return nil
}

func tlsConfig(scheme string) *tls.Config {
	if !strings.HasPrefix(scheme, "rediss") {
		return nil
	}
	// No ServerName: crypto/tls then verifies each host against its own
	// name, which matters when Sentinel hands out the master's address.
	return &tls.Config{MinVersion: tls.VersionTLS12}
}

// redact hides the passwords of a URL for error messages: the user's, and
// Sentinel's (sentinel_password).
func redact(rawURL string) string {
	u, hostList, err := parseMultiHost(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	if q := u.Query(); q.Has("sentinel_password") {
		q.Set("sentinel_password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return strings.Replace(u.Redacted(), "placeholder", hostList, 1)
}
