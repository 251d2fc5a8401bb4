package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// outcome is what became of one request.
type outcome struct {
	msgID    int64
	latency  time.Duration
	err      error  // transport, status or reply check failure
	content  string // the decrypted answer, when the reply was checked
	checked  bool
	noReply  bool // "success" or an empty body: the answer comes later, if at all
	canceled bool // cut short by --duration or an interrupt: neither success nor error
}

// sender sends pre-built messages and checks what comes back.
type sender struct {
	client *http.Client
	target string // the URL up to where the signature query goes
	wecom  wecom
	pace   *pacer
}

// work sends one worker's queue in order and returns the outcomes.
func (s *sender) work(ctx context.Context, queue []message) []outcome {
	out := make([]outcome, 0, len(queue))
	for _, m := range queue {
		if ctx.Err() != nil {
			break
		}
		if !m.dup {
			out = append(out, s.send(ctx, m))
			continue
		}
		// The platform retries a callback it has no answer for yet: send the
		// same MsgId twice at once, as the bot sees it when it is slow.
		var retry outcome
		var wg sync.WaitGroup
		wg.Go(func() { retry = s.send(ctx, m) })
		first := s.send(ctx, m)
		wg.Wait()
		out = append(out, first, retry)
	}
	return out
}

func (s *sender) send(ctx context.Context, m message) outcome {
	o := outcome{msgID: m.msgID, checked: m.check}
	if err := s.pace.wait(ctx); err != nil {
		o.canceled = true
		return o
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.target+m.query, bytes.NewReader(m.body))
	if err != nil {
		o.err = err
		return o
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		o.canceled = ctx.Err() != nil
		o.err = err
		return o
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	o.latency = time.Since(start)
	switch {
	case err != nil:
		o.err = fmt.Errorf("read reply: %w", err)
	case resp.StatusCode != http.StatusOK:
		o.err = fmt.Errorf("HTTP %s", resp.Status)
	case len(body) == 0 || string(body) == "success":
		o.noReply = true
	case m.check:
		o.content, o.err = s.wecom.open(body)
		if errors.Is(o.err, errNoReply) {
			o.noReply, o.err = true, nil
		}
	}
	return o
}

// pacer spaces requests evenly at a fixed rate across all workers; a nil
// pacer does not wait.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func newPacer(rate float64) *pacer {
	if rate <= 0 {
		return nil
	}
	return &pacer{interval: time.Duration(float64(time.Second) / rate)}
}

// wait reserves the next free slot and sleeps until it comes.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return ctx.Err()
	}
	p.mu.Lock()
	now := time.Now()
	if p.next.Before(now) {
		p.next = now
	}
	slot := p.next
	p.next = p.next.Add(p.interval)
	p.mu.Unlock()
	d := time.Until(slot)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
