// Package officialaccount is the WeChat Official Account (公众号) channel:
// an http.Handler for the account's server URL (服务器配置), in plain or
// safe (AES) mode, and a Sender for the customer-service message API.
//
// The handler hands questions to the conversation engine and answers with
// a passive reply within WeChat's 5 seconds; an answer that is late, or
// longer than one 2048-byte text message, goes out (the rest of it) as
// customer-service messages. Messages map to bot.Message as in bot/wecom,
// on channel "mp": text, voice with Recognition, subscribe as a welcome,
// other message types as unsupported; other events need no answer.
//
// It must never log message text, never tell a caller why its request was
// refused, and never answer with an encrypted empty message: "success"
// means "nothing to say".
//
// It does its own protocol work, as bot/wecom does, on the util package of
// github.com/silenceper/wechat/v2 alone: util.Signature (SHA-1 of the
// sorted strings) for signature and msg_signature, and util.AESDecryptMsg /
// util.AESEncryptMsg for the safe mode's AES framing (the same as WeCom's,
// with the AppID as receiver id), checked against Tencent's published
// vectors. It checks what the library's officialaccount/server did not:
// body size, timestamp freshness, the 5-second rule, plaintext callbacks
// once an EncodingAESKey is set, and which check failed (a wrong AppID is
// told from a bad ciphertext). That server is not used: it logged
// decrypted messages through logrus, panicked on write errors, re-read the
// body, and linked gjson and, through the library's cache package, Redis
// (go-redis v8) and memcached clients into the binary.
//
// The package changes no global state of the library. The Sender fetches
// access tokens and calls message/custom/send through Config.HTTPClient
// (with timeouts by default), not through util's process-wide
// DefaultHTTPClient, and keeps tokens in a TokenCache shared by replicas.
// The root package github.com/silenceper/wechat/v2 is never imported: its
// init sets logrus to debug.
package officialaccount
