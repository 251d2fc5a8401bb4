// Package wxtest helps the channel tests act as WeChat: Tencent's published
// crypto vectors, requests sealed the way the platform seals them, and a
// fake of Tencent's message API. It is imported by tests only, and never
// talks to a real Tencent host.
package wxtest

import (
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

//go:embed testdata/wechat-crypto.json
var vectorsJSON []byte

// Vectors are Tencent's official examples for WeCom and the Official
// Account (testdata/wechat-crypto.json, copied from shared/testvectors).
type Vectors struct {
	WeCom struct {
		Token           string `json:"token"`
		EncodingAESKey  string `json:"encoding_aes_key"`
		CorpID          string `json:"corp_id"`
		URLVerification struct {
			MsgSignature string `json:"msg_signature"`
			Timestamp    string `json:"timestamp"`
			Nonce        string `json:"nonce"`
			EchoStr      string `json:"echostr"`
			Plaintext    string `json:"plaintext"`
		} `json:"url_verification"`
		Message struct {
			MsgSignature string `json:"msg_signature"`
			Timestamp    string `json:"timestamp"`
			Nonce        string `json:"nonce"`
			Encrypt      string `json:"encrypt"`
			Random       string `json:"random"`
			Plaintext    string `json:"plaintext"`
		} `json:"message"`
	} `json:"wecom"`
	OfficialAccount struct {
		Token          string `json:"token"`
		EncodingAESKey string `json:"encoding_aes_key"`
		AppID          string `json:"app_id"`
		Random         string `json:"random"`
		EncryptCases   []struct {
			Plaintext string `json:"plaintext"`
			Encrypt   string `json:"encrypt"`
		} `json:"encrypt_cases"`
	} `json:"official_account"`
}

// LoadVectors parses the embedded vectors.
func LoadVectors(t testing.TB) Vectors {
	t.Helper()
	var v Vectors
	if err := json.Unmarshal(vectorsJSON, &v); err != nil {
		t.Fatalf("wechat-crypto.json: %v", err)
	}
	return v
}

// Keys are what WeChat and a callback share.
type Keys struct {
	Token, EncodingAESKey, ReceiverID string
}

// Seal encrypts plaintext for the receiver as the platform does and signs
// it: it returns the Encrypt field and its msg_signature.
func (k Keys) Seal(t testing.TB, plaintext, timestamp, nonce string) (encrypt, signature string) {
	t.Helper()
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	enc, err := util.EncryptMsg(random, []byte(plaintext), k.ReceiverID, k.EncodingAESKey)
	if err != nil {
		t.Fatalf("seal: %v", err)
	}
	return string(enc), util.Signature(k.Token, timestamp, nonce, string(enc))
}

// Reply is an encrypted passive reply as both platforms write it.
type Reply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      string   `xml:"Encrypt"`
	MsgSignature string   `xml:"MsgSignature"`
	TimeStamp    int64    `xml:"TimeStamp"`
	Nonce        string   `xml:"Nonce"`
}

// ReplyText is the inner message of a passive text reply.
type ReplyText struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
}

// Open checks the signature of an encrypted passive reply, decrypts it
// and parses the text message inside.
func (k Keys) Open(t testing.TB, body []byte) ReplyText {
	t.Helper()
	var r Reply
	if err := xml.Unmarshal(body, &r); err != nil {
		t.Fatalf("reply %q is not the encrypted envelope: %v", body, err)
	}
	if want := util.Signature(k.Token, strconv.FormatInt(r.TimeStamp, 10), r.Nonce, r.Encrypt); r.MsgSignature != want {
		t.Fatalf("reply signature %q, want %q", r.MsgSignature, want)
	}
	_, plain, err := util.DecryptMsg(k.ReceiverID, r.Encrypt, k.EncodingAESKey)
	if err != nil {
		t.Fatalf("decrypt reply: %v", err)
	}
	var m ReplyText
	if err := xml.Unmarshal(plain, &m); err != nil {
		t.Fatalf("reply message %q: %v", plain, err)
	}
	return m
}

// Query builds a callback query string.
func Query(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return q.Encode()
}

// KFCallback is the decrypted kf_msg_or_event callback WeCom sends when
// messages wait for a customer-service account: no sender, a sync token.
func KFCallback(corpID, openKfID, token string, at time.Time) string {
	return fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><CreateTime>%d</CreateTime>"+
		"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"+
		"<Token><![CDATA[%s]]></Token><OpenKfId><![CDATA[%s]]></OpenKfId></xml>", corpID, at.Unix(), token, openKfID)
}

// Post seals plaintext as WeCom does and posts it to a callback URL,
// returning the status and body.
func (k Keys) Post(t testing.TB, url, plaintext string) (int, string) {
	t.Helper()
	ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), "nonce"
	enc, sig := k.Seal(t, plaintext, ts, nonce)
	body := "<xml><ToUserName><![CDATA[" + k.ReceiverID + "]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"
	resp, err := http.Post(url+"?"+Query("msg_signature", sig, "timestamp", ts, "nonce", nonce), "application/xml", strings.NewReader(body))
	if err != nil {
		t.Fatalf("posting the callback: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
