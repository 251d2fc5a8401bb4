package main

import (
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net/url"
	"time"
)

// Bounds keep a mistyped flag from turning a load test into a flood.
const (
	maxRequests    = 1_000_000
	maxDuration    = 10 * time.Minute
	maxConcurrency = 1024
)

// config is the validated command line.
type config struct {
	target      *url.URL
	token       string
	aesKey      string
	corpID      string
	agentID     string
	requests    int
	duration    time.Duration
	timeout     time.Duration
	rate        float64 // requests per second; 0 = as fast as the workers go
	concurrency int
	users       int
	dup         float64 // share of messages sent twice at once, as the platform retries
	check       float64 // share of single-sent replies decrypted and checked
	allowRemote bool
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("faqbot-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: faqbot-load [flags]\n\nSends WeCom text-message callbacks to a running `faqbot serve` and reports throughput and latency.\n\nFlags:")
		fs.PrintDefaults()
	}
	var c config
	rawURL := fs.String("url", "http://127.0.0.1:8080/wecom/callback", "the WeCom callback URL of the bot under test")
	// The secrets are filled from the environment after parsing, not as
	// flag defaults, which --help would print.
	fs.StringVar(&c.token, "token", "", "the callback Token (default env WECOM_TOKEN)")
	fs.StringVar(&c.aesKey, "aes-key", "", "the callback EncodingAESKey, 43 characters (default env WECOM_AES_KEY)")
	fs.StringVar(&c.corpID, "corp-id", "", "the CorpID the messages are encrypted for (default env WECOM_CORP_ID)")
	fs.StringVar(&c.agentID, "agent-id", orDefault(getenv("WECOM_AGENT_ID"), "1000002"), "the AgentID put in the messages (env WECOM_AGENT_ID)")
	fs.IntVar(&c.requests, "n", 10000, fmt.Sprintf("number of requests to send, retries included (1..%d)", maxRequests))
	fs.DurationVar(&c.duration, "duration", 30*time.Second, fmt.Sprintf("stop after this long even if requests remain (at most %s)", maxDuration))
	fs.DurationVar(&c.timeout, "timeout", 5*time.Second, "per-request timeout; WeCom itself gives up after 5s and retries")
	fs.Float64Var(&c.rate, "rate", 0, "requests per second; 0 sends as fast as --concurrency allows")
	fs.IntVar(&c.concurrency, "concurrency", 32, fmt.Sprintf("number of concurrent senders (1..%d)", maxConcurrency))
	fs.IntVar(&c.users, "users", 1000, "number of distinct users the messages come from")
	fs.Float64Var(&c.dup, "dup", 0.05, "share of messages sent twice at once with the same MsgId, as the platform's retries (0..1)")
	fs.Float64Var(&c.check, "check", 0.1, "share of the other replies that are decrypted and checked (0..1)")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a target that is not on this machine (loopback)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.token = orDefault(c.token, getenv("WECOM_TOKEN"))
	c.aesKey = orDefault(c.aesKey, getenv("WECOM_AES_KEY"))
	c.corpID = orDefault(c.corpID, getenv("WECOM_CORP_ID"))
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q: every setting is a flag (see --help)", fs.Arg(0))
	}
	u, err := url.Parse(*rawURL)
	if err != nil {
		return c, fmt.Errorf("--url: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("--url %q: want an http:// or https:// URL with a host", *rawURL)
	}
	c.target = u
	return c, c.validate()
}

func (c config) validate() error {
	switch {
	case c.token == "":
		return fmt.Errorf("no callback token: pass --token or set WECOM_TOKEN")
	case c.corpID == "":
		return fmt.Errorf("no CorpID: pass --corp-id or set WECOM_CORP_ID")
	case c.requests < 1 || c.requests > maxRequests:
		return fmt.Errorf("-n %d: want 1..%d", c.requests, maxRequests)
	case c.duration <= 0 || c.duration > maxDuration:
		return fmt.Errorf("--duration %s: want more than 0 and at most %s", c.duration, maxDuration)
	case c.timeout <= 0:
		return fmt.Errorf("--timeout %s: want more than 0", c.timeout)
	case c.rate < 0:
		return fmt.Errorf("--rate %g: want 0 (unlimited) or more", c.rate)
	case c.concurrency < 1 || c.concurrency > maxConcurrency:
		return fmt.Errorf("--concurrency %d: want 1..%d", c.concurrency, maxConcurrency)
	case c.users < 1:
		return fmt.Errorf("--users %d: want at least 1", c.users)
	case c.dup < 0 || c.dup > 1:
		return fmt.Errorf("--dup %g: want 0..1", c.dup)
	case c.check < 0 || c.check > 1:
		return fmt.Errorf("--check %g: want 0..1", c.check)
	}
	// The platform's EncodingAESKey is 32 bytes in unpadded base64; checking
	// here turns a typo into one message instead of N encryption errors.
	if key, err := base64.StdEncoding.DecodeString(c.aesKey + "="); len(c.aesKey) != 43 || err != nil || len(key) != 32 {
		return fmt.Errorf("the EncodingAESKey (--aes-key or WECOM_AES_KEY) must be 43 characters of base64 for 32 bytes")
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
