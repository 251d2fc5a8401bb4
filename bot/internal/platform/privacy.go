package platform

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"time"
)

// userKey keys the hash of user ids in logs. It is random per process: a
// log line can be matched with the others of the same process, but a
// WeCom user id (often a person's name) cannot be recovered by hashing
// guesses, and no key needs to be configured or kept secret.
var userKey = func() []byte {
	k := make([]byte, 32)
	rand.Read(k) // never fails (crypto/rand, Go 1.24+)
	return k
}()

// UserRef is the attribute that stands for a user in logs above debug
// level: a keyed hash of the id, never the id itself.
func UserRef(user string) slog.Attr {
	m := hmac.New(sha256.New, userKey)
	m.Write([]byte(user))
	return slog.String("user_ref", hex.EncodeToString(m.Sum(nil)[:6]))
}

// MaxClockDrift is how far a callback's CreateTime may be from now before
// the message is dated now instead. The platform stamps its own messages,
// and a retry comes within seconds; a CreateTime days away is a forged or
// broken one, and one outside years 0-9999 cannot even be stored (JSON
// times), which would make the session's Commit fail.
const MaxClockDrift = 24 * time.Hour

// MessageTime is the time a message is dated with: its CreateTime, or now
// when that is absurd (zero, negative, or more than MaxClockDrift from
// now). The message is answered either way; only its date is corrected.
// Every channel dates its messages with it, through Callback.MessageAt
// with the clock its timestamps are checked against (bot/wecom,
// bot/officialaccount, the customer-service channel).
func MessageTime(createTime int64, now time.Time) time.Time {
	const maxSeconds = MaxClockDrift / time.Second
	if createTime <= 0 {
		return now
	}
	if d := createTime - now.Unix(); d > int64(maxSeconds) || d < -int64(maxSeconds) {
		return now
	}
	return time.Unix(createTime, 0)
}
