package kf

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/silenceper/wechat/v2/work/kf/sendmsg"
	"github.com/silenceper/wechat/v2/work/kf/sendmsgonevent"

	"github.com/kzrh/faqbot/bot/internal/wecomapi"
)

// Errcodes the Service acts on.
const (
	codeRateLimited  = 45009 // too many calls (sync_msg without a valid token)
	codeBadSyncToken = 95007 // the callback's token is invalid or expired
	codeNotOnDuty    = 95014 // the servicer is not receiving conversations
	codeWrongState   = 95018 // send_msg outside states 0 and 1
	codeQuota        = 95001 // more than 5 messages since the customer's last
	codeExpired      = 95002 // more than 48 hours since the customer's last
)

// Conversation states (service_state).
const (
	stateUntreated = 0
	stateBot       = 1
	stateQueue     = 2
	stateServicer  = 3
	stateEnded     = 4
)

// api is the part of the KF API the Service calls.
type api struct{ c *wecomapi.Client }

func (a api) accounts(ctx context.Context) ([]accountInfo, error) {
	var all []accountInfo
	for offset := 0; ; offset += 100 {
		var r accountList
		if err := a.c.Post(ctx, "kf/account/list", accountPaging{Offset: offset, Limit: 100}, &r); err != nil {
			return nil, err
		}
		all = append(all, r.AccountList...)
		if len(r.AccountList) < 100 {
			return all, nil
		}
	}
}

func (a api) sync(ctx context.Context, openKfID, cursor, token string, limit int) (page, error) {
	var p page
	err := a.c.Post(ctx, "kf/sync_msg", syncMsgRequest{Cursor: cursor, Token: token, Limit: uint(limit), OpenKfID: openKfID}, &p)
	return p, err
}

func (a api) send(ctx context.Context, msg any) error {
	return a.c.Post(ctx, "kf/send_msg", msg, nil)
}

func (a api) sendOnEvent(ctx context.Context, msg any) error {
	return a.c.Post(ctx, "kf/send_msg_on_event", msg, nil)
}

func (a api) state(ctx context.Context, openKfID, user string) (int, error) {
	var r stateGetAnswer
	err := a.c.Post(ctx, "kf/service_state/get", stateGetRequest{OpenKFID: openKfID, ExternalUserID: user}, &r)
	return r.ServiceState, err
}

func (a api) trans(ctx context.Context, openKfID, user string, state int, servicer string) (msgCode string, err error) {
	var r stateTransAnswer
	err = a.c.Post(ctx, "kf/service_state/trans", stateTransRequest{
		OpenKFID: openKfID, ExternalUserID: user, ServiceState: state, ServicerUserID: servicer}, &r)
	return r.MsgCode, err
}

// sendID derives the msgid of part n of the answer to the message msgID of
// an account: at most 32 bytes of [0-9a-zA-Z_-], the same on every
// attempt, so that WeCom refuses a second delivery of the same part.
func sendID(openKfID, msgID string, n int) string {
	sum := sha256.Sum256([]byte(openKfID + "\x00" + msgID))
	return "fb" + hex.EncodeToString(sum[:10]) + "-" + strconv.Itoa(n)
}

func textMessage(openKfID, user, msgID, text string) sendmsg.Text {
	m := sendmsg.Text{Message: sendmsg.Message{ToUser: user, OpenKFID: openKfID, MsgID: msgID}, MsgType: "text"}
	m.Text.Content = text
	return m
}

// menu is the msgmenu body both send APIs take. The library's item types
// lack the "text" item, which the Service does not use.
type menu struct {
	Head  string
	Items []item
	Tail  string
}

type item struct{ ID, Content string }

func (m menu) list() []any {
	out := make([]any, len(m.Items))
	for i, it := range m.Items {
		var c sendmsg.MenuClick
		c.Type = "click"
		c.Click.ID, c.Click.Content = it.ID, clip(it.Content, maxItemBytes)
		out[i] = c
	}
	return out
}

func menuMessage(openKfID, user, msgID string, m menu) sendmsg.Menu {
	out := sendmsg.Menu{Message: sendmsg.Message{ToUser: user, OpenKFID: openKfID, MsgID: msgID}, MsgType: "msgmenu"}
	out.MsgMenu.HeadContent, out.MsgMenu.List, out.MsgMenu.TailContent = clip(m.Head, maxHeadBytes), m.list(), clip(m.Tail, maxHeadBytes)
	return out
}

// The event-code messages always carry a msgid: the library's msgid field
// has no omitempty, and an empty one is not a valid msgid.

func eventMenu(code, msgID string, m menu) sendmsgonevent.Menu {
	out := sendmsgonevent.Menu{Message: sendmsgonevent.Message{Code: code, MsgID: msgID}, MsgType: "msgmenu"}
	out.MsgMenu.HeadContent, out.MsgMenu.List, out.MsgMenu.TailContent = clip(m.Head, maxHeadBytes), m.list(), clip(m.Tail, maxHeadBytes)
	return out
}

func eventText(code, msgID, text string) sendmsgonevent.Text {
	out := sendmsgonevent.Text{Message: sendmsgonevent.Message{Code: code, MsgID: msgID}, MsgType: "text"}
	out.Text.Content = text
	return out
}
