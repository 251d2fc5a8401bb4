// Package bot is the conversation engine: it takes one message from any
// channel (WeCom, Official Account, the terminal, a replay), de-duplicates
// platform retries, completes follow-up questions from the conversation's
// context, asks the matcher, composes the reply and records what could not
// be answered.
//
// The engine owns context; the matcher (package intents) is pure; channels
// own wire formats; the Store keeps sessions so that any replica can answer
// the next message. The engine never logs message text at the default level.
package bot
