package platform

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFailedSendLogsNoUserID: WeCom user ids are often people's names;
// the error line of a failed active send names the user by a hash.
func TestFailedSendLogsNoUserID(t *testing.T) {
	var logs lockedBuffer
	const user = "ZhangSanFeng"
	s := &recordingSender{err: errors.New("errcode 45009")}
	r, err := NewResponder("test", answerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: "答"}, nil
	}), s, Timing{}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	r.SendLater(user, []string{"第二部分"})
	if err := r.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "active send failed") {
		t.Fatalf("no error line for the failed send:\n%s", out)
	}
	if strings.Contains(out, user) {
		t.Errorf("the log names the user:\n%s", out)
	}
	if want := UserRef(user).Value.String(); !strings.Contains(out, "user_ref="+want) {
		t.Errorf("the log lacks user_ref=%s:\n%s", want, out)
	}
}

// TestAbsurdCreateTimeIsDatedNow: a CreateTime outside years 0-9999 made
// the session's Commit fail (JSON times) and left the message without an
// answer on retries; one far from now is forged or broken. Both are dated
// now; a plausible one is kept.
func TestAbsurdCreateTimeIsDatedNow(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		createTime int64
		want       time.Time
	}{
		{"a retry's own", now.Add(-5 * time.Second).Unix(), now.Add(-5 * time.Second)},
		{"zero", 0, now},
		{"negative", -62135596801, now},
		{"year 292277026596", 1 << 62, now},
		{"next year", now.AddDate(1, 0, 0).Unix(), now},
		{"two days ago", now.Add(-48 * time.Hour).Unix(), now},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MessageTime(tc.createTime, now)
			if !got.Equal(tc.want) {
				t.Errorf("MessageTime(%d) = %v, want %v", tc.createTime, got, tc.want)
			}
			if _, err := got.MarshalJSON(); err != nil {
				t.Errorf("the message's time does not encode: %v", err)
			}
		})
	}
	cb := Callback{FromUserName: "u", CreateTime: 1 << 62, MsgType: "text", Content: "你好", MsgID: "1"}
	if m, _ := cb.MessageAt("wecom", now); !m.Time.Equal(now) {
		t.Errorf("MessageAt: a callback with CreateTime 2^62 is dated %v, want %v", m.Time, now)
	}
	// Message, without the channel's clock, still never dates a message
	// with a time that cannot be stored.
	if m, _ := cb.Message("wecom"); m.Time.Year() > 9999 {
		t.Errorf("Message: a callback with CreateTime 2^62 is dated %v", m.Time)
	}
}
