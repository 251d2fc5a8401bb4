// Package platform holds what the two WeChat callback channels, bot/wecom
// and bot/officialaccount, share: the mapping of a decrypted callback to a
// bot.Message, the platform's rules for answering (a passive reply within
// 5 seconds, 2048 bytes a text message) and the guards every callback
// passes before it is trusted (clock skew, body size, generic rejections).
//
// It never logs message text, and it never lets a late or overlong answer
// disappear without an error in the log.
package platform

import (
	"context"

	"github.com/kzrh/faqbot/bot"
)

// Answerer is the conversation engine as a channel sees it.
type Answerer interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
}

// Sender delivers a text message to a user outside the passive reply: the
// part of an answer that did not fit, or an answer that came too late.
type Sender interface {
	SendText(ctx context.Context, user, text string) error
}
