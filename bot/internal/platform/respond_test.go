package platform

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// TestRespond covers the step the WeCom and Official Account callbacks
// share once a message is decrypted: what is written on the callback and
// what is sent actively, for each outcome.
func TestRespond(t *testing.T) {
	long := strings.Repeat("长", MaxTextBytes/3+10) // two parts
	answer := answerFunc(func(_ context.Context, m bot.Message) (bot.Reply, error) {
		switch m.Text {
		case "long":
			return bot.Reply{Text: long}, nil
		case "fail":
			return bot.Reply{}, errors.New("the engine failed")
		}
		return bot.Reply{Text: "答:" + m.Text}, nil
	})
	seal := func(user, text string) ([]byte, error) { return []byte("<xml>" + user + "|" + text + "</xml>"), nil }
	broken := func(string, string) ([]byte, error) { return nil, errors.New("no key") }
	text := func(s string) Callback {
		return Callback{FromUserName: "u", MsgType: "text", Content: s, CreateTime: 1700000000, MsgID: s}
	}
	for _, tc := range []struct {
		name    string
		cb      Callback
		seal    func(string, string) ([]byte, error)
		written string
		sent    []string
		status  int // of a Rejection; 0 for none
	}{
		{"a short answer is the passive reply", text("q"), seal, "<xml>u|答:q</xml>", nil, 0},
		{"a long answer's rest is sent actively", text("long"), seal, "<xml>u|" + SplitText(long, MaxTextBytes)[0] + "</xml>", []string{"u: " + SplitText(long, MaxTextBytes)[1]}, 0},
		{"an answer that cannot be sealed is sent actively", text("q"), broken, "success", []string{"u: 答:q"}, 0},
		{"a message with no answer is acknowledged", text("fail"), seal, "success", nil, 0},
		{"an event that needs no answer is acknowledged", Callback{FromUserName: "u", MsgType: "event", Event: "unsubscribe"}, seal, "success", nil, 0},
		{"a message without a sender is refused", Callback{MsgType: "text", Content: "q"}, seal, "", nil, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &recordingSender{}
			r := newTestResponder(t, answer, s, time.Second)
			w := httptest.NewRecorder()
			err := r.Respond(w, httptest.NewRequest(http.MethodPost, "/", nil), tc.cb, time.Unix(1700000000, 0), tc.seal)
			var rej *Rejection
			switch {
			case tc.status != 0:
				if !errors.As(err, &rej) || rej.Status != tc.status {
					t.Fatalf("err = %v, want a rejection with status %d", err, tc.status)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if got := w.Body.String(); got != tc.written {
				t.Errorf("wrote %q, want %q", got, tc.written)
			}
			if err := r.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := s.texts(); !slices.Equal(got, tc.sent) {
				t.Errorf("sent %q, want %q", got, tc.sent)
			}
		})
	}
}
