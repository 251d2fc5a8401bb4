package redisstore

import (
	"net/url"

	"github.com/kzrh/faqbot/bot"
)

// keys lays out the store's keys under one prefix:
//
//	<prefix>s:<channel>:<user>   session JSON                       TTL SessionTTL
//	<prefix>msg:<msgID>          "pending:<claim>:<lease end>", then reply JSON  TTL DedupTTL
//	<prefix>q:{<yyyymmdd>}       sorted set: question → score       TTL Retention
//	<prefix>qm:{<yyyymmdd>}      hash: question → {"kind","faq"}    TTL Retention
//	<prefix>token:<key>          WeChat token or ticket             TTL from the SDK
//
// Channel and user are query-escaped so that neither can forge the
// separator (":" becomes %3A) while the key stays readable in redis-cli.
// Message ids are the platform's and are used as they are: Redis keys are
// binary-safe.
//
// The braces around a day make its two question keys one Cluster hash
// slot, which the script that updates both needs. A prefix with braces of
// its own takes over the slot for all keys; keep it brace-free or a whole
// "{tag}".
type keys struct{ prefix string }

func (k keys) session(key bot.SessionKey) string {
	return k.prefix + "s:" + url.QueryEscape(key.Channel) + ":" + url.QueryEscape(key.User)
}

func (k keys) message(msgID string) string { return k.prefix + "msg:" + msgID }

func (k keys) counts(day string) string { return k.prefix + "q:{" + day + "}" }

func (k keys) meta(day string) string { return k.prefix + "qm:{" + day + "}" }

func (k keys) token(key string) string { return k.prefix + "token:" + key }
