package wxtest

import (
	"bytes"
	"context"
	"sync"

	"github.com/kzrh/faqbot/bot"
)

// Secret is a question that no log line may ever contain.
const Secret = "我的身份证号码是多少"

// Engine is a fake conversation engine. By default it answers a question
// with "答：" and the question, a welcome with "欢迎" and anything else
// with "请输入文字"; set Answer (before the first message) to change that.
type Engine struct {
	Answer func(bot.Message) (bot.Reply, error)

	mu  sync.Mutex
	got []bot.Message
}

// Handle records m and answers it.
func (e *Engine) Handle(_ context.Context, m bot.Message) (bot.Reply, error) {
	e.mu.Lock()
	e.got = append(e.got, m)
	e.mu.Unlock()
	if e.Answer != nil {
		return e.Answer(m)
	}
	switch m.Event {
	case bot.EventWelcome:
		return bot.Reply{Text: "欢迎"}, nil
	case bot.EventUnsupported:
		return bot.Reply{Text: "请输入文字"}, nil
	}
	return bot.Reply{Text: "答：" + m.Text}, nil
}

// Messages returns the messages received so far.
func (e *Engine) Messages() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bot.Message(nil), e.got...)
}

// Logs collects log output written from several goroutines.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
