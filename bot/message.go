package bot

import "time"

// ChannelConsole is the channel of the questions operators ask on the
// console's Try page: answered as any other, but not a person's question,
// so the daily report does not count them (PersonAsked).
const ChannelConsole = "admin"

// PersonAsked reports whether a message of channel is a person's, which
// the daily report and the Status page's today count: not an operator's
// trying the console.
func PersonAsked(channel string) bool { return channel != ChannelConsole }

// Message is one incoming question or event, whatever the channel.
type Message struct {
	Channel string // "wecom", "mp", "cli", "replay", ChannelConsole
	User    string // the sender's id within the channel
	// ID identifies the message for retry de-duplication: the platform's
	// MsgId, or sender + CreateTime for events. Empty means no
	// de-duplication (the terminal).
	ID   string
	Text string
	// Event is empty for a question. EventWelcome (subscribe, enter_agent)
	// gets the welcome and topic menu; EventUnsupported (image, video,
	// location, link, file, unknown types) gets a polite request to type.
	Event string
	// FAQ, when not 0, is a FAQ the person picked on a clickable menu
	// (WeCom Customer Service's msgmenu): it is answered as it is, however
	// old the menu, while the configuration has it; otherwise Text (the
	// item's title) is matched like a question.
	FAQ  int
	Time time.Time
}

// Events a channel can pass in Message.Event.
const (
	EventWelcome     = "welcome"
	EventUnsupported = "unsupported"
)

// Reply is what the bot answers; it is also the JSON line that
// `faqbot replay --json` prints.
type Reply struct {
	User        string  `json:"user"`
	Kind        string  `json:"kind"`   // answer | clarify | fallback | smalltalk
	FAQ         int     `json:"faq"`    // the answered FAQ's number, 0 otherwise
	Intent      string  `json:"intent"` // FAQ id, small-talk name, clarify or fallback
	Score       float64 `json:"score"`
	Suggestions []int   `json:"suggestions"` // FAQ numbers offered, in the order shown
	Text        string  `json:"text"`        // the full reply as WeCom shows it
	// Lang is the language of the conversation the reply is for: "zh" or
	// "en" (english.go).
	Lang string `json:"lang"`
	// Repeat says the reply is the one stored for an earlier delivery of
	// the same message (a platform's retry): its first delivery sent the
	// rest of a long answer already, and a channel must not send it again.
	Repeat bool `json:"repeat,omitempty"`
}
