// Package redisstore is the bot.Store on Redis, for more than one replica:
// a platform retry that reaches another replica meets the first delivery's
// de-duplication mark (SET NX), and a conversation's context follows the
// user to whichever replica answers next. TokenCache keeps the WeChat
// access token there too, so that replicas share one token instead of
// refreshing it against each other.
//
// It is written on github.com/redis/go-redis/v9 because that is the
// maintained client (go-redis/redis/v8, which silenceper/wechat's own cache
// uses, no longer is), because it honours a context's deadline on the
// socket when ContextTimeoutEnabled is set, and because it pipelines. It
// takes a redis.UniversalClient, the interface that the plain client, the
// Sentinel failover client and the Cluster client all satisfy, so that
// REDIS_URL alone chooses the topology (see Open).
//
// What it guarantees:
//   - Begin and Commit are one round trip each (on Cluster, one per node,
//     sent concurrently by go-redis).
//   - Every call returns within Options.Timeout, whatever the caller's
//     context: when Redis is down a message costs that long and an error,
//     never a hang.
//   - Every key it writes has a TTL, and every key is under Options.Prefix.
//   - It does not log and does not touch go-redis's global logger; that
//     choice belongs to the program (redis.SetLogger).
package redisstore
