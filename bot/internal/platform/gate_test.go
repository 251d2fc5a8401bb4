package platform

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFreshAcceptsTimestampsWithinTheSkewOnly(t *testing.T) {
	now := time.Unix(1700000000, 0)
	g := Gate{MaxClockSkew: time.Minute, Now: func() time.Time { return now }}.WithDefaults()
	tests := map[string]int{ // timestamp → status, 0 when fresh
		strconv.FormatInt(now.Unix(), 10):    0,
		strconv.FormatInt(now.Unix()-60, 10): 0,
		strconv.FormatInt(now.Unix()+60, 10): 0,
		strconv.FormatInt(now.Unix()-61, 10): http.StatusForbidden,
		strconv.FormatInt(now.Unix()+61, 10): http.StatusForbidden,
		"":                                   http.StatusBadRequest,
		"1e9":                                http.StatusBadRequest,
		"99999999999999999999":               http.StatusBadRequest,
		"-9223372036854775808":               http.StatusForbidden,
	}
	for ts, want := range tests {
		err := g.Fresh(ts)
		var rj *Rejection
		switch {
		case want == 0 && err != nil:
			t.Errorf("Fresh(%q) = %v, want fresh", ts, err)
		case want != 0 && (!errors.As(err, &rj) || rj.Status != want):
			t.Errorf("Fresh(%q) = %v, want status %d", ts, err, want)
		}
	}
}

func TestRedactMasksCredentialsInErrors(t *testing.T) {
	err := errors.New(`Get "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=S3CR3T": dial tcp; ` +
		`http post error : uri=https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=T0K3N , statusCode=502; ` +
		`https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=APPS3CR3T`)
	got := Redact(err)
	for _, leak := range []string{"S3CR3T", "T0K3N", "APPS3CR3T"} {
		if s := got.Error(); strings.Contains(s, leak) {
			t.Errorf("Redact left %s in %s", leak, s)
		}
	}
	if !errors.Is(got, err) {
		t.Error("the redacted error does not unwrap to the original")
	}
	if Redact(nil) != nil {
		t.Error("Redact(nil) != nil")
	}
}
