package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"

	"github.com/silenceper/wechat/v2/util"
)

// wecom holds what the platform and the bot share: the callback token, the
// EncodingAESKey and the CorpID the plaintext is bound to. It speaks the
// WeCom callback wire format (企业微信 回调 加解密): the body carries the
// AES-encrypted message, the query its SHA-1 signature.
type wecom struct {
	token, aesKey, corpID string
}

// replyEnvelope is the bot's encrypted passive reply.
type replyEnvelope struct {
	Encrypt      string
	MsgSignature string
	TimeStamp    string
	Nonce        string
}

// textMessage is a user's text message as the platform encrypts it. It is
// formatted, not marshalled, because building a million of them with
// encoding/xml's reflection takes longer than sending them; the texts and
// user names are the program's own, so none holds "]]>".
const textMessage = "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId><AgentID>%s</AgentID></xml>"

// seal encrypts and signs a message the way the platform does, and returns
// the POST body and the signature for the msg_signature query parameter.
func (w wecom) seal(random, plain []byte, agentID, timestamp, nonce string) (body []byte, signature string, err error) {
	enc, err := util.EncryptMsg(random, plain, w.corpID, w.aesKey)
	if err != nil {
		return nil, "", fmt.Errorf("encrypt: %w", err)
	}
	body = fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID><![CDATA[%s]]></AgentID><Encrypt><![CDATA[%s]]></Encrypt></xml>", w.corpID, agentID, enc)
	return body, util.Signature(w.token, timestamp, nonce, string(enc)), nil
}

// errNoReply marks a reply that carries no message: "success" or an empty
// body, the platform's way of saying the answer will come later (or never).
var errNoReply = errors.New("no passive reply")

// open verifies and decrypts a passive reply and returns its text Content.
func (w wecom) open(body []byte) (string, error) {
	if len(body) == 0 || string(body) == "success" {
		return "", errNoReply
	}
	var env replyEnvelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return "", fmt.Errorf("reply is not the encrypted XML envelope: %w", err)
	}
	if env.Encrypt == "" {
		return "", errors.New("reply has no Encrypt element")
	}
	if _, err := strconv.ParseInt(env.TimeStamp, 10, 64); err != nil {
		return "", fmt.Errorf("reply TimeStamp %q is not a number", env.TimeStamp)
	}
	if util.Signature(w.token, env.TimeStamp, env.Nonce, env.Encrypt) != env.MsgSignature {
		return "", errors.New("reply MsgSignature does not match")
	}
	_, plain, err := util.DecryptMsg(w.corpID, env.Encrypt, w.aesKey)
	if err != nil {
		return "", fmt.Errorf("decrypt reply: %w", err)
	}
	var msg struct {
		MsgType string
		Content string
	}
	if err := xml.Unmarshal(plain, &msg); err != nil {
		return "", fmt.Errorf("decrypted reply is not XML: %w", err)
	}
	if msg.MsgType != "text" {
		return "", fmt.Errorf("reply MsgType is %q, want text", msg.MsgType)
	}
	if msg.Content == "" {
		return "", errors.New("reply Content is empty")
	}
	return msg.Content, nil
}
