package admin

import (
	"net/http"
	"strings"
	"time"
)

// The console speaks Chinese: the desk's policy staff are its users. An
// operator may switch to English; the choice is kept in a cookie of its
// own (not the session's, so that it survives signing out and reaches
// the sign-in page).
//
// Texts are written in English in the templates and the code, as keys,
// and translated through zh below (gettext's way): a page reads as what
// it says, and TestEveryTextHasAChineseTranslation fails when a key has
// no translation.

const langCookie = "faqbot_lang"

// lang is the language a page is shown in.
type lang string

const (
	langZH lang = "zh"
	langEN lang = "en"
)

// langOf reads the operator's choice; Chinese unless English was chosen.
func langOf(r *http.Request) lang {
	if ck, err := r.Cookie(langCookie); err == nil && ck.Value == string(langEN) {
		return langEN
	}
	return langZH
}

// t translates an English text into the page's language.
func (l lang) t(s string) string {
	if l == langEN {
		return s
	}
	if v, ok := zh[s]; ok {
		return v
	}
	return s
}

// beijing is China Standard Time: UTC+8 all year (China keeps no summer
// time). A fixed zone needs no tzdata in the container.
var beijing = time.FixedZone("CST", 8*60*60)

// when is a time as operators read it: Beijing time, to the second.
func (l lang) when(t time.Time) string {
	if t.IsZero() {
		return l.t("never")
	}
	return t.In(beijing).Format("2006-01-02 15:04:05") + " " + l.t("Beijing time")
}

// switchLang sets the language cookie and returns to the page.
func (c *console) switchLang(w http.ResponseWriter, r *http.Request) {
	to := langZH
	if r.URL.Query().Get("to") == string(langEN) {
		to = langEN
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(to), Path: "/admin/",
		MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: overTLS(r)})
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/admin/signin") || strings.ContainsAny(next, "\\\r\n") || strings.Contains(next, "//") {
		next = safeNext(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// Texts that reach t through a variable:
// i18n: "answered" i18n: "clarified" i18n: "fell back" i18n: "small talk"
// i18n: "handed over" i18n: "duplicate delivery"
// i18n: "ok" i18n: "unchanged" i18n: "rejected"
// i18n: "24h" i18n: "1h" i18n: "7d"
// i18n: "connected" i18n: "not used (sessions in memory, one replica only)"
// i18n: "That token is not one of the console's tokens (FAQBOT_ADMIN_TOKENS or FAQBOT_ADMIN_TOKEN)."
