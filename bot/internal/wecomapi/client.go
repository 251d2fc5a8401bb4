// Package wecomapi calls WeCom's server API (qyapi.weixin.qq.com, or the
// base URL an operator gives, such as an egress proxy or a test double) as
// one self-built application: it keeps the application's access token in
// a shared cache, posts JSON with the caller's context, reads the errcode
// of every answer and, when WeCom says the token is invalid or expired
// (40014, 42001, 40001), drops it and retries once with a fresh one.
//
// silenceper/wechat's clients cannot do that: their URLs are fixed to
// qyapi.weixin.qq.com, the KF client takes no context and several of its
// calls lose the errcode. Requests still go through the library's util
// functions, so they share the process's HTTP client (with the timeouts of
// platform.UseAPITimeouts) and the tests' util.SetURIModifier.
//
// Errors never carry the access token or the secret.
package wecomapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// DefaultBase is WeCom's API host.
const DefaultBase = "https://qyapi.weixin.qq.com"

// Config identifies the application. Base defaults to DefaultBase.
type Config struct {
	Base    string
	CorpID  string
	AgentID string
	Secret  string
	// Cache holds the access token; replicas that share it share one
	// token. Required.
	Cache platform.TokenCache
	// OnRefresh, when set, is called with the errcode each time a call is
	// retried with a fresh token.
	OnRefresh func(code int)
}

// Client calls the API. It is safe for concurrent use.
type Client struct {
	cfg Config
	key string
	mu  sync.Mutex // one token fetch at a time
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.CorpID == "" || cfg.Secret == "" {
		return nil, errors.New("wecomapi: the corp id and the application's secret are required")
	}
	if cfg.Cache == nil {
		return nil, errors.New("wecomapi: an access-token cache is required")
	}
	base, err := ParseBase(cfg.Base)
	if err != nil {
		return nil, err
	}
	cfg.Base = base
	platform.UseAPITimeouts()
	// The key silenceper's credential package uses for this application,
	// so that a replica of an older release shares the token.
	return &Client{cfg: cfg, key: "gowechat_work__access_token_" + cfg.CorpID + "_" + cfg.AgentID}, nil
}

// ParseBase checks an API base URL (empty means DefaultBase) and returns
// it without a trailing slash.
func ParseBase(base string) (string, error) {
	if base == "" {
		return DefaultBase, nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return "", fmt.Errorf("WeCom API base %q: want a URL such as %s", base, DefaultBase)
	}
	return strings.TrimRight(base, "/"), nil
}

// Error is an errcode other than 0 that WeCom answered.
type Error struct {
	API  string // the path called, e.g. "kf/send_msg"
	Code int
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("wecom %s: errcode %d: %s", e.API, e.Code, e.Msg)
}

// Code returns the errcode of an *Error in err's chain, 0 otherwise.
func Code(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// Status is the part every answer has; response types embed it.
type Status struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func tokenInvalid(code int) bool { return code == 40014 || code == 42001 || code == 40001 }

// Post posts req as JSON to /cgi-bin/<api> and decodes the answer into
// resp (which may be nil). An errcode other than 0 is an *Error.
func (c *Client) Post(ctx context.Context, api string, req, resp any) error {
	for attempt := 0; ; attempt++ {
		token, err := c.token(ctx)
		if err != nil {
			return err
		}
		body, err := util.PostJSONContext(ctx, c.cfg.Base+"/cgi-bin/"+api+"?access_token="+url.QueryEscape(token), req)
		if err != nil {
			return fmt.Errorf("wecom %s: %w", api, platform.Redact(err))
		}
		var st Status
		if err := json.Unmarshal(body, &st); err != nil {
			return fmt.Errorf("wecom %s: unreadable answer: %w", api, err)
		}
		if tokenInvalid(st.ErrCode) && attempt == 0 {
			c.drop(token)
			if c.cfg.OnRefresh != nil {
				c.cfg.OnRefresh(st.ErrCode)
			}
			continue
		}
		if st.ErrCode != 0 {
			return &Error{API: api, Code: st.ErrCode, Msg: st.ErrMsg}
		}
		if resp != nil {
			if err := json.Unmarshal(body, resp); err != nil {
				return fmt.Errorf("wecom %s: unreadable answer: %w", api, err)
			}
		}
		return nil
	}
}

// token returns the cached access token or fetches one.
func (c *Client) token(ctx context.Context) (string, error) {
	if v, ok := c.cfg.Cache.Get(c.key).(string); ok && v != "" {
		return v, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cfg.Cache.Get(c.key).(string); ok && v != "" {
		return v, nil
	}
	u := c.cfg.Base + "/cgi-bin/gettoken?corpid=" + url.QueryEscape(c.cfg.CorpID) + "&corpsecret=" + url.QueryEscape(c.cfg.Secret)
	body, err := util.HTTPGetContext(ctx, u)
	if err != nil {
		return "", fmt.Errorf("wecom gettoken: %w", platform.Redact(err))
	}
	var r struct {
		Status
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return "", fmt.Errorf("wecom gettoken: unreadable answer: %w", err)
	}
	if r.ErrCode != 0 || r.AccessToken == "" {
		return "", fmt.Errorf("wecom gettoken: %w (check WECOM_CORP_ID and WECOM_SECRET)", &Error{API: "gettoken", Code: r.ErrCode, Msg: r.ErrMsg})
	}
	// Refresh well before WeCom's expiry, as the library does.
	ttl := time.Duration(max(r.ExpiresIn-1500, 60)) * time.Second
	if err := c.cfg.Cache.Set(c.key, r.AccessToken, ttl); err != nil {
		return "", fmt.Errorf("wecom gettoken: caching the token: %w", err)
	}
	return r.AccessToken, nil
}

// drop forgets token unless another call already replaced it.
func (c *Client) drop(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cfg.Cache.Get(c.key).(string); ok && v == token {
		_ = c.cfg.Cache.Delete(c.key)
	}
}
