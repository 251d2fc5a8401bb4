package officialaccount

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// customSendURL is the customer-service message API (the library keeps it
// private).
const customSendURL = "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token="

// CustomerServiceSender sends text messages through the customer-service
// message API (客服消息), which reaches users who wrote to the account in
// the last 48 hours.
type CustomerServiceSender struct {
	tokens credential.AccessTokenContextHandle
}

// NewSender returns a Sender for the account cfg.AppID, authenticated with
// cfg.AppSecret. Access tokens are kept in c, under the library's keys, so
// that replicas sharing c share one token (fetching a new one invalidates
// the old one after a few minutes).
//
// It gives the library's process-wide HTTP client timeouts (see
// platform.UseAPITimeouts): the library has no per-instance client.
func NewSender(cfg Config, c cache.Cache) (*CustomerServiceSender, error) {
	if cfg.AppID == "" || cfg.AppSecret == "" {
		return nil, errors.New("officialaccount: AppID and AppSecret are required to send messages")
	}
	if c == nil {
		return nil, errors.New("officialaccount: an access-token cache is required")
	}
	platform.UseAPITimeouts()
	return &CustomerServiceSender{tokens: credential.NewDefaultAccessToken(cfg.AppID, cfg.AppSecret, credential.CacheKeyOfficialAccountPrefix, c)}, nil
}

// SendText sends text to the user with this OpenID. Errors never carry the
// access token or the secret.
//
// It calls the API itself rather than through message.Manager.Send, which
// takes no context.
func (s *CustomerServiceSender) SendText(ctx context.Context, user, text string) error {
	token, err := s.tokens.GetAccessTokenContext(ctx)
	if err != nil {
		return fmt.Errorf("officialaccount: access token: %w", platform.Redact(err))
	}
	body, err := util.PostJSONContext(ctx, customSendURL+url.QueryEscape(token), message.NewCustomerTextMessage(user, text))
	if err != nil {
		return fmt.Errorf("officialaccount: send: %w", platform.Redact(err))
	}
	if err := util.DecodeWithCommonError(body, "message/custom/send"); err != nil {
		return fmt.Errorf("officialaccount: send: %w", err)
	}
	return nil
}
