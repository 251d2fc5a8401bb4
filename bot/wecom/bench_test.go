package wecom_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
	"github.com/kzrh/faqbot/bot/wecom"
	"github.com/kzrh/faqbot/intents"
)

// echo answers every message at once with a fixed answer of a typical
// length: the baseline of BenchmarkWebhook, which costs the signature
// check, decryption, encryption of a same-sized reply and HTTP, but no
// engine and no store.
type echo struct{}

const echoText = `【卡证融合申请外国人来华工作许可对照片是否有特殊要求？】
是。需提供申请人 6 个月内正面免冠照片，白色背景，无边框，面部特征完整，图像清晰，无斑点、瑕疵、印墨缺陷。只接受 JPG 图像，不大于 1M，所提交图像的尺寸不得小于 354x472 像素。

相关网站：
<a href="https://fwp.safea.gov.cn/lhgzweb/">外国人来华工作管理服务系统</a>`

func (echo) Handle(_ context.Context, m bot.Message) (bot.Reply, error) {
	return bot.Reply{User: m.User, Kind: "answer", Text: echoText}, nil
}

type nopSender struct{}

func (nopSender) SendText(context.Context, string, string) error { return nil }

// BenchmarkWebhook sends signed, encrypted WeCom text messages (distinct
// MsgIds, 100 users, questions and follow-ups) through a loopback HTTP
// server: the bare echo handler against the real engine with the memory
// store and with Redis. Compare the ns/op of handler=echo and the others.
func BenchmarkWebhook(b *testing.B) {
	v := wxtest.LoadVectors(b).WeCom
	keys := wxtest.Keys{Token: v.Token, EncodingAESKey: v.EncodingAESKey, ReceiverID: v.CorpID}
	cfg := wecom.Config{CorpID: v.CorpID, Token: v.Token, EncodingAESKey: v.EncodingAESKey}
	cfg.Now = func() time.Time { return time.Unix(1700000000, 0) }

	// The shipped rules: the benchmark measures the bot as shipped.
	matcher := func(b *testing.B) *intents.Matcher {
		c, err := intents.LoadFiles("../../faq.yaml", "../../intents/intents.yaml")
		if err != nil {
			b.Fatal(err)
		}
		m, err := intents.New(c)
		if err != nil {
			b.Fatal(err)
		}
		return m
	}
	run := func(b *testing.B, a wecom.Answerer) {
		h, err := wecom.New(cfg, a, nopSender{})
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(h)
		defer srv.Close()
		questions := []string{"换发电子证照在系统哪里操作", "要交什么", "照片有什么要求", "明天天气怎么样"}
		reqs := make([]sealed, b.N)
		for i := range reqs {
			text := questions[i%len(questions)]
			plain := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[u%d]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId><AgentID>1</AgentID></xml>",
				v.CorpID, i%100, text, 1e9+i)
			enc, sig := keys.Seal(b, plain, "1700000000", "n"+strconv.Itoa(i))
			reqs[i] = sealed{
				url:  srv.URL + "?" + wxtest.Query("msg_signature", sig, "timestamp", "1700000000", "nonce", "n"+strconv.Itoa(i)),
				body: []byte("<xml><ToUserName><![CDATA[" + v.CorpID + "]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt><AgentID>1</AgentID></xml>"),
			}
		}
		client := srv.Client()
		client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
		var next atomic.Int64
		// WeCom delivers many users' messages at once: keep 32 requests in
		// flight so that store round trips overlap as they do in production.
		b.SetParallelism(16)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r := reqs[next.Add(1)-1]
				resp, err := client.Post(r.url, "text/xml", bytes.NewReader(r.body))
				if err != nil {
					b.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || len(body) < 100 {
					b.Errorf("status %d, body %q", resp.StatusCode, body)
					return
				}
			}
		})
	}

	b.Run("handler=echo", func(b *testing.B) { run(b, echo{}) })
	b.Run("handler=engine/store=memory", func(b *testing.B) {
		s := memstore.New(memstore.Options{})
		defer s.Close()
		run(b, bot.New(bot.Static{M: matcher(b)}, s, bot.Options{}))
	})
	b.Run("handler=engine/store=redis", func(b *testing.B) {
		srv := redistest.Shared(b)
		s, err := redisstore.Open(context.Background(), srv.URL(), redisstore.Options{
			Prefix: srv.Prefix(b), SessionTTL: time.Minute, DedupTTL: time.Minute, Retention: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		run(b, bot.New(bot.Static{M: matcher(b)}, s, bot.Options{}))
	})
}

type sealed struct {
	url  string
	body []byte
}
