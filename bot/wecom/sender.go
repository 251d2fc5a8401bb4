package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work/message"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// sendURL is the application message API (work/message keeps it private).
const sendURL = "https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token="

// AppSender sends text messages as the application, through WeCom's
// application message API (消息推送 / 发送应用消息).
type AppSender struct {
	agentID string
	tokens  credential.AccessTokenContextHandle
}

// NewSender returns a Sender for the application cfg.AgentID of
// cfg.CorpID, authenticated with cfg.Secret. Access tokens are kept in c,
// under the library's keys, so that replicas sharing c share one token.
//
// It gives the library's process-wide HTTP client timeouts (see
// platform.UseAPITimeouts): the library has no per-instance client.
func NewSender(cfg Config, c cache.Cache) (*AppSender, error) {
	if cfg.CorpID == "" || cfg.AgentID == "" || cfg.Secret == "" {
		return nil, errors.New("wecom: CorpID, AgentID and Secret are required to send messages")
	}
	if c == nil {
		return nil, errors.New("wecom: an access-token cache is required")
	}
	platform.UseAPITimeouts()
	return &AppSender{
		agentID: cfg.AgentID,
		tokens:  credential.NewWorkAccessToken(cfg.CorpID, cfg.Secret, cfg.AgentID, credential.CacheKeyWorkPrefix, c),
	}, nil
}

// SendText sends text to the member user. Errors never carry the access
// token or the secret.
func (s *AppSender) SendText(ctx context.Context, user, text string) error {
	token, err := s.tokens.GetAccessTokenContext(ctx)
	if err != nil {
		return fmt.Errorf("wecom: access token: %w", platform.Redact(err))
	}
	req := message.SendTextRequest{
		SendRequestCommon: &message.SendRequestCommon{ToUser: user, MsgType: "text", AgentID: s.agentID},
		Text:              message.TextField{Content: text},
	}
	body, err := util.PostJSONContext(ctx, sendURL+url.QueryEscape(token), req)
	if err != nil {
		return fmt.Errorf("wecom: send: %w", platform.Redact(err))
	}
	var resp message.SendResponse
	if err := util.DecodeWithError(body, &resp, "message/send"); err != nil {
		return fmt.Errorf("wecom: send: %w", err)
	}
	if resp.InvalidUser != "" {
		// errcode 0 with the user listed here means nothing was delivered.
		return errors.New("wecom: send: the recipient is not a valid member of the application")
	}
	return nil
}
