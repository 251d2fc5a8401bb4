package platform

import (
	"errors"
	"strconv"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// Callback is the part of a decrypted callback message that the bot reads.
// WeCom and the Official Account use the same element names.
type Callback struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Event        string `xml:"Event"`
	Content      string `xml:"Content"`
	Recognition  string `xml:"Recognition"` // the platform's transcript of a voice message
	MsgID        string `xml:"MsgId"`
}

var (
	// ErrIgnored is returned for callbacks the bot does not answer: events
	// other than subscribe and enter_agent (unsubscribe, menu clicks,
	// location reports, contact changes, ...). Asking those users to type
	// a question would be noise.
	ErrIgnored = errors.New("callback needs no answer")
	// ErrNoSender is returned for a callback without FromUserName: there
	// is nobody to answer and no session to keep.
	ErrNoSender = errors.New("callback has no sender")
)

// MessageAt maps c to the engine's message for channel, dated by
// MessageTime with now, the channel's clock.
func (c Callback) MessageAt(channel string, now time.Time) (bot.Message, error) {
	m, err := c.Message(channel)
	m.Time = MessageTime(c.CreateTime, now)
	return m, err
}

// Message maps c to the engine's message for channel, dated with its
// CreateTime as it is unless it cannot be a time at all (zero, negative,
// past year 9999): then it is dated now. Channels use MessageAt.
func (c Callback) Message(channel string) (bot.Message, error) {
	if c.FromUserName == "" {
		return bot.Message{}, ErrNoSender
	}
	m := bot.Message{
		Channel: channel,
		User:    c.FromUserName,
		ID:      c.MsgID,
		Time:    time.Unix(c.CreateTime, 0),
	}
	if c.CreateTime <= 0 || m.Time.Year() > 9999 {
		m.Time = time.Now()
	}
	if m.ID == "" || m.ID == "0" {
		// Events carry no MsgId; the platform retries them with the same
		// sender and CreateTime.
		m.ID = c.FromUserName + "-" + strconv.FormatInt(c.CreateTime, 10)
	}
	switch c.MsgType {
	case "text":
		m.Text = c.Content
	case "voice":
		m.Text = c.Recognition
		if m.Text == "" {
			m.Event = bot.EventUnsupported // no transcript: ask the user to type
		}
	case "event":
		switch c.Event {
		case "subscribe", "enter_agent":
			m.Event = bot.EventWelcome
		default:
			return bot.Message{}, ErrIgnored
		}
	default: // image, video, shortvideo, location, link, file and types yet to come
		m.Event = bot.EventUnsupported
	}
	return m, nil
}
