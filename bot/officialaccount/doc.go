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
// It runs on github.com/silenceper/wechat/v2's officialaccount/server (one
// server value per request), which checks signature and msg_signature,
// decrypts, parses the message and builds and encrypts the reply; the
// library is used because that work is fiddly and shared with WeCom. What
// the server lacks is added here: a body limit, a timestamp freshness
// check, the 5-second rule, "success" for an empty reply (the server would
// encrypt an empty string), refusing plaintext callbacks once an
// EncodingAESKey is configured, and rejection reasons (it reports all
// failures alike and cannot tell a wrong AppID from a bad ciphertext).
// De-duplication of retries is the engine's. The server logs every
// decrypted request and reply through logrus at debug level: New keeps
// logrus above debug. The root package github.com/silenceper/wechat/v2 is
// never imported: its init sets logrus to debug. message.Manager.Send is
// not used for customer-service messages: it takes no context.
package officialaccount
