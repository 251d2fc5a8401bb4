package wecom

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

// kfRecorder is a KF that records what it is told.
type kfRecorder struct {
	mu      sync.Mutex
	waiting []string
	changed int
}

func (k *kfRecorder) MessagesWaiting(openKfID, token string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.waiting = append(k.waiting, openKfID+"/"+token)
}

func (k *kfRecorder) AccountsChanged() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.changed++
}

func TestKFEventsGoToTheKFChannelBeforeMessageParsing(t *testing.T) {
	kf := &kfRecorder{}
	s := startWeCom(t, func(c *Config) { c.KF = kf })
	code, body := s.send(t, wxtest.KFCallback(s.keys.ReceiverID, "wkA", "tok1", time.Now()))
	if code != 200 || body != "success" {
		t.Fatalf("kf_msg_or_event answered %d %q, want 200 success", code, body)
	}
	auth := fmt.Sprintf("<xml><ToUserName>%s</ToUserName><CreateTime>%d</CreateTime><MsgType>event</MsgType><Event>kf_account_auth_change</Event><AuthAddOpenKfId>wkB</AuthAddOpenKfId></xml>",
		s.keys.ReceiverID, time.Now().Unix())
	if code, body := s.send(t, auth); code != 200 || body != "success" {
		t.Fatalf("kf_account_auth_change answered %d %q", code, body)
	}
	if len(kf.waiting) != 1 || kf.waiting[0] != "wkA/tok1" || kf.changed != 1 {
		t.Fatalf("KF got %v and %d account changes", kf.waiting, kf.changed)
	}
	if got := s.engine.Messages(); len(got) != 0 {
		t.Errorf("the engine got %d KF events", len(got))
	}
}

func TestKFEventsWithoutAKFChannelAreAcknowledged(t *testing.T) {
	s := startWeCom(t, nil)
	// Refusing them would only make WeCom retry: they have no sender.
	if code, body := s.send(t, wxtest.KFCallback(s.keys.ReceiverID, "wkA", "tok1", time.Now())); code != 200 || body != "success" {
		t.Fatalf("answered %d %q, want 200 success", code, body)
	}
	bad := strings.Replace(wxtest.KFCallback(s.keys.ReceiverID, "", "tok1", time.Now()), "<OpenKfId><![CDATA[]]></OpenKfId>", "", 1)
	s2 := startWeCom(t, func(c *Config) { c.KF = &kfRecorder{} })
	if code, _ := s2.send(t, bad); code != 400 {
		t.Fatalf("kf_msg_or_event without an account answered %d, want 400", code)
	}
}

// FuzzKFCallback: whatever a decrypted KF event holds, routing it never
// panics, and an account is passed on only when the event names one.
func FuzzKFCallback(f *testing.F) {
	f.Add(wxtest.KFCallback("ww1", "wkA", "tok", time.Unix(1700000000, 0)))
	f.Add("<xml><MsgType>event</MsgType><Event>kf_account_auth_change</Event></xml>")
	f.Add("<xml><Event>kf_msg_or_event</Event><OpenKfId><![CDATA[")
	f.Fuzz(func(t *testing.T, plaintext string) {
		k := &kfRecorder{}
		if !routeKF(k, []byte(plaintext)) {
			return
		}
		for _, w := range k.waiting {
			if strings.HasPrefix(w, "/") {
				t.Fatalf("an event without an account was passed on: %q", plaintext)
			}
		}
	})
}
