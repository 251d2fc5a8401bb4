package main

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"time"
)

// conversation is what one user says in a row. Its turns are sent in order
// and each waits for the previous reply: a follow-up only makes sense after
// its question.
type conversation struct {
	weight int
	turns  []string
}

// script mixes what the bot meets: questions it answers, a question and
// its follow-up, and questions it must not answer (fallbacks).
var script = []conversation{
	{4, []string{"照片有什么要求"}},
	{4, []string{"换发电子证照需要哪些材料"}},
	{2, []string{"申请网址变了吗"}},
	{2, []string{"卡证融合是不是强制外国人买社保"}},
	{2, []string{"超龄人员能领电子工作许可证吗"}},
	{5, []string{"持有实体工作许可证的怎么换发电子证照", "要交什么"}},
	{2, []string{"明天天气怎么样"}},
	{1, []string{"火车票怎么买"}},
}

// message is one pre-built callback: encrypted, signed, ready to send.
type message struct {
	msgID int64
	user  string
	text  string
	query string // msg_signature, timestamp, nonce
	body  []byte
	dup   bool // sent twice at once with the same MsgId
	check bool // reply decrypted and checked
}

// buildPlan pre-builds every request of a run, so that encryption does not
// compete with the bot for CPU while it is measured. Users are split among
// the workers (user u always goes to worker u mod concurrency), so each
// user's turns go out one after another; plan[w] is worker w's queue.
func buildPlan(c config, w wecom, now time.Time, rng *rand.Rand) ([][]message, error) {
	plan := make([][]message, c.concurrency)
	total := 0
	for _, conv := range script {
		total += conv.weight
	}
	// MsgIds and user names are new on every run: a bot that remembers
	// MsgIds (to drop the platform's retries) or sessions in Redis would
	// otherwise treat a second run as retries of the first.
	run := now.UnixNano()
	timestamp := strconv.FormatInt(now.Unix(), 10)
	sends := 0
	for seq := int64(0); sends < c.requests; {
		conv := pick(rng, total)
		if sends+len(conv.turns) > c.requests {
			conv = script[0]
		}
		u := rng.IntN(c.users)
		user := fmt.Sprintf("load-%x-%d", run%0xffffff, u)
		for _, text := range conv.turns {
			if sends >= c.requests {
				break
			}
			seq++
			m := message{msgID: run + seq, user: user, text: text}
			m.dup = sends+2 <= c.requests && rng.Float64() < c.dup
			m.check = m.dup || rng.Float64() < c.check
			if err := m.seal(w, c.agentID, now.Unix(), timestamp, rng); err != nil {
				return nil, err
			}
			plan[u%c.concurrency] = append(plan[u%c.concurrency], m)
			sends++
			if m.dup {
				sends++
			}
		}
	}
	return plan, nil
}

func pick(rng *rand.Rand, total int) conversation {
	r := rng.IntN(total)
	for _, conv := range script {
		if r < conv.weight {
			return conv
		}
		r -= conv.weight
	}
	return script[len(script)-1]
}

func (m *message) seal(w wecom, agentID string, created int64, timestamp string, rng *rand.Rand) error {
	plain := fmt.Appendf(nil, textMessage, w.corpID, m.user, created, m.text, m.msgID, agentID)
	random := make([]byte, 16)
	for i := range random {
		random[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[rng.IntN(36)]
	}
	nonce := strconv.FormatUint(rng.Uint64()%1e10, 10)
	body, sig, err := w.seal(random, plain, agentID, timestamp, nonce)
	if err != nil {
		return fmt.Errorf("build message %d: %w", m.msgID, err)
	}
	m.body = body
	m.query = url.Values{"msg_signature": {sig}, "timestamp": {timestamp}, "nonce": {nonce}}.Encode()
	return nil
}
