// Package kf is the WeCom Customer Service (微信客服) channel: it answers
// WeChat users outside the organisation, who reach a customer-service
// account from a link, a QR code, an Official Account menu or a web page,
// and hands them to a person when they ask or when the bot cannot help.
//
// Since 2023-12 a self-built application calls the KF API with its own
// credentials once it is listed under 微信客服 → 可调用接口的应用; the
// events then reach that application's callback URL (bot/wecom), which
// passes kf_msg_or_event and kf_account_auth_change to a Service and
// answers the callback at once. The Service pulls the account's messages
// with kf/sync_msg in the background and answers each customer message
// with kf/send_msg.
//
// What the platform imposes, and how the Service keeps to it:
//   - sync_msg is cursor-paged (an empty page may say has_more=1) over 3
//     days of history. One cursor per account lives in the bot.KFStore;
//     one replica pulls an account at a time, holding a lock with a random
//     owner that it renews while pulling and releases by compare-and-delete;
//     a wake-up that finds the lock taken leaves a pending mark that the
//     holder takes before it lets go. The cursor is saved after each page,
//     only while the lock is held.
//   - Each customer message is answered once: it is claimed in the store
//     (kept 4 days, longer than the history), the answer is sent with a
//     msgid derived from the customer's, and the claim is finished. After
//     a crash between sending and saving the cursor the page is read again
//     and the finished claims skip it; after a crash between claiming and
//     finishing the claim lapses, the message is answered again with the
//     same derived msgids, and a send WeCom refuses then counts as already
//     delivered.
//   - The first pull of an account (no cursor) does not answer history
//     older than Config.Backlog (2 minutes).
//   - At most 5 messages within 48 hours of each customer message: counted
//     per conversation in the store, and never exceeded.
//   - An invalid or expired access token (40014, 42001, 40001) is dropped
//     and the call retried once (bot/internal/wecomapi); 45009 (too many
//     calls) stops pulling the account for Config.BackOff (1 minute);
//     95018 (the conversation is with a person, waiting for one, or ended
//     by the platform's rules) means silence.
//   - enter_session's welcome_code (20 s, once) gets the topic menu as a
//     msgmenu; a clarification is a msgmenu with one click item per FAQ
//     (faq-N) plus 都不是 and 转人工; a click maps straight to its FAQ,
//     however old the menu.
//   - Hand-over (人工, 转人工, 投诉, the menu item, or Config.HandOverAfter
//     fallbacks in a row) moves the conversation to the queue or to a
//     servicer with kf/service_state/trans, within Config.Hours (Beijing
//     time; none means always). While a person serves, the bot stays
//     silent but the engine still logs the questions.
//   - When a person ends a conversation, the end code offers 满意 / 一般 /
//     不满意; the answers are counted.
//
// The API is called through bot/internal/wecomapi with request types of
// this package's own (apitypes.go) and the message types of
// github.com/silenceper/wechat/v2/work/kf/sendmsg and sendmsgonevent; the
// library's work/kf client is not used: it takes no context, loses
// errcodes, never refreshes a token, and links the library's cache package
// (with Redis and memcached clients). The package never logs message text or customer ids
// above debug level.
package kf
