package platform

import (
	"errors"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

func TestCallbackMessage(t *testing.T) {
	tests := []struct {
		name string
		cb   Callback
		want bot.Message
		err  error
	}{
		{"text", Callback{FromUserName: "u", CreateTime: 5, MsgType: "text", Content: "社保卡", MsgID: "42"},
			bot.Message{Channel: "c", User: "u", ID: "42", Text: "社保卡", Time: time.Unix(5, 0)}, nil},
		{"text without MsgId", Callback{FromUserName: "u", CreateTime: 5, MsgType: "text", Content: "x"},
			bot.Message{Channel: "c", User: "u", ID: "u-5", Text: "x", Time: time.Unix(5, 0)}, nil},
		{"voice", Callback{FromUserName: "u", CreateTime: 5, MsgType: "voice", Recognition: "办卡", MsgID: "43"},
			bot.Message{Channel: "c", User: "u", ID: "43", Text: "办卡", Time: time.Unix(5, 0)}, nil},
		{"voice without transcript", Callback{FromUserName: "u", CreateTime: 5, MsgType: "voice", MsgID: "44"},
			bot.Message{Channel: "c", User: "u", ID: "44", Event: bot.EventUnsupported, Time: time.Unix(5, 0)}, nil},
		{"subscribe", Callback{FromUserName: "u", CreateTime: 5, MsgType: "event", Event: "subscribe"},
			bot.Message{Channel: "c", User: "u", ID: "u-5", Event: bot.EventWelcome, Time: time.Unix(5, 0)}, nil},
		{"enter_agent", Callback{FromUserName: "u", CreateTime: 6, MsgType: "event", Event: "enter_agent"},
			bot.Message{Channel: "c", User: "u", ID: "u-6", Event: bot.EventWelcome, Time: time.Unix(6, 0)}, nil},
		{"location", Callback{FromUserName: "u", CreateTime: 5, MsgType: "location", MsgID: "45"},
			bot.Message{Channel: "c", User: "u", ID: "45", Event: bot.EventUnsupported, Time: time.Unix(5, 0)}, nil},
		{"link", Callback{FromUserName: "u", CreateTime: 5, MsgType: "link", MsgID: "46"},
			bot.Message{Channel: "c", User: "u", ID: "46", Event: bot.EventUnsupported, Time: time.Unix(5, 0)}, nil},
		{"unsubscribe", Callback{FromUserName: "u", MsgType: "event", Event: "unsubscribe"}, bot.Message{}, ErrIgnored},
		{"menu click", Callback{FromUserName: "u", MsgType: "event", Event: "CLICK"}, bot.Message{}, ErrIgnored},
		{"no sender", Callback{MsgType: "text", Content: "x"}, bot.Message{}, ErrNoSender},
	}
	for _, tt := range tests {
		got, err := tt.cb.Message("c")
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("%s: Message = %+v, %v; want %+v, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}
