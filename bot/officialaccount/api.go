package officialaccount

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// DefaultAPIBase is the Official Account API's host.
const DefaultAPIBase = "https://api.weixin.qq.com"

// api calls the account's server API with an HTTP client of its own: it
// keeps the access token in a shared cache, reads the errcode of every
// answer and, when WeChat says the token is invalid or expired (40001,
// 40014, 42001), drops it and retries once with a fresh one.
type api struct {
	base, appID, secret string
	client              *http.Client
	cache               platform.TokenCache
	key                 string
	mu                  sync.Mutex // one token fetch at a time
}

func newAPI(cfg Config, c platform.TokenCache) (*api, error) {
	base := cfg.APIBase
	if base == "" {
		base = DefaultAPIBase
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return nil, fmt.Errorf("officialaccount: API base %q: want a URL such as %s", base, DefaultAPIBase)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = platform.NewAPIClient()
	}
	return &api{
		base: strings.TrimRight(base, "/"), appID: cfg.AppID, secret: cfg.AppSecret, client: client, cache: c,
		// The key silenceper's credential package uses for this account,
		// so that a replica of an older release shares the token.
		key: "gowechat_officialaccount__access_token_" + cfg.AppID,
	}, nil
}

// apiError is an errcode other than 0 that WeChat answered.
type apiError struct {
	API  string
	Code int
	Msg  string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s: errcode %d: %s", e.API, e.Code, e.Msg)
}

type status struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func tokenInvalid(code int) bool { return code == 40001 || code == 40014 || code == 42001 }

// post posts req as JSON to /cgi-bin/<path> with the access token.
func (a *api) post(ctx context.Context, path string, req any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // answers carry <a href="...&...">
	if err := enc.Encode(req); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for attempt := 0; ; attempt++ {
		token, err := a.token(ctx)
		if err != nil {
			return err
		}
		body, err := a.do(ctx, http.MethodPost, a.base+"/cgi-bin/"+path+"?access_token="+url.QueryEscape(token), buf.Bytes())
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		var st status
		if err := json.Unmarshal(body, &st); err != nil {
			return fmt.Errorf("%s: unreadable answer: %w", path, err)
		}
		if tokenInvalid(st.ErrCode) && attempt == 0 {
			a.drop(token)
			continue
		}
		if st.ErrCode != 0 {
			return &apiError{API: path, Code: st.ErrCode, Msg: st.ErrMsg}
		}
		return nil
	}
}

// token returns the cached access token or fetches one.
func (a *api) token(ctx context.Context) (string, error) {
	if v, ok := a.cache.Get(a.key).(string); ok && v != "" {
		return v, nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if v, ok := a.cache.Get(a.key).(string); ok && v != "" {
		return v, nil
	}
	u := a.base + "/cgi-bin/token?grant_type=client_credential&appid=" + url.QueryEscape(a.appID) + "&secret=" + url.QueryEscape(a.secret)
	body, err := a.do(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("access token: %w", err)
	}
	var r struct {
		status
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return "", fmt.Errorf("access token: unreadable answer: %w", err)
	}
	if r.ErrCode != 0 || r.AccessToken == "" {
		return "", fmt.Errorf("access token: %w (check MP_APP_ID and MP_APP_SECRET)", &apiError{API: "token", Code: r.ErrCode, Msg: r.ErrMsg})
	}
	// Refresh well before WeChat's expiry, as the library does.
	ttl := time.Duration(max(r.ExpiresIn-1500, 60)) * time.Second
	if err := a.cache.Set(a.key, r.AccessToken, ttl); err != nil {
		return "", fmt.Errorf("access token: caching it: %w", err)
	}
	return r.AccessToken, nil
}

// drop forgets token unless another call already replaced it.
func (a *api) drop(token string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if v, ok := a.cache.Get(a.key).(string); ok && v == token {
		_ = a.cache.Delete(a.key)
	}
}

// do makes one request and returns the body of a 200 answer. Errors never
// carry the URL's secret or access token.
func (a *api) do(ctx context.Context, method, u string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, platform.Redact(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, platform.Redact(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, platform.Redact(err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return out, nil
}
