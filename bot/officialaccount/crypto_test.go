package officialaccount

import (
	"encoding/base64"
	"encoding/xml"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/platform"
	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/testskip"
)

func TestBoxOpensTencentsVectorsAndRefusesAnotherAppID(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	b, err := platform.NewBox(v.Token, v.EncodingAESKey, v.AppID)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range v.EncryptCases {
		_, plain, err := b.Open(c.Encrypt)
		if err != nil || string(plain) != c.Plaintext {
			t.Errorf("case %d: open = %q, %v; want the plaintext", i, plain, err)
		}
		other := b.WithReceiver("wx-another-app")
		if _, _, err := other.Open(c.Encrypt); err != platform.ErrWrongReceiver {
			t.Errorf("case %d: open for another AppID = %v, want %v", i, err, platform.ErrWrongReceiver)
		}
	}
	if _, _, err := b.Open("!!not base64!!"); err != platform.ErrUndecryptable {
		t.Errorf("open of garbage = %v, want %v", err, platform.ErrUndecryptable)
	}
	plainMode, _ := platform.NewBox(v.Token, "", v.AppID)
	if _, _, err := plainMode.Open(v.EncryptCases[0].Encrypt); err != platform.ErrUndecryptable {
		t.Errorf("open in plain mode = %v, want %v", err, platform.ErrUndecryptable)
	}
}

func TestSafeModeReplyIsSignedAndSealedForTheAccount(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	b, _ := platform.NewBox(v.Token, v.EncodingAESKey, v.AppID)
	now := time.Unix(1700000000, 0)
	out, err := reply(b, true, "gh_7f083739789a", "oUser", "答 & <a>", now)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Encrypt, MsgSignature, Nonce string
		TimeStamp                    string
	}
	if err := xml.Unmarshal(out, &env); err != nil {
		t.Fatal(err)
	}
	if env.TimeStamp != "1700000000" || env.MsgSignature != util.Signature(v.Token, env.TimeStamp, env.Nonce, env.Encrypt) {
		t.Errorf("envelope %+v: bad timestamp or signature", env)
	}
	ciphertext, _ := base64.StdEncoding.DecodeString(env.Encrypt)
	key, _ := platform.DecodeAESKey(v.EncodingAESKey)
	_, plain, appID, err := util.AESDecryptMsg(ciphertext, key)
	if err != nil || string(appID) != v.AppID {
		t.Fatalf("reply sealed for %q (%v), want %s", appID, err, v.AppID)
	}
	var r struct{ Content, ToUserName, FromUserName, MsgType string }
	if err := xml.Unmarshal(plain, &r); err != nil || r.Content != "答 & <a>" || r.ToUserName != "oUser" || r.FromUserName != "gh_7f083739789a" || r.MsgType != "text" {
		t.Errorf("inner reply %s (%v)", plain, err)
	}
}

// TestTheChannelLinksNoneOfTheLibrarysServerStack: the channel uses the
// library's util package only, not its officialaccount server, message or
// cache packages, which bring logrus logging of message text, gjson, and
// Redis (go-redis v8) and memcached clients into the binary.
func TestTheChannelLinksNoneOfTheLibrarysServerStack(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		testskip.Skipf(t, "needs the go command to list the package's dependencies")
	}
	out, err := exec.Command(goCmd, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, banned := range []string{
		"github.com/silenceper/wechat/v2/officialaccount/",
		"github.com/silenceper/wechat/v2/cache",
		"github.com/silenceper/wechat/v2/credential",
		"github.com/sirupsen/logrus",
		"github.com/tidwall/gjson",
		"github.com/go-redis/redis/v8",
		"github.com/bradfitz/gomemcache",
	} {
		for _, dep := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("bot/officialaccount depends on %s", dep)
			}
		}
	}
}
