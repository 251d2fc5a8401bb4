package kf

import (
	"encoding/json"
	"errors"
	"time"
)

// Message origins (sync_msg's origin field).
const (
	originCustomer = 3
	originSystem   = 4
	originServicer = 5
)

// message is one entry of sync_msg's msg_list: a customer's message, an
// event, or what a servicer wrote.
type message struct {
	ID       string `json:"msgid"`
	OpenKfID string `json:"open_kfid"`
	User     string `json:"external_userid"`
	SendTime int64  `json:"send_time"`
	Origin   int    `json:"origin"`
	Type     string `json:"msgtype"`
	Text     struct {
		Content string `json:"content"`
		MenuID  string `json:"menu_id"` // the click item that sent this text
	} `json:"text"`
	Event event `json:"event"`
}

// event is the event field of a msgtype "event" message.
type event struct {
	Type        string `json:"event_type"`
	OpenKfID    string `json:"open_kfid"`
	User        string `json:"external_userid"`
	Scene       string `json:"scene"`
	WelcomeCode string `json:"welcome_code"`
	FailMsgID   string `json:"fail_msgid"`
	FailType    int    `json:"fail_type"`
	ChangeType  int    `json:"change_type"`
	OldServicer string `json:"old_servicer_userid"`
	NewServicer string `json:"new_servicer_userid"`
	MsgCode     string `json:"msg_code"`
}

// session_status_change's change_type values.
const (
	changeFromQueue = 1 // a servicer took the conversation from the queue
	changeTransfer  = 2 // a servicer passed it to another
	changeEnded     = 3 // a servicer ended it
)

var errNoAccount = errors.New("message without account or customer")

// parseMessage reads one msg_list entry. Events name their account and
// customer inside the event; they are copied up so that every message
// has them where a customer's message does.
func parseMessage(raw []byte) (message, error) {
	var m message
	if err := json.Unmarshal(raw, &m); err != nil {
		return message{}, err
	}
	if m.Type == "event" {
		if m.OpenKfID == "" {
			m.OpenKfID = m.Event.OpenKfID
		}
		if m.User == "" {
			m.User = m.Event.User
		}
	}
	if m.ID == "" || m.OpenKfID == "" || (m.User == "" && m.Event.Type != "servicer_status_change") {
		return message{}, errNoAccount
	}
	return m, nil
}

// sent is when the message was written.
func (m message) sent() time.Time { return time.Unix(m.SendTime, 0) }

// conv names the conversation: one customer with one account.
func (m message) conv() string { return m.OpenKfID + ":" + m.User }

// page is sync_msg's answer.
type page struct {
	NextCursor string            `json:"next_cursor"`
	HasMore    int               `json:"has_more"`
	MsgList    []json.RawMessage `json:"msg_list"`
}
