package officialaccount

import (
	"fmt"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// reply builds the passive reply carrying text from the account to user:
// plain XML in plain mode, sealed and signed by b in safe mode.
func reply(b platform.Box, safe bool, account, user, text string, now time.Time) ([]byte, error) {
	inner, err := platform.TextReply(account, user, text, now)
	if err != nil {
		return nil, fmt.Errorf("officialaccount: %w", err)
	}
	if !safe {
		return inner, nil
	}
	out, err := b.SealReply(inner, now)
	if err != nil {
		return nil, fmt.Errorf("officialaccount: %w", err)
	}
	return out, nil
}
