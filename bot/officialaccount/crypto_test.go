package officialaccount

import (
	"encoding/base64"
	"encoding/xml"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/kzrh/faqbot/bot/internal/wxtest"
	"github.com/kzrh/faqbot/bot/testskip"
)

func TestBoxOpensTencentsVectorsAndRefusesAnotherAppID(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	b, err := newBox(v.Token, v.EncodingAESKey, v.AppID)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range v.EncryptCases {
		plain, err := b.open(c.Encrypt)
		if err != nil || string(plain) != c.Plaintext {
			t.Errorf("case %d: open = %q, %v; want the plaintext", i, plain, err)
		}
		other := b
		other.appID = "wx-another-app"
		if _, err := other.open(c.Encrypt); err != errWrongReceiver {
			t.Errorf("case %d: open for another AppID = %v, want %v", i, err, errWrongReceiver)
		}
	}
	if _, err := b.open("!!not base64!!"); err != errUndecryptable {
		t.Errorf("open of garbage = %v, want %v", err, errUndecryptable)
	}
	if _, err := (box{token: v.Token, appID: v.AppID}).open(v.EncryptCases[0].Encrypt); err != errUndecryptable {
		t.Errorf("open in plain mode = %v, want %v", err, errUndecryptable)
	}
}

func TestSafeModeReplyIsSignedAndSealedForTheAccount(t *testing.T) {
	v := wxtest.LoadVectors(t).OfficialAccount
	b, _ := newBox(v.Token, v.EncodingAESKey, v.AppID)
	now := time.Unix(1700000000, 0)
	out, err := b.reply(true, "gh_7f083739789a", "oUser", "答 & <a>", now)
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
	_, plain, appID, err := util.AESDecryptMsg(ciphertext, b.key)
	if err != nil || string(appID) != v.AppID {
		t.Fatalf("reply sealed for %q (%v), want %s", appID, err, v.AppID)
	}
	var r textReply
	if err := xml.Unmarshal(plain, &r); err != nil || r.Content.Text != "答 & <a>" || r.ToUserName.Text != "oUser" || r.FromUserName.Text != "gh_7f083739789a" || r.MsgType.Text != "text" {
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
