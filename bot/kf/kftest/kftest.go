// Package kftest lends the fake WeCom API, with its Customer Service
// (微信客服) endpoints and rules, to tests outside bot/, which cannot import
// bot/internal/wxtest: cmd/faqbot's end-to-end test runs the real `faqbot
// serve` against it through WECOM_API_BASE. It is imported by tests only.
package kftest

import (
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

// FakeAPI is the fake of qyapi.weixin.qq.com; see wxtest.FakeAPI.
type FakeAPI = wxtest.FakeAPI

// Sent is a message the fake accepted.
type Sent = wxtest.Sent

// Keys seal callbacks as WeCom does.
type Keys = wxtest.Keys

// NewFakeAPI starts the fake until the test ends.
func NewFakeAPI(t testing.TB) *FakeAPI { return wxtest.NewFakeAPI(t) }

// Callback is the decrypted kf_msg_or_event callback for an account.
func Callback(corpID, openKfID, token string) string {
	return wxtest.KFCallback(corpID, openKfID, token, time.Now())
}
