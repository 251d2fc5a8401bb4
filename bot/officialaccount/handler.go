package officialaccount

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	oacontext "github.com/silenceper/wechat/v2/officialaccount/context"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/officialaccount/server"
	"github.com/silenceper/wechat/v2/util"
	"github.com/sirupsen/logrus"

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
// encrypted callbacks (safe or compatible mode) are accepted. AppSecret is
// needed by NewSender only. Zero limits take their defaults.
type Config struct {
	AppID          string
	AppSecret      string
	Token          string
	EncodingAESKey string

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
	oa        *oacontext.Context
	token     string
	encrypted bool // EncodingAESKey is set: plaintext callbacks are refused
	gate      platform.Gate
	responder *platform.Responder
}

// New returns the callback handler. The Sender carries what does not fit
// in the passive reply; NewSender gives one on the customer-service API.
//
// The library's server logs each decrypted request and each reply through
// logrus's global logger at debug level. If logrus is at debug or trace
// (the library's root package, for one, sets debug in its init), New
// raises it to info and says so in the log: message text must not reach
// the logs.
func New(cfg Config, a Answerer, s Sender) (*Handler, error) {
	if cfg.AppID == "" || cfg.Token == "" {
		return nil, errors.New("officialaccount: AppID and Token are required")
	}
	if cfg.EncodingAESKey != "" {
		if _, err := platform.DecodeAESKey(cfg.EncodingAESKey); err != nil {
			return nil, fmt.Errorf("officialaccount: %w", err)
		}
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
	if logrus.IsLevelEnabled(logrus.DebugLevel) {
		logrus.SetLevel(logrus.InfoLevel)
		gate.Log.Warn("logrus was at debug level, where the WeChat library logs message text: raised to info")
	}
	// The server package alone, not the officialaccount root package: the
	// root pulls in every API of the account (menus, materials, OCR …)
	// and adds megabytes to the binary for nothing the bot uses.
	oa := &oacontext.Context{Config: &oaconfig.Config{AppID: cfg.AppID, Token: cfg.Token, EncodingAESKey: cfg.EncodingAESKey}}
	return &Handler{oa: oa, token: cfg.Token, encrypted: cfg.EncodingAESKey != "", gate: gate, responder: r}, nil
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
	// The library checks the signature too, but cannot say what failed,
	// logs at error level when it does, and does not check freshness: the
	// request is checked here and the library told to skip its check.
	q := r.URL.Query()
	timestamp, nonce := q.Get("timestamp"), q.Get("nonce")
	if q.Get("signature") == "" || timestamp == "" || nonce == "" {
		return platform.Reject(http.StatusBadRequest, "missing parameter")
	}
	if err := h.gate.Fresh(timestamp); err != nil {
		return err
	}
	if !platform.SignatureMatches(q.Get("signature"), util.Signature(h.token, timestamp, nonce)) {
		return platform.Reject(http.StatusUnauthorized, "bad signature")
	}
	if r.Method == http.MethodGet {
		return h.verifyURL(w, r)
	}
	return h.receive(w, r)
}

// verifyURL answers WeChat's check of the server URL with echostr.
func (h *Handler) verifyURL(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("echostr") == "" {
		return platform.Reject(http.StatusBadRequest, "missing parameter")
	}
	rec := newRecorder()
	srv := newServer(h.oa, r, rec)
	srv.SkipValidate(true)
	if err := srv.Serve(); err != nil {
		return fmt.Errorf("officialaccount: URL verification: %w", err)
	}
	rec.copyTo(w)
	return nil
}

func (h *Handler) receive(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	safe := q.Get("encrypt_type") == "aes"
	if h.encrypted && !safe {
		// In plain mode only the query is signed, not the body.
		return platform.Reject(http.StatusForbidden, "unencrypted message")
	}
	body, err := h.gate.ReadBody(w, r)
	if err != nil {
		return err
	}
	if safe {
		// Checked here, although the library checks it again, so that a
		// bad signature is told from a bad body.
		var env message.EncryptedXMLMsg
		if err := xml.Unmarshal(body, &env); err != nil || env.EncryptedMsg == "" {
			return platform.Reject(http.StatusBadRequest, "malformed envelope")
		}
		want := util.Signature(h.token, q.Get("timestamp"), q.Get("nonce"), env.EncryptedMsg)
		if !platform.SignatureMatches(q.Get("msg_signature"), want) {
			return platform.Reject(http.StatusUnauthorized, "bad signature")
		}
	}

	// The library reads the body again, and parses JSON when the request
	// says so; this channel speaks XML only.
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.Header.Del("Content-Type")
	// The library panics when a write fails; it writes to a buffer.
	rec := newRecorder()
	srv := newServer(h.oa, req, rec)
	srv.SkipValidate(true)

	var (
		called   bool
		refused  error
		user     string
		passive  string
		followUp []string
	)
	srv.SetMessageHandler(func(mm *message.MixMessage) *message.Reply {
		called = true
		m, err := callbackOf(mm).Message(Channel)
		switch {
		case errors.Is(err, platform.ErrIgnored):
			return nil
		case err != nil:
			refused = platform.Reject(http.StatusBadRequest, "no sender")
			return nil
		}
		user = m.User
		passive, followUp = h.responder.Answer(r.Context(), m)
		if passive == "" {
			return nil
		}
		return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText(passive)}
	})
	err = srv.Serve()
	switch {
	case err != nil && !called && srv.RequestRawXMLMsg == nil:
		return platform.Reject(http.StatusBadRequest, "undecryptable")
	case err != nil && !called:
		return platform.Reject(http.StatusBadRequest, "malformed message")
	case refused != nil:
		return refused
	case err == nil && srv.ResponseMsg == nil:
		// Nothing to say. In safe mode the library would send an
		// encrypted empty string, which WeChat shows as an error.
		platform.WriteSuccess(w)
		return nil
	}
	if err == nil {
		err = srv.Send()
	}
	if err != nil {
		// Acknowledge and send the whole answer actively rather than lose it.
		h.gate.Log.Error("passive reply failed: sending actively", slog.String("channel", Channel), slog.Any("err", err))
		platform.WriteSuccess(w)
		if passive != "" {
			followUp = append([]string{passive}, followUp...)
		}
		h.responder.SendLater(user, followUp)
		return nil
	}
	rec.copyTo(w)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // let WeChat show the passive part before the follow-ups arrive
	}
	h.responder.SendLater(user, followUp)
	return nil
}

func callbackOf(mm *message.MixMessage) platform.Callback {
	id := ""
	if mm.MsgID != 0 {
		id = strconv.FormatInt(mm.MsgID, 10)
	}
	return platform.Callback{
		ToUserName:   string(mm.ToUserName),
		FromUserName: string(mm.FromUserName),
		CreateTime:   mm.CreateTime,
		MsgType:      string(mm.MsgType),
		Event:        string(mm.Event),
		Content:      mm.Content,
		Recognition:  mm.Recognition,
		MsgID:        id,
	}
}

// recorder buffers what the library's server writes.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(max(r.status, http.StatusOK))
	_, _ = w.Write(r.body.Bytes())
}

// newServer is what OfficialAccount.GetServer does: one server value per
// request (it is not safe to share).
func newServer(ctx *oacontext.Context, r *http.Request, w http.ResponseWriter) *server.Server {
	srv := server.NewServer(ctx)
	srv.Request, srv.Writer = r, w
	return srv
}
