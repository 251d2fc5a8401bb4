package officialaccount

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kzrh/faqbot/bot/internal/platform"
)

// Channel is the bot.Message channel of Official Account messages.
const Channel = "mp"

// Answerer is the conversation engine (bot.Engine).
type Answerer = platform.Answerer

// Sender delivers a text message actively; see NewSender.
type Sender = platform.Sender

// Config configures the Official Account channel, from the account's
// 服务器配置. EncodingAESKey is empty in plain mode; when it is set, only
// encrypted callbacks (safe or compatible mode) are accepted. AppSecret,
// APIBase and HTTPClient are used by NewSender only. Zero values take
// their defaults.
type Config struct {
	AppID          string
	AppSecret      string
	Token          string
	EncodingAESKey string

	// APIBase is where the account's API is called (default
	// https://api.weixin.qq.com), e.g. an egress proxy or a test double.
	APIBase string
	// HTTPClient calls the API (default: platform.NewAPIClient, with
	// timeouts).
	HTTPClient *http.Client

	MaxBody      int64         // largest request body accepted (default 64 KiB)
	MaxClockSkew time.Duration // oldest or most future timestamp accepted (default 5m)
	// ReplyTimeout is how long a callback waits for the answer before it
	// acknowledges with "success" and sends the answer actively (default
	// 4s; WeChat retries after 5s).
	ReplyTimeout  time.Duration
	AnswerTimeout time.Duration // bounds the Answerer (default 30s)
	SendTimeout   time.Duration // bounds the active sending of one answer (default 30s)
	Now           func() time.Time

	// OnReject, when set, is called with the reason of every refused
	// request: "method not allowed", "missing parameter", "bad timestamp",
	// "stale timestamp", "bad signature", "unencrypted message", "body too
	// large", "unreadable body", "malformed envelope", "undecryptable"
	// (which includes a message for another AppID: the library does not
	// tell them apart), "malformed message", "no sender" or "internal
	// error".
	OnReject func(reason string)
	Logger   *slog.Logger // default slog.Default()
}

// Handler serves the account's server URL: GET verifies the URL, POST
// receives messages and events.
type Handler struct {
	box       platform.Box
	gate      platform.Gate
	responder *platform.Responder
}

// New returns the callback handler. The Sender carries what does not fit
// in the passive reply; NewSender gives one on the customer-service API.
func New(cfg Config, a Answerer, s Sender) (*Handler, error) {
	if cfg.AppID == "" || cfg.Token == "" {
		return nil, errors.New("officialaccount: AppID and Token are required")
	}
	b, err := platform.NewBox(cfg.Token, cfg.EncodingAESKey, cfg.AppID)
	if err != nil {
		return nil, fmt.Errorf("officialaccount: %w", err)
	}
	gate := platform.Gate{
		Channel: Channel, MaxBody: cfg.MaxBody, MaxClockSkew: cfg.MaxClockSkew,
		Now: cfg.Now, OnReject: cfg.OnReject, Log: cfg.Logger,
	}.WithDefaults()
	timing := platform.Timing{ReplyTimeout: cfg.ReplyTimeout, AnswerTimeout: cfg.AnswerTimeout, SendTimeout: cfg.SendTimeout}
	r, err := platform.NewResponder(Channel, a, s, timing, gate.Log)
	if err != nil {
		return nil, fmt.Errorf("officialaccount: %w", err)
	}
	return &Handler{box: b, gate: gate, responder: r}, nil
}

// Wait blocks until late answers and follow-up messages in flight have
// been sent, or ctx ends. Call it after the HTTP server has shut down.
func (h *Handler) Wait(ctx context.Context) error { return h.responder.Wait(ctx) }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.serve(w, r); err != nil {
		h.gate.Refuse(w, r, err)
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return platform.Reject(http.StatusMethodNotAllowed, "method not allowed")
	}
	// Every request is signed over the query's timestamp and nonce, in
	// every mode; in plain mode the body is not.
	q := r.URL.Query()
	timestamp, nonce := q.Get("timestamp"), q.Get("nonce")
	if q.Get("signature") == "" || timestamp == "" || nonce == "" {
		return platform.Reject(http.StatusBadRequest, "missing parameter")
	}
	if err := h.gate.Fresh(timestamp); err != nil {
		return err
	}
	if !platform.SignatureMatches(q.Get("signature"), h.box.Signature(timestamp, nonce)) {
		return platform.Reject(http.StatusUnauthorized, "bad signature")
	}
	if r.Method == http.MethodGet {
		return verifyURL(w, r)
	}
	return h.receive(w, r)
}

// verifyURL answers WeChat's check of the server URL with echostr, which
// the Official Account sends in the clear in every mode.
func verifyURL(w http.ResponseWriter, r *http.Request) error {
	echo := r.URL.Query().Get("echostr")
	if echo == "" {
		return platform.Reject(http.StatusBadRequest, "missing parameter")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(echo))
	return nil
}

// envelope is the body of a safe-mode callback. Its ToUserName is not
// signed: the AppID inside the ciphertext is checked instead.
type envelope struct {
	XMLName xml.Name `xml:"xml"`
	Encrypt string   `xml:"Encrypt"`
}

func (h *Handler) receive(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	safe := q.Get("encrypt_type") == "aes"
	if h.box.Sealed() && !safe {
		// In plain mode only the query is signed, not the body.
		return platform.Reject(http.StatusForbidden, "unencrypted message")
	}
	body, err := h.gate.ReadBody(w, r)
	if err != nil {
		return err
	}
	plaintext := body
	if safe {
		var env envelope
		if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
			return platform.Reject(http.StatusBadRequest, "malformed envelope")
		}
		if !platform.SignatureMatches(q.Get("msg_signature"), h.box.Signature(q.Get("timestamp"), q.Get("nonce"), env.Encrypt)) {
			return platform.Reject(http.StatusUnauthorized, "bad signature")
		}
		if _, plaintext, err = h.box.Open(env.Encrypt); err != nil {
			return platform.Reject(http.StatusBadRequest, err.Error())
		}
	}
	var cb platform.Callback
	if err := xml.Unmarshal(plaintext, &cb); err != nil {
		return platform.Reject(http.StatusBadRequest, "malformed message")
	}
	return h.responder.Respond(w, r, cb, h.gate.Now(), func(user, text string) ([]byte, error) {
		return reply(h.box, safe, cb.ToUserName, user, text, h.gate.Now())
	})
}
