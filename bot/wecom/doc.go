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
// Text, voice (with WeCom's Recognition transcript), subscribe and
// enter_agent events go to the engine; image, video, location, link, file
// and unknown types go as bot.EventUnsupported; other events (unsubscribe,
// menu clicks, location reports, contact changes) are acknowledged without
// the engine. enter_agent is answered like subscribe, with a passive reply
// (no API quota spent): WeCom sends it each time a member opens the
// application's chat, so whether to greet again is the engine's call, as
// it knows the session. Follow-up messages start after the passive reply
// has been written and flushed; WeCom may still, rarely, show one before
// the passive part.
//
// It must never log message text (only reasons, ids and errors), never
// tell a caller why its request was refused, and never answer with an
// encrypted empty message: "success" means "nothing to say".
//
// github.com/silenceper/wechat/v2 is used for what is fiddly and shared
// with the Official Account: Tencent's signature and AES framing, access
// tokens and API calls. It has no server for WeCom application callbacks,
// so the handler is built on its util package: util.Signature (SHA-1 of
// the sorted strings) and util.AESDecryptMsg / util.AESEncryptMsg, the
// functions under util.DecryptMsg / util.EncryptMsg, called with a key
// decoded once so that a wrong receiver id can be told from a bad
// ciphertext. The Sender uses work/message's request types, the credential
// package's access tokens (in a cache.Cache shared by replicas) and
// util.PostJSONContext, not message.Client.SendText, which takes no
// context. The root package github.com/silenceper/wechat/v2 is never
// imported: its init sets logrus to debug.
package wecom
