package wecom

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

// Channel is the bot.Message channel of WeCom messages.
const Channel = "wecom"

// Answerer is the conversation engine (bot.Engine).
type Answerer = platform.Answerer

// Sender delivers a text message actively; see NewSender.
type Sender = platform.Sender

// Config configures the WeCom channel. CorpID, Token and EncodingAESKey
// come from the application's "API 接收消息" settings; AgentID and Secret
// are needed by NewSender only. Zero limits take their defaults.
type Config struct {
	CorpID         string
	Token          string
	EncodingAESKey string
	AgentID        string
	Secret         string
	// APIBase is where WeCom's API is called (default
	// https://qyapi.weixin.qq.com): an egress proxy, or a test double.
	APIBase string

	MaxBody      int64         // largest request body accepted (default 64 KiB)
	MaxClockSkew time.Duration // oldest or most future timestamp accepted (default 5m)
	// ReplyTimeout is how long a callback waits for the answer before it
	// acknowledges with "success" and sends the answer actively (default
	// 4s; WeCom retries after 5s).
	ReplyTimeout  time.Duration
	AnswerTimeout time.Duration // bounds the Answerer (default 30s)
	SendTimeout   time.Duration // bounds the active sending of one answer (default 30s)
	Now           func() time.Time

	// OnReject, when set, is called with the reason of every refused
	// request: "method not allowed", "missing parameter", "bad timestamp",
	// "stale timestamp", "body too large", "unreadable body", "malformed
	// envelope", "bad signature", "undecryptable", "wrong receiver id",
	// "malformed message" or "no sender".
	OnReject func(reason string)
	Logger   *slog.Logger // default slog.Default()
	// KF, when set, receives the Customer Service events (kf_msg_or_event,
	// kf_account_auth_change); without it they are acknowledged and
	// dropped.
	KF KF
}

// Handler serves the application's callback URL: GET verifies the URL,
// POST receives messages and events.
type Handler struct {
	box       platform.Box
	corpID    string
	gate      platform.Gate
	responder *platform.Responder
	kf        KF
}

// New returns the callback handler. The Sender carries what does not fit
// in the passive reply; NewSender gives one on the application message
// API.
func New(cfg Config, a Answerer, s Sender) (*Handler, error) {
	if cfg.CorpID == "" || cfg.Token == "" {
		return nil, errors.New("wecom: CorpID and Token are required")
	}
	b, err := newBox(cfg.Token, cfg.EncodingAESKey, cfg.CorpID)
	if err != nil {
		return nil, fmt.Errorf("wecom: %w", err)
	}
	gate := platform.Gate{
		Channel: Channel, MaxBody: cfg.MaxBody, MaxClockSkew: cfg.MaxClockSkew,
		Now: cfg.Now, OnReject: cfg.OnReject, Log: cfg.Logger,
	}.WithDefaults()
	timing := platform.Timing{ReplyTimeout: cfg.ReplyTimeout, AnswerTimeout: cfg.AnswerTimeout, SendTimeout: cfg.SendTimeout}
	r, err := platform.NewResponder(Channel, a, s, timing, gate.Log)
	if err != nil {
		return nil, fmt.Errorf("wecom: %w", err)
	}
	return &Handler{box: b, corpID: cfg.CorpID, gate: gate, responder: r, kf: cfg.KF}, nil
}

// Wait blocks until late answers and follow-up messages in flight have
// been sent, or ctx ends. Call it after the HTTP server has shut down.
func (h *Handler) Wait(ctx context.Context) error { return h.responder.Wait(ctx) }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var err error
	switch r.Method {
	case http.MethodGet:
		err = h.verifyURL(w, r)
	case http.MethodPost:
		err = h.receive(w, r)
	default:
		err = platform.Reject(http.StatusMethodNotAllowed, "method not allowed")
	}
	if err != nil {
		h.gate.Refuse(w, r, err)
	}
}

// signed holds the query parameters WeCom signs every callback with.
type signed struct {
	signature, timestamp, nonce string
}

func (h *Handler) query(r *http.Request, extra ...string) (signed, error) {
	q := r.URL.Query()
	p := signed{q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")}
	if p.signature == "" || p.timestamp == "" || p.nonce == "" {
		return p, platform.Reject(http.StatusBadRequest, "missing parameter")
	}
	for _, name := range extra {
		if q.Get(name) == "" {
			return p, platform.Reject(http.StatusBadRequest, "missing parameter")
		}
	}
	return p, h.gate.Fresh(p.timestamp)
}

// open checks the signature over encrypt and decrypts it.
func (h *Handler) open(p signed, encrypt string) ([]byte, error) {
	if !platform.SignatureMatches(p.signature, h.box.Signature(p.timestamp, p.nonce, encrypt)) {
		return nil, platform.Reject(http.StatusUnauthorized, "bad signature")
	}
	_, plaintext, err := h.box.Open(encrypt)
	switch {
	case errors.Is(err, platform.ErrWrongReceiver):
		return nil, platform.Reject(http.StatusForbidden, "wrong receiver id")
	case err != nil:
		return nil, platform.Reject(http.StatusBadRequest, "undecryptable")
	}
	return plaintext, nil
}

// verifyURL answers WeCom's check of the callback URL with the decrypted
// echostr.
func (h *Handler) verifyURL(w http.ResponseWriter, r *http.Request) error {
	p, err := h.query(r, "echostr")
	if err != nil {
		return err
	}
	plaintext, err := h.open(p, r.URL.Query().Get("echostr"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(plaintext)
	return nil
}

// envelope is the body of a message callback. Its ToUserName and AgentID
// are not signed: the receiver id inside the ciphertext is checked instead.
type envelope struct {
	XMLName xml.Name `xml:"xml"`
	Encrypt string   `xml:"Encrypt"`
}

func (h *Handler) receive(w http.ResponseWriter, r *http.Request) error {
	p, err := h.query(r)
	if err != nil {
		return err
	}
	body, err := h.gate.ReadBody(w, r)
	if err != nil {
		return err
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return platform.Reject(http.StatusBadRequest, "malformed envelope")
	}
	plaintext, err := h.open(p, env.Encrypt)
	if err != nil {
		return err
	}
	var cb platform.Callback
	if err := xml.Unmarshal(plaintext, &cb); err != nil {
		return platform.Reject(http.StatusBadRequest, "malformed message")
	}
	if isKF(cb.MsgType, cb.Event) {
		// Customer Service events carry no sender and no question: they
		// say that messages wait to be pulled. Answered at once.
		if !routeKF(h.kf, plaintext) {
			return platform.Reject(http.StatusBadRequest, "malformed message")
		}
		platform.WriteSuccess(w)
		return nil
	}
	return h.responder.Respond(w, r, cb, h.gate.Now(), func(user, text string) ([]byte, error) {
		return reply(h.box, h.corpID, user, text, h.gate.Now())
	})
}
