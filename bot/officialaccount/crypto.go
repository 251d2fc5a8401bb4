package officialaccount

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// box checks signatures and seals and opens safe-mode payloads:
// AES-256-CBC over random(16) + length(4) + message + AppID, as the
// Official Account specifies (the same framing as WeCom's).
type box struct {
	token, appID string
	key          []byte // nil in plain mode
}

func newBox(token, encodingAESKey, appID string) (box, error) {
	b := box{token: token, appID: appID}
	if encodingAESKey == "" {
		return b, nil
	}
	key, err := platform.DecodeAESKey(encodingAESKey)
	if err != nil {
		return box{}, err
	}
	b.key = key
	return b, nil
}

// signature is the SHA-1 of the sorted token and parts: the query's
// signature (timestamp, nonce) or msg_signature (timestamp, nonce, Encrypt).
func (b box) signature(parts ...string) string {
	return util.Signature(append([]string{b.token}, parts...)...)
}

var (
	errUndecryptable = errors.New("undecryptable")
	errWrongReceiver = errors.New("wrong receiver id")
)

// open decrypts an Encrypt field and checks that it is addressed to this
// account.
func (b box) open(encrypt string) (plaintext []byte, err error) {
	if b.key == nil {
		return nil, errUndecryptable
	}
	ciphertext, err := base64.StdEncoding.DecodeString(encrypt)
	if err != nil {
		return nil, errUndecryptable
	}
	_, plaintext, receiver, err := util.AESDecryptMsg(ciphertext, b.key)
	if err != nil {
		return nil, errUndecryptable
	}
	if string(receiver) != b.appID {
		return nil, errWrongReceiver
	}
	return plaintext, nil
}

type cdata struct {
	Text string `xml:",cdata"`
}

// textReply is a passive text reply, as it goes out in plain mode and
// inside the ciphertext in safe mode.
type textReply struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata
	FromUserName cdata
	CreateTime   int64
	MsgType      cdata
	Content      cdata
}

// encryptedReply is the passive reply in safe mode.
type encryptedReply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata
	MsgSignature cdata
	TimeStamp    int64
	Nonce        cdata
}

// reply builds the passive reply carrying text from the account to user:
// plain XML in plain mode, sealed and signed in safe mode.
func (b box) reply(safe bool, account, user, text string, now time.Time) ([]byte, error) {
	inner, err := xml.Marshal(textReply{
		ToUserName:   cdata{user},
		FromUserName: cdata{account},
		CreateTime:   now.Unix(),
		MsgType:      cdata{"text"},
		Content:      cdata{text},
	})
	if err != nil {
		return nil, fmt.Errorf("officialaccount: marshal reply: %w", err)
	}
	if !safe {
		return inner, nil
	}
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return nil, fmt.Errorf("officialaccount: reply random: %w", err)
	}
	nonce := make([]byte, 8)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("officialaccount: reply nonce: %w", err)
	}
	timestamp := strconv.FormatInt(now.Unix(), 10)
	nonceText := fmt.Sprintf("%x", nonce)
	encrypt := base64.StdEncoding.EncodeToString(util.AESEncryptMsg(random, inner, b.appID, b.key))
	return xml.Marshal(encryptedReply{
		Encrypt:      cdata{encrypt},
		MsgSignature: cdata{b.signature(timestamp, nonceText, encrypt)},
		TimeStamp:    now.Unix(),
		Nonce:        cdata{nonceText},
	})
}
