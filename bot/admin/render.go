package admin

import (
	"bytes"
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

//go:embed static
var assets embed.FS

// Helpers of the templates (*.templ).

func htmlLang(l lang) string {
	if l == langEN {
		return "en"
	}
	return "zh-CN"
}

// kind names an outcome in the page's language.
func (l lang) kind(k string) string { return l.t(kindText(k)) }

func queryEscape(s string) string { return url.QueryEscape(s) }
func itoa(n int) string           { return strconv.Itoa(n) }
func itoa64(n int64) string       { return strconv.FormatInt(n, 10) }
func score(f float64) string      { return strconv.FormatFloat(f, 'f', 3, 64) }
func num(f float64) string        { return strconv.FormatFloat(f, 'f', -1, 64) }
func sprintf(format string, a ...any) string {
	return fmt.Sprintf(format, a...)
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func pressed(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// kindText names an outcome for translation.
func kindText(k string) string {
	switch k {
	case "answer":
		return "answered"
	case "clarify":
		return "clarified"
	case "fallback":
		return "fell back"
	case "smalltalk":
		return "small talk"
	case "handover":
		return "handed over"
	case "deduplicated":
		return "duplicate delivery"
	}
	return k
}

// base is what the layout needs from every page.
type base struct {
	Title string
	Nav   string // the page's menu entry, highlighted
	// CSRF is the session's form token; empty when signed out, which also
	// hides the menu.
	CSRF string
	// Lang is the page's language; Here is the page's path, to come back
	// to after switching language.
	Lang lang
	Here string
}

func (c *console) base(r *http.Request, s session, title, nav string) base {
	return base{Title: title, Nav: nav, CSRF: c.keys.formToken(s), Lang: langOf(r), Here: r.URL.Path}
}

// signedOut is the base of a page shown without a session.
func signedOut(r *http.Request, title string) base {
	return base{Title: title, Lang: langOf(r), Here: r.URL.RequestURI()}
}

// render writes a page into a buffer first, so that an error becomes a
// clean 500 rather than half a page.
func (c *console) render(w http.ResponseWriter, r *http.Request, status int, page templ.Component) {
	var buf bytes.Buffer
	if err := page.Render(r.Context(), &buf); err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin page failed to render",
			slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		http.Error(w, langOf(r).t("The page could not be rendered; the server log says why."), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", map[lang]string{langZH: "zh-CN", langEN: "en"}[langOf(r)])
	w.WriteHeader(status)
	buf.WriteTo(w)
}

type errorData struct {
	base
	Status  int
	Message string
}

// fail shows an error page; msg is English and is translated here. The
// menu is hidden: the page may be shown to someone who is not signed in.
func (c *console) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c.failText(w, r, status, langOf(r).t(msg))
}

// failText shows an error page with a message already in the page's
// language.
func (c *console) failText(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c.render(w, r, status, viewErrorPage(errorData{base: signedOut(r, "Error"), Status: status, Message: msg}))
}

// The pages, each built in one place. A generated page function is small
// enough for the compiler to inline, and every inlined copy carries the
// page's whole rendering closure: called from five handlers, the Impact
// page would be in the binary five times.

//go:noinline
func viewErrorPage(d errorData) templ.Component { return errorPage(d) }

//go:noinline
func viewSigninPage(d signInData) templ.Component { return signinPage(d) }

//go:noinline
func viewTryPageView(d tryData) templ.Component { return tryPageView(d) }

//go:noinline
func viewUnmatchedPage(d unmatchedData) templ.Component { return unmatchedPage(d) }

//go:noinline
func viewImpactPageView(d impactData) templ.Component { return impactPageView(d) }

//go:noinline
func viewStatusPage(d statusData) templ.Component { return statusPage(d) }

//go:noinline
func viewHistoryPage(d historyData) templ.Component { return historyPage(d) }

//go:noinline
func viewReportPage(d reportData) templ.Component { return reportPage(d) }
