package redisstore

import (
	"net/url"
	"strconv"

	"github.com/kzrh/faqbot/bot"
)

// keys lays out the store's keys under one prefix:
//
//	<prefix>s:<channel>:<user>   session JSON                       TTL SessionTTL
//	<prefix>msg:<msgID>          "pending:<claim>:<lease end>", then reply JSON  TTL DedupTTL
//	<prefix>q:{<yyyymmdd>/<n>}   sorted set: question → score       TTL Retention
//	<prefix>qm:{<yyyymmdd>/<n>}  hash: question → {"kind","faq"}    TTL Retention
//	<prefix>token:<key>          WeChat token or ticket             TTL from the SDK
//
// Channel and user are query-escaped so that neither can forge the
// separator (":" becomes %3A) while the key stays readable in redis-cli.
// Message ids are the platform's and are used as they are: Redis keys are
// binary-safe.
//
// The braces around a day and shard make its two question keys one
// Cluster hash slot, which the script that updates both needs. A day's
// log is spread over shards by the question's hash (questions.go), so
// that every message does not go to the one node holding the day's slot:
// with one key per day, freezing that node slowed all traffic. Releases
// before the shards wrote q:{<yyyymmdd>} and qm:{<yyyymmdd>}, which
// Questions still reads. A prefix with braces of
// its own takes over the slot for all keys; keep it brace-free or a whole
// "{tag}".
type keys struct{ prefix string }

func (k keys) session(key bot.SessionKey) string {
	return k.prefix + "s:" + url.QueryEscape(key.Channel) + ":" + url.QueryEscape(key.User)
}

func (k keys) message(msgID string) string { return k.prefix + "msg:" + msgID }

// counts and meta name a day's shard of the question log; shard < 0 names
// the unsharded keys of earlier releases.
func (k keys) counts(day string, shard int) string { return k.prefix + "q:" + questionTag(day, shard) }

func (k keys) meta(day string, shard int) string { return k.prefix + "qm:" + questionTag(day, shard) }

func questionTag(day string, shard int) string {
	if shard < 0 {
		return "{" + day + "}"
	}
	return "{" + day + "/" + strconv.Itoa(shard) + "}"
}

func (k keys) token(key string) string { return k.prefix + "token:" + key }
