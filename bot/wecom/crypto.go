package wecom

import (
	"errors"
	"fmt"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// newBox is the callback's platform.Box. WeCom always encrypts, so the
// EncodingAESKey is required.
func newBox(token, encodingAESKey, corpID string) (platform.Box, error) {
	if encodingAESKey == "" {
		return platform.Box{}, errors.New("EncodingAESKey is required")
	}
	return platform.NewBox(token, encodingAESKey, corpID)
}

// reply builds the encrypted passive reply carrying text from the
// corporation to user.
func reply(b platform.Box, corpID, user, text string, now time.Time) ([]byte, error) {
	inner, err := platform.TextReply(corpID, user, text, now)
	if err != nil {
		return nil, fmt.Errorf("wecom: %w", err)
	}
	out, err := b.SealReply(inner, now)
	if err != nil {
		return nil, fmt.Errorf("wecom: %w", err)
	}
	return out, nil
}
