package wecom

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

// box seals and opens callback payloads: AES-256-CBC over
// random(16) + length(4) + message + receiver id, as WeCom specifies.
type box struct {
	token, corpID string
	key           []byte
}

func newBox(token, encodingAESKey, corpID string) (box, error) {
	key, err := platform.DecodeAESKey(encodingAESKey)
	if err != nil {
		return box{}, err
	}
	return box{token: token, corpID: corpID, key: key}, nil
}

func (b box) signature(timestamp, nonce, encrypt string) string {
	return util.Signature(b.token, timestamp, nonce, encrypt)
}

var (
	errUndecryptable = errors.New("undecryptable")
	errWrongReceiver = errors.New("wrong receiver id")
)

// open decrypts an Encrypt field (or echostr) and checks that it is
// addressed to this corporation.
func (b box) open(encrypt string) (random, plaintext []byte, err error) {
	ciphertext, err := base64.StdEncoding.DecodeString(encrypt)
	if err != nil {
		return nil, nil, errUndecryptable
	}
	random, plaintext, receiver, err := util.AESDecryptMsg(ciphertext, b.key)
	if err != nil {
		return nil, nil, errUndecryptable
	}
	if string(receiver) != b.corpID {
		return nil, nil, errWrongReceiver
	}
	return random, plaintext, nil
}

// seal encrypts plaintext with the given 16 random bytes.
func (b box) seal(random, plaintext []byte) string {
	return base64.StdEncoding.EncodeToString(util.AESEncryptMsg(random, plaintext, b.corpID, b.key))
}

type cdata struct {
	Text string `xml:",cdata"`
}

// textReply is the inner message of a passive text reply.
type textReply struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata
	FromUserName cdata
	CreateTime   int64
	MsgType      cdata
	Content      cdata
}

// encryptedReply is the passive reply WeCom reads.
type encryptedReply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata
	MsgSignature cdata
	TimeStamp    int64
	Nonce        cdata
}

// reply builds the encrypted passive reply carrying text to user.
func (b box) reply(user, text string, now time.Time) ([]byte, error) {
	inner, err := xml.Marshal(textReply{
		ToUserName:   cdata{user},
		FromUserName: cdata{b.corpID},
		CreateTime:   now.Unix(),
		MsgType:      cdata{"text"},
		Content:      cdata{text},
	})
	if err != nil {
		return nil, fmt.Errorf("wecom: marshal reply: %w", err)
	}
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return nil, fmt.Errorf("wecom: reply random: %w", err)
	}
	nonce := make([]byte, 8)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("wecom: reply nonce: %w", err)
	}
	timestamp := strconv.FormatInt(now.Unix(), 10)
	nonceText := fmt.Sprintf("%x", nonce)
	encrypt := b.seal(random, inner)
	return xml.Marshal(encryptedReply{
		Encrypt:      cdata{encrypt},
		MsgSignature: cdata{b.signature(timestamp, nonceText, encrypt)},
		TimeStamp:    now.Unix(),
		Nonce:        cdata{nonceText},
	})
}
