package officialaccount

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

	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
)

func quietHandler(t testing.TB) (*Handler, wxtest.Keys) {
	v := wxtest.LoadVectors(t).OfficialAccount
	h, err := New(Config{
		AppID: v.AppID, Token: v.Token, EncodingAESKey: v.EncodingAESKey,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, &wxtest.Engine{Answer: func(m bot.Message) (bot.Reply, error) { return bot.Reply{Text: m.Text}, nil }}, nopSender{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Wait(context.Background()) })
	return h, wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.AppID}
}

// FuzzGarbageMessages gets arbitrary plaintext past the signature checks
// and the decryption to the library's parser: the handler must answer
// every one without panicking.
func FuzzGarbageMessages(f *testing.F) {
	f.Add("<xml><FromUserName>a</FromUserName><MsgType>text</MsgType><Content>\xff</Content></xml>", false)
	f.Add("<xml><FromUserName>a</FromUserName><MsgId>x</MsgId></xml>", false)
	f.Add("{\"FromUserName\":\"a\"}", true)
	f.Add("", false)
	f.Fuzz(func(t *testing.T, plaintext string, jsonContent bool) {
		h, keys := quietHandler(t)
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		encrypt, msgSig := keys.Seal(t, plaintext, ts, "n")
		q := wxtest.Query("signature", util.Signature(keys.Token, ts, "n"), "timestamp", ts, "nonce", "n",
			"encrypt_type", "aes", "msg_signature", msgSig)
		req := httptest.NewRequest(http.MethodPost, "/mp?"+q, strings.NewReader("<xml><Encrypt>"+encrypt+"</Encrypt></xml>"))
		if jsonContent {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Errorf("status %d", rec.Code)
		}
	})
}

func FuzzGarbageRequests(f *testing.F) {
	f.Add("POST", "signature=a&timestamp=1&nonce=2&encrypt_type=aes", "<xml><Encrypt>AAAA</Encrypt></xml>")
	f.Add("GET", "echostr=x", "")
	f.Fuzz(func(t *testing.T, method, query, body string) {
		h, _ := quietHandler(t)
		req := httptest.NewRequest(http.MethodPost, "/mp", strings.NewReader(body))
		req.Method = method
		req.URL.RawQuery = query
		h.ServeHTTP(httptest.NewRecorder(), req)
	})
}
