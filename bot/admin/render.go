package admin

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
)

//go:embed templates static
var assets embed.FS

// pageNames are the pages, each a template set of the layout, the shared
// partials and the page's own "content".
var pageNames = []string{"signin", "error", "try", "unmatched", "impact", "status", "history", "report"}

// pages holds every page in every language: the translation function is
// bound when the templates are parsed.
type pages map[lang]map[string]*template.Template

func loadPages() pages {
	p := pages{}
	for _, l := range []lang{langZH, langEN} {
		funcs := template.FuncMap{
			"t":     l.t,
			"when":  l.when,
			"kind":  func(k string) string { return l.t(kindText(k)) },
			"score": func(f float64) string { return fmt.Sprintf("%.3f", f) },
			"pct":   func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
		}
		p[l] = map[string]*template.Template{}
		for _, name := range pageNames {
			p[l][name] = template.Must(template.New(name).Funcs(funcs).ParseFS(assets,
				"templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
		}
	}
	return p
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

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (c *console) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := c.pages[langOf(r)][page].ExecuteTemplate(&buf, "layout", data); err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin page failed to render",
			slog.String("page", page), slog.String("error", err.Error()))
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
	c.render(w, r, status, "error", errorData{base: signedOut(r, "Error"), Status: status, Message: msg})
}
