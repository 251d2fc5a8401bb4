package platform

import (
	"net"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

var installClient sync.Once

// UseAPITimeouts gives the library's package-level HTTP client
// (util.DefaultHTTPClient, which is http.DefaultClient and never times
// out) timeouts, once per process. The library offers no per-instance
// client. A client that someone already installed on purpose is left alone.
func UseAPITimeouts() {
	installClient.Do(func() {
		if util.DefaultHTTPClient != http.DefaultClient {
			return
		}
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		t.TLSHandshakeTimeout = 5 * time.Second
		t.ResponseHeaderTimeout = 10 * time.Second
		t.MaxIdleConnsPerHost = 16
		util.DefaultHTTPClient = &http.Client{Transport: t, Timeout: 15 * time.Second}
	})
}

// secrets matches credentials the library puts in request URLs, which
// then appear in its error messages.
var secrets = regexp.MustCompile(`((?:access_token|corpsecret|secret)=)[^&\s"]*`)

// Redact returns err with access tokens and secrets masked in its message,
// so that it can be logged. It still unwraps to err.
func Redact(err error) error {
	if err == nil {
		return nil
	}
	return &redacted{msg: secrets.ReplaceAllString(err.Error(), "${1}REDACTED"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }
