package platform

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// Box checks signatures and seals and opens callback payloads with
// silenceper's util functions: AES-256-CBC over random(16) + length(4) +
// message + receiver id. WeCom (receiver: the corp id) and the Official
// Account in safe mode (receiver: the AppID) use the same scheme.
type Box struct {
	token, receiver string
	key             []byte // nil: plain mode, nothing to open or seal
}

// NewBox returns the Box of a callback's Token, EncodingAESKey and
// receiver id. An empty key gives a Box for plain mode, which only signs.
func NewBox(token, encodingAESKey, receiver string) (Box, error) {
	b := Box{token: token, receiver: receiver}
	if encodingAESKey == "" {
		return b, nil
	}
	key, err := DecodeAESKey(encodingAESKey)
	if err != nil {
		return Box{}, err
	}
	b.key = key
	return b, nil
}

// Sealed reports whether the Box has a key (safe mode).
func (b Box) Sealed() bool { return b.key != nil }

// WithReceiver is b for another receiver id (tests of the receiver check).
func (b Box) WithReceiver(id string) Box {
	b.receiver = id
	return b
}

// Signature is the SHA-1 of the sorted token and parts: the query's
// signature (timestamp, nonce) or msg_signature (timestamp, nonce, Encrypt).
func (b Box) Signature(parts ...string) string {
	return util.Signature(append([]string{b.token}, parts...)...)
}

// The errors of Open.
var (
	ErrUndecryptable = errors.New("undecryptable")
	ErrWrongReceiver = errors.New("wrong receiver id")
)

// Open decrypts an Encrypt field (or echostr) and checks that it is
// addressed to this receiver.
func (b Box) Open(encrypt string) (random, plaintext []byte, err error) {
	if b.key == nil {
		return nil, nil, ErrUndecryptable
	}
	ciphertext, err := base64.StdEncoding.DecodeString(encrypt)
	if err != nil {
		return nil, nil, ErrUndecryptable
	}
	random, plaintext, receiver, err := util.AESDecryptMsg(ciphertext, b.key)
	if err != nil {
		return nil, nil, ErrUndecryptable
	}
	if string(receiver) != b.receiver {
		return nil, nil, ErrWrongReceiver
	}
	return random, plaintext, nil
}

// Seal encrypts plaintext with the given 16 random bytes.
func (b Box) Seal(random, plaintext []byte) string {
	return base64.StdEncoding.EncodeToString(util.AESEncryptMsg(random, plaintext, b.receiver, b.key))
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

// TextReply is the passive text reply from one account to user, as XML.
func TextReply(from, user, text string, now time.Time) ([]byte, error) {
	out, err := xml.Marshal(textReply{
		ToUserName:   cdata{user},
		FromUserName: cdata{from},
		CreateTime:   now.Unix(),
		MsgType:      cdata{"text"},
		Content:      cdata{text},
	})
	if err != nil {
		return nil, fmt.Errorf("marshal reply: %w", err)
	}
	return out, nil
}

// SealReply seals a passive reply (TextReply's XML) and signs it, with a
// fresh random prefix and nonce.
func (b Box) SealReply(inner []byte, now time.Time) ([]byte, error) {
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return nil, fmt.Errorf("reply random: %w", err)
	}
	nonce := make([]byte, 8)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("reply nonce: %w", err)
	}
	timestamp := strconv.FormatInt(now.Unix(), 10)
	nonceText := fmt.Sprintf("%x", nonce)
	encrypt := b.Seal(random, inner)
	return xml.Marshal(encryptedReply{
		Encrypt:      cdata{encrypt},
		MsgSignature: cdata{b.Signature(timestamp, nonceText, encrypt)},
		TimeStamp:    now.Unix(),
		Nonce:        cdata{nonceText},
	})
}
