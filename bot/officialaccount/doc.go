// Package officialaccount is the WeChat Official Account (公众号) channel:
// an http.Handler for the account's server URL (服务器配置), in plain or
// safe (AES) mode, and a Sender for the customer-service message API.
//
// The handler hands questions to the conversation engine and answers with
// a passive reply within WeChat's 5 seconds; an answer that is late, or
// longer than one 2048-byte text message, goes out (the rest of it) as
// customer-service messages.
//
// It must never log message text, never tell a caller why its request was
// refused, and never answer with an encrypted empty message: "success"
// means "nothing to say".
//
// It runs on github.com/silenceper/wechat/v2's officialaccount/server (one
// server value per request), which verifies signature and msg_signature,
// decrypts, parses the message and encrypts the reply. That server has no
// body limit, no timestamp freshness check, no MsgId de-duplication (the
// engine does it), no 5-second handling, encrypts an empty reply instead
// of writing "success", cannot tell a wrong AppID from a bad ciphertext,
// and logs every decrypted request and reply through logrus at debug level:
// this package adds the first four, handles the empty reply, and keeps
// logrus above debug (see New). The root package github.com/silenceper/wechat/v2
// is never imported: its init sets logrus to debug.
package officialaccount
