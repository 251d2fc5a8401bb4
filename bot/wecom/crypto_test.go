package wecom

import (
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

func TestBoxOpensTencentsMessageVector(t *testing.T) {
	v := wxtest.LoadVectors(t).WeCom
	b, err := newBox(v.Token, v.EncodingAESKey, v.CorpID)
	if err != nil {
		t.Fatal(err)
	}
	m := v.Message
	if got := b.Signature(m.Timestamp, m.Nonce, m.Encrypt); got != m.MsgSignature {
		t.Errorf("signature = %s, want %s", got, m.MsgSignature)
	}
	random, plaintext, err := b.Open(m.Encrypt)
	if err != nil {
		t.Fatal(err)
	}
	if string(random) != m.Random || string(plaintext) != m.Plaintext {
		t.Errorf("open = %q, %q; want %q, %q", random, plaintext, m.Random, m.Plaintext)
	}
	if got := b.Seal([]byte(m.Random), []byte(m.Plaintext)); got != m.Encrypt {
		t.Errorf("seal with the vector's random:\n got %s\nwant %s", got, m.Encrypt)
	}
}

func TestBoxOpensTencentsEchostrVector(t *testing.T) {
	v := wxtest.LoadVectors(t).WeCom
	b, err := newBox(v.Token, v.EncodingAESKey, v.CorpID)
	if err != nil {
		t.Fatal(err)
	}
	u := v.URLVerification
	if got := b.Signature(u.Timestamp, u.Nonce, u.EchoStr); got != u.MsgSignature {
		t.Errorf("signature = %s, want %s", got, u.MsgSignature)
	}
	_, plaintext, err := b.Open(u.EchoStr)
	if err != nil || string(plaintext) != u.Plaintext {
		t.Errorf("open = %q, %v; want %q", plaintext, err, u.Plaintext)
	}
}

func TestBoxRefusesAnotherCorpsMessage(t *testing.T) {
	v := wxtest.LoadVectors(t).WeCom
	b, _ := newBox(v.Token, v.EncodingAESKey, "ww-another-corp")
	if _, _, err := b.Open(v.Message.Encrypt); err != platform.ErrWrongReceiver {
		t.Errorf("open = %v, want platform.ErrWrongReceiver", err)
	}
	for _, garbage := range []string{"", "not base64!", "AAAA", "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QQ=="} {
		if _, _, err := b.Open(garbage); err != platform.ErrUndecryptable {
			t.Errorf("open(%q) = %v, want platform.ErrUndecryptable", garbage, err)
		}
	}
}

func TestNewBoxRejectsBadKeys(t *testing.T) {
	for _, key := range []string{"", "short", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2!"} {
		if _, err := newBox("t", key, "c"); err == nil {
			t.Errorf("newBox accepted key %q", key)
		}
	}
}

func TestReplyIsSignedAndOpensToTheTextMessage(t *testing.T) {
	v := wxtest.LoadVectors(t).WeCom
	b, _ := newBox(v.Token, v.EncodingAESKey, v.CorpID)
	now := time.Unix(1700000000, 0)
	out, err := reply(b, v.CorpID, "zhangsan", "答案 ]]> <a href=\"https://example.com/?a=1&b=2\">链接</a>", now)
	if err != nil {
		t.Fatal(err)
	}
	keys := wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.CorpID}
	got := keys.Open(t, out)
	want := wxtest.ReplyText{ToUserName: "zhangsan", FromUserName: v.CorpID, CreateTime: now.Unix(), MsgType: "text",
		Content: "答案 ]]> <a href=\"https://example.com/?a=1&b=2\">链接</a>"}
	if got != want {
		t.Errorf("reply = %+v, want %+v", got, want)
	}
}
