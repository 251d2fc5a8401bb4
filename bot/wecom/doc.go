// Package wecom is the WeCom (企业微信) self-built application channel: an
// http.Handler for the application's callback URL, and a Sender for the
// application message API.
//
// The handler verifies each callback (msg_signature, timestamp freshness,
// body size, receiver id), decrypts it, hands the question to the
// conversation engine and answers with an encrypted passive reply within
// WeCom's 5 seconds. An answer that is late, or longer than one 2048-byte
// text message, goes out (the rest of it) through the Sender.
//
// It must never log message text (only reasons, ids and errors), never
// tell a caller why its request was refused, and never answer with an
// encrypted empty message: "success" means "nothing to say".
//
// github.com/silenceper/wechat/v2 has no server for WeCom application
// callbacks, so the handler is built on its util package: util.Signature
// (SHA-1 of the sorted strings) and util.AESDecryptMsg / util.AESEncryptMsg,
// the functions under util.DecryptMsg / util.EncryptMsg, called with a key
// decoded once so that a wrong receiver id can be told from a bad
// ciphertext. The Sender uses the library's access-token handling
// (credential, with a cache.Cache shared by replicas) and its HTTP helpers,
// but not work/message.Client.SendText, which takes no context.
package wecom
