package wecom

import (
	"context"
	"errors"
	"fmt"

	"github.com/kzrh/faqbot/bot/internal/platform"
	"github.com/kzrh/faqbot/bot/internal/wecomapi"
)

// AppSender sends text messages as the application, through WeCom's
// application message API (消息推送 / 发送应用消息).
type AppSender struct {
	agentID string
	api     *wecomapi.Client
}

// NewSender returns a Sender for the application cfg.AgentID of
// cfg.CorpID, authenticated with cfg.Secret, calling cfg.APIBase. Access
// tokens are kept in c, so that replicas sharing c share one token.
//
// It gives the library's process-wide HTTP client timeouts (see
// platform.UseAPITimeouts): the library has no per-instance client.
func NewSender(cfg Config, c platform.TokenCache) (*AppSender, error) {
	if cfg.CorpID == "" || cfg.AgentID == "" || cfg.Secret == "" {
		return nil, errors.New("wecom: CorpID, AgentID and Secret are required to send messages")
	}
	if c == nil {
		return nil, errors.New("wecom: an access-token cache is required")
	}
	api, err := wecomapi.New(wecomapi.Config{Base: cfg.APIBase, CorpID: cfg.CorpID, AgentID: cfg.AgentID, Secret: cfg.Secret, Cache: c})
	if err != nil {
		return nil, fmt.Errorf("wecom: %w", err)
	}
	return &AppSender{agentID: cfg.AgentID, api: api}, nil
}

// SendText sends text to the member user. Errors never carry the access
// token or the secret.
func (s *AppSender) SendText(ctx context.Context, user, text string) error {
	req := sendText{ToUser: user, MsgType: "text", AgentID: s.agentID}
	req.Text.Content = text
	var resp sendResponse
	if err := s.api.Post(ctx, "message/send", req, &resp); err != nil {
		return fmt.Errorf("wecom: send: %w", err)
	}
	if resp.InvalidUser != "" {
		// errcode 0 with the user listed here means nothing was delivered.
		return errors.New("wecom: send: the recipient is not a valid member of the application")
	}
	return nil
}

// sendText is message/send's text message. Its own type rather than the
// library's work/message one, which links the library's token and cache
// packages (and through them Redis and memcached clients).
type sendText struct {
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	AgentID string `json:"agentid"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

// sendResponse is the part of message/send's answer the Sender reads.
type sendResponse struct {
	InvalidUser string `json:"invaliduser"`
}
