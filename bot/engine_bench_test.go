package bot_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
)

// BenchmarkEngineTurn measures one whole turn: de-duplication mark,
// session load, matching, reply, session save and question log.
func BenchmarkEngineTurn(b *testing.B) {
	m := shippedMatcher(b) // measures the bot as shipped
	questions := []string{"换发电子证照在系统哪里操作", "要交什么", "原来那张卡怎么处理", "明天天气怎么样"}
	run := func(b *testing.B, store bot.Store) {
		e := bot.New(bot.Static{M: m}, store, bot.Options{})
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			msg := bot.Message{Channel: "bench", User: "u" + strconv.Itoa(i%100), ID: strconv.Itoa(i), Text: questions[i%len(questions)]}
			if _, err := e.Handle(ctx, msg); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("store=memory", func(b *testing.B) {
		s := memstore.New(memstore.Options{})
		defer s.Close()
		run(b, s)
	})
	b.Run("store=redis", func(b *testing.B) {
		srv := redistest.Shared(b)
		s := newRedisStore(b, srv, redisstore.Options{Prefix: srv.Prefix(b), DedupTTL: time.Minute, SessionTTL: time.Minute, Retention: time.Minute})
		run(b, s)
	})
}
