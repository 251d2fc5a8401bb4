package officialaccount

import (
	"context"
	"errors"
	"fmt"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// TokenCache keeps access tokens where every replica finds them
// (redisstore.TokenCache, memstore.TokenCache).
type TokenCache = platform.TokenCache

// CustomerServiceSender sends text messages through the customer-service
// message API (客服消息), which reaches users who wrote to the account in
// the last 48 hours.
type CustomerServiceSender struct {
	api *api
}

// NewSender returns a Sender for the account cfg.AppID, authenticated with
// cfg.AppSecret, calling cfg.APIBase with cfg.HTTPClient. Access tokens
// are kept in c, under the keys silenceper's library uses, so that
// replicas sharing c share one token (fetching a new one invalidates the
// old one after a few minutes).
func NewSender(cfg Config, c TokenCache) (*CustomerServiceSender, error) {
	if cfg.AppID == "" || cfg.AppSecret == "" {
		return nil, errors.New("officialaccount: AppID and AppSecret are required to send messages")
	}
	if c == nil {
		return nil, errors.New("officialaccount: an access-token cache is required")
	}
	a, err := newAPI(cfg, c)
	if err != nil {
		return nil, err
	}
	return &CustomerServiceSender{api: a}, nil
}

// customText is the customer-service API's text message.
type customText struct {
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

// SendText sends text to the user with this OpenID. Errors never carry the
// access token or the secret.
func (s *CustomerServiceSender) SendText(ctx context.Context, user, text string) error {
	m := customText{ToUser: user, MsgType: "text"}
	m.Text.Content = text
	if err := s.api.post(ctx, "message/custom/send", m); err != nil {
		return fmt.Errorf("officialaccount: send: %w", err)
	}
	return nil
}
