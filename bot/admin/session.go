package admin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Sign-in and sessions.
//
// The session is a cookie signed with HMAC-SHA256 under a key derived from
// the token, not an id looked up in memory: replicas keep no state of
// their own (any of them verifies any cookie, and a restart or a rollout
// signs nobody out), and changing FAQBOT_ADMIN_TOKEN invalidates every
// session at once. The price is that signing out deletes the cookie from
// the browser but cannot revoke a copy of it: a copy stays valid until it
// expires (sessionMaxAge). The cookie is HttpOnly, SameSite=Strict,
// Path=/admin/ and Secure behind TLS, which keeps such copies rare; rotate
// the token to end every session now.

const cookieName = "faqbot_admin"

// session is what the cookie carries.
type session struct {
	ID string // random; keys the form token
	// Name is the operator's, from FAQBOT_ADMIN_TOKENS; history records it.
	Name string
	// Conv is the user id of the operator's test conversation on the Try
	// page; a reset draws a new one.
	Conv    string
	Expires time.Time
}

// keys are derived from the tokens so that no token itself signs
// anything. Every operator's token goes into the session key: changing
// any of them signs everyone out.
type keys struct {
	operators []operatorKey
	session   []byte
	form      []byte
}

type operatorKey struct {
	name  string
	token [sha256.Size]byte // SHA-256 of the token, for constant-time comparison
}

func deriveKeys(ops []Operator) keys {
	secret := sha256.New()
	k := keys{}
	for _, op := range ops {
		k.operators = append(k.operators, operatorKey{name: op.Name, token: sha256.Sum256([]byte(op.Token))})
		fmt.Fprintf(secret, "%d:%s%d:%s", len(op.Name), op.Name, len(op.Token), op.Token)
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret.Sum(nil))
		m.Write([]byte("faqbot admin " + label))
		return m.Sum(nil)
	}
	k.session, k.form = derive("session v2"), derive("form v2")
	return k
}

// operator returns the name of the operator whose token was given. It
// compares with every token in constant time, also in the tokens'
// length (both sides are hashed to the same size first), and does not
// stop at the first match.
func (k keys) operator(given string) (string, bool) {
	h := sha256.Sum256([]byte(given))
	name, found := "", 0
	for _, op := range k.operators {
		if subtle.ConstantTimeCompare(h[:], op.token[:]) == 1 {
			name, found = op.name, 1
		}
	}
	return name, found == 1
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// encode is "id.conv.expiry.name.signature"; every part is free of
// dots (the name is base64url).
func (k keys) encode(s session) string {
	payload := s.ID + "." + s.Conv + "." + strconv.FormatInt(s.Expires.Unix(), 10) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(s.Name))
	return payload + "." + k.sign(k.session, payload)
}

func (k keys) sign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errBadSession = errors.New("no valid session")

func (k keys) decode(v string, now time.Time) (session, error) {
	parts := strings.Split(v, ".")
	if len(parts) != 5 {
		return session{}, errBadSession
	}
	payload := strings.Join(parts[:4], ".")
	if !hmac.Equal([]byte(parts[4]), []byte(k.sign(k.session, payload))) {
		return session{}, errBadSession
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || !now.Before(time.Unix(exp, 0)) {
		return session{}, errBadSession
	}
	name, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil {
		return session{}, errBadSession
	}
	return session{ID: parts[0], Conv: parts[1], Name: string(name), Expires: time.Unix(exp, 0)}, nil
}

// formToken is the hidden field every POST form of a session carries.
func (k keys) formToken(s session) string { return k.sign(k.form, s.ID) }

func (c *console) setCookie(w http.ResponseWriter, r *http.Request, s session) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: c.keys.encode(s), Path: "/admin/",
		Expires: s.Expires, MaxAge: int(s.Expires.Sub(c.d.Now()).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: overTLS(r),
	})
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/admin/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: overTLS(r)})
}

// overTLS reports whether the browser reached us over HTTPS, directly or
// through a proxy that terminates TLS. A forged header only adds the
// Secure flag.
func overTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// auth wraps a page that needs a session. Without one, a GET is sent to
// the sign-in page (and back afterwards), anything else gets 401. A POST
// must carry the session's form token.
func (c *console) auth(h func(http.ResponseWriter, *http.Request, session)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s session
		ck, err := r.Cookie(cookieName)
		if err == nil {
			s, err = c.keys.decode(ck.Value, c.d.Now())
		}
		if err != nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.fail(w, r, http.StatusUnauthorized, "Your session has ended. Sign in again, then repeat what you did.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
			if err := r.ParseForm(); err != nil {
				if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
					c.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(langOf(r).t("The form is larger than %d KiB."), maxFormBody>>10))
					return
				}
				c.fail(w, r, http.StatusBadRequest, "The form could not be read.")
				return
			}
			if !hmac.Equal([]byte(r.PostForm.Get("csrf")), []byte(c.keys.formToken(s))) {
				c.fail(w, r, http.StatusForbidden, "The form has expired or did not come from this console. Reload the page and send it again.")
				return
			}
		}
		h(w, r, s)
	})
}

type signInData struct {
	base
	Next    string
	Problem string
}

func (c *console) signInPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, viewSigninPage(signInData{base: signedOut(r, "Sign in"), Next: safeNext(r.URL.Query().Get("next"))}))
}

func (c *console) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	next := safeNext(r.PostFormValue("next"))
	name, ok := c.keys.operator(r.PostFormValue("token"))
	if !ok {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelWarn, "admin sign-in refused: wrong token",
			slog.String("remote", r.RemoteAddr))
		c.render(w, r, http.StatusUnauthorized, viewSigninPage(signInData{base: signedOut(r, "Sign in"), Next: next,
			Problem: "That token is not one of the console's tokens (FAQBOT_ADMIN_TOKENS or FAQBOT_ADMIN_TOKEN)."}))
		return
	}
	s := session{ID: randomID(), Conv: randomID(), Name: name, Expires: c.d.Now().Add(sessionMaxAge)}
	c.setCookie(w, r, s)
	c.d.Logger.LogAttrs(r.Context(), slog.LevelInfo, "admin signed in", slog.String("operator", name), slog.String("remote", r.RemoteAddr))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *console) signOut(w http.ResponseWriter, r *http.Request, _ session) {
	clearCookie(w, r)
	http.Redirect(w, r, "/admin/signin", http.StatusSeeOther)
}

// safeNext keeps a redirect target inside the console: a path under
// /admin/, never another host (//evil, /\evil) and never the sign-in page.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin/") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(next, "/admin/signin") || strings.Contains(next, "//") {
		return "/admin/try"
	}
	return next
}
