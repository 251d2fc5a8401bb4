package bot_test

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/breaker"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
)

// BenchmarkTurnWithRedisDown measures one turn while the session store's
// server is unreachable, as serve wires it: a Redis store behind the
// circuit breaker. "stopped" is a server that is gone (connections
// refused), "frozen" one that accepts connections and never answers
// (SIGSTOP, a hung host). The figure is per message once the circuit is
// open; issue 11 asks for at most 5 ms. "unguarded" is the store without
// the breaker, as before: every message waits for the store's deadlines.
func BenchmarkTurnWithRedisDown(b *testing.B) {
	m := shippedMatcher(b) // measures the bot as shipped
	servers := map[string]func(b *testing.B) string{
		"stopped": func(b *testing.B) string {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			addr := ln.Addr().String()
			ln.Close()
			return addr
		},
		"frozen": func(b *testing.B) string {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { ln.Close() })
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					b.Cleanup(func() { c.Close() })
				}
			}()
			return ln.Addr().String()
		},
	}
	for _, server := range []string{"stopped", "frozen"} {
		for _, guarded := range []bool{true, false} {
			name := "server=" + server + "/breaker=" + strconv.FormatBool(guarded)
			b.Run(name, func(b *testing.B) {
				// The store's own defaults: 300 ms per call, go-redis's
				// retries and dial backoff.
				client := redis.NewClient(&redis.Options{Addr: servers[server](b), ContextTimeoutEnabled: true})
				var store bot.Store = redisstore.New(client, redisstore.Options{})
				if guarded {
					store = breaker.New(store, breaker.Options{Probe: time.Hour, Fallback: memstore.New(memstore.Options{})})
				}
				b.Cleanup(func() { store.Close(); client.Close() })
				e := bot.New(bot.Static{M: m}, store, bot.Options{})
				ctx := context.Background()
				if guarded { // open the circuit before the clock starts
					for i := range 3 {
						e.Handle(ctx, bot.Message{Channel: "bench", User: "warm", ID: "warm" + strconv.Itoa(i), Text: "你好"})
					}
				}
				questions := []string{"换发电子证照在系统哪里操作", "要交什么", "照片有什么要求", "明天天气怎么样"}
				for i := 0; b.Loop(); i++ {
					msg := bot.Message{Channel: "bench", User: "u" + strconv.Itoa(i%100), ID: strconv.Itoa(i), Text: questions[i%len(questions)]}
					if _, err := e.Handle(ctx, msg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
