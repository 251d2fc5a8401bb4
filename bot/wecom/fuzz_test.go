package wecom

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

// quietHandler is a Handler whose engine answers at once and whose
// follow-ups go nowhere.
func quietHandler(t testing.TB) (*Handler, wxtest.Keys) {
	v := wxtest.LoadVectors(t).WeCom
	h, err := New(Config{
		CorpID: v.CorpID, Token: v.Token, EncodingAESKey: v.EncodingAESKey,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, &wxtest.Engine{Answer: func(m bot.Message) (bot.Reply, error) { return bot.Reply{Text: m.Text}, nil }}, nopSender{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Wait(context.Background()) })
	return h, wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.CorpID}
}

// FuzzGarbageRequests throws arbitrary queries and bodies at the handler:
// it must answer every one without panicking.
func FuzzGarbageRequests(f *testing.F) {
	f.Add("GET", "msg_signature=a&timestamp=1&nonce=2&echostr=%%%", "")
	f.Add("POST", "msg_signature=a&timestamp=99999999999999999999&nonce=2", "<xml><Encrypt>AAAA</Encrypt></xml>")
	f.Add("POST", "msg_signature=&timestamp=-1", "<xml><Encrypt><![CDATA[")
	f.Add("POST", "", "\x00\xff<xml>")
	f.Fuzz(func(t *testing.T, method, query, body string) {
		h, _ := quietHandler(t)
		req := httptest.NewRequest(http.MethodPost, "/wecom", strings.NewReader(body))
		req.Method = method
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK && method != http.MethodGet && method != http.MethodPost {
			t.Errorf("method %q accepted", method)
		}
	})
}

// FuzzGarbageMessages seals arbitrary plaintext correctly, so that it gets
// past the signature and decryption to the message parser.
func FuzzGarbageMessages(f *testing.F) {
	f.Add("<xml><FromUserName>a</FromUserName><MsgType>text</MsgType><Content>\xff\xfe</Content></xml>")
	f.Add("<xml><FromUserName>a</FromUserName><CreateTime>x</CreateTime></xml>")
	f.Add("<xml><FromUserName>a</FromUserName><MsgType>event</MsgType><Event>subscribe</Event><CreateTime>-9223372036854775808</CreateTime></xml>")
	f.Add("<!DOCTYPE x [<!ENTITY a \"b\">]><xml><FromUserName>&a;</FromUserName></xml>")
	f.Add("")
	f.Fuzz(func(t *testing.T, plaintext string) {
		h, keys := quietHandler(t)
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		encrypt, sig := keys.Seal(t, plaintext, ts, "n")
		req := httptest.NewRequest(http.MethodPost, "/wecom?"+wxtest.Query("msg_signature", sig, "timestamp", ts, "nonce", "n"),
			strings.NewReader("<xml><Encrypt>"+encrypt+"</Encrypt></xml>"))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Errorf("status %d", rec.Code)
		}
	})
}
