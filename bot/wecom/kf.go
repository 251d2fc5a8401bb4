package wecom

import (
	"encoding/xml"
	"strings"
)

// KF receives the WeCom Customer Service (微信客服) events that reach the
// application's callback URL once the application may call the KF API
// (微信客服 → 可调用接口的应用). Both methods must return at once: the
// callback is answered "success" right after, and the messages are pulled
// in the background. bot/kf implements it.
type KF interface {
	// MessagesWaiting is kf_msg_or_event: messages or events wait for the
	// account openKfID, to be pulled with token (valid 10 minutes).
	MessagesWaiting(openKfID, token string)
	// AccountsChanged is kf_account_auth_change: the accounts the
	// application may serve changed.
	AccountsChanged()
}

// kfCallback is a decrypted KF event. It has no FromUserName: the
// customer and the message are known only once pulled.
type kfCallback struct {
	Event    string `xml:"Event"`
	Token    string `xml:"Token"`
	OpenKfID string `xml:"OpenKfId"`
}

// isKF reports whether a callback event is for WeCom Customer Service.
func isKF(msgType, event string) bool {
	return msgType == "event" && strings.HasPrefix(event, "kf_")
}

// routeKF hands a KF event to kf, if there is one, and reports whether
// the event was well formed. Without a KF the event is acknowledged and
// dropped: refusing it would only make WeCom retry.
func routeKF(kf KF, plaintext []byte) bool {
	var cb kfCallback
	if err := xml.Unmarshal(plaintext, &cb); err != nil {
		return false
	}
	if kf == nil {
		return true
	}
	switch cb.Event {
	case "kf_msg_or_event":
		if cb.OpenKfID == "" {
			return false
		}
		kf.MessagesWaiting(cb.OpenKfID, cb.Token)
	case "kf_account_auth_change":
		kf.AccountsChanged()
	}
	return true
}
