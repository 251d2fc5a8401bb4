package platform

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// Rejection is a request refused before it reached the engine. Reason is
// short, fixed text for logs and metrics; it never holds request content.
type Rejection struct {
	Status int
	Reason string
}

func (r *Rejection) Error() string { return fmt.Sprintf("%d %s", r.Status, r.Reason) }

// Reject returns a Rejection as an error.
func Reject(status int, reason string) error { return &Rejection{Status: status, Reason: reason} }

// Gate holds the checks that both callbacks make before they trust a
// request, and the way they refuse one.
type Gate struct {
	Channel      string
	MaxBody      int64         // default 64 KiB
	MaxClockSkew time.Duration // default 5m
	Now          func() time.Time
	OnReject     func(reason string)
	Log          *slog.Logger
}

// WithDefaults fills in the zero fields.
func (g Gate) WithDefaults() Gate {
	if g.MaxBody <= 0 {
		g.MaxBody = 64 << 10
	}
	if g.MaxClockSkew <= 0 {
		g.MaxClockSkew = 5 * time.Minute
	}
	if g.Now == nil {
		g.Now = time.Now
	}
	if g.Log == nil {
		g.Log = slog.Default()
	}
	return g
}

// Fresh checks that a request's timestamp is within MaxClockSkew of now,
// either way: a signed request captured earlier cannot be replayed later.
func (g Gate) Fresh(timestamp string) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return Reject(http.StatusBadRequest, "bad timestamp")
	}
	skew := g.Now().Sub(time.Unix(ts, 0))
	if skew > g.MaxClockSkew || -skew > g.MaxClockSkew {
		return Reject(http.StatusForbidden, "stale timestamp")
	}
	return nil
}

// ReadBody reads the request body, at most MaxBody bytes.
func (g Gate) ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, Reject(http.StatusRequestEntityTooLarge, "body too large")
	case err != nil:
		return nil, Reject(http.StatusBadRequest, "unreadable body")
	}
	return body, nil
}

// Refuse answers a request that failed a check with a generic body, logs
// the reason at warn level and reports it to OnReject. An error that is
// not a Rejection is an internal error.
func (g Gate) Refuse(w http.ResponseWriter, r *http.Request, err error) {
	var rj *Rejection
	if !errors.As(err, &rj) {
		g.Log.Error("callback failed", slog.String("channel", g.Channel), slog.Any("err", err))
		rj = &Rejection{Status: http.StatusInternalServerError, Reason: "internal error"}
	} else {
		g.Log.Warn("callback rejected", slog.String("channel", g.Channel), slog.String("reason", rj.Reason),
			slog.Int("status", rj.Status), slog.String("remote", r.RemoteAddr))
	}
	if g.OnReject != nil {
		g.OnReject(rj.Reason)
	}
	if rj.Status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", "GET, POST")
	}
	http.Error(w, http.StatusText(rj.Status), rj.Status)
}

// SignatureMatches compares a request's signature with the expected one
// in constant time.
func SignatureMatches(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// WriteSuccess acknowledges a callback without a passive reply. WeChat
// takes "success" (or an empty body) as "received, nothing to say"; an
// encrypted empty string would instead show an error to the user.
func WriteSuccess(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "success")
}

// DecodeAESKey decodes an EncodingAESKey: 43 characters of base64 for a
// 32-byte AES key.
func DecodeAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("EncodingAESKey must be 43 characters, got %d", len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("EncodingAESKey is not the base64 of a 32-byte key")
	}
	return key, nil
}
