package admin

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"
)

//go:embed templates static
var assets embed.FS

// pages holds one template set per page: the layout, the shared partials
// and the page's own "content".
type pages map[string]*template.Template

var funcs = template.FuncMap{
	"score": func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"pct":   func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Format("2006-01-02 15:04:05 MST")
	},
}

func loadPages() pages {
	p := pages{}
	for _, name := range []string{"signin", "error", "try", "unmatched", "impact", "status"} {
		p[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(assets,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
	return p
}

// base is what the layout needs from every page.
type base struct {
	Title string
	Nav   string // the page's menu entry, highlighted
	// CSRF is the session's form token; empty when signed out, which also
	// hides the menu.
	CSRF string
}

func (c *console) base(s session, title, nav string) base {
	return base{Title: title, Nav: nav, CSRF: c.keys.formToken(s)}
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (c *console) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := c.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		c.d.Logger.LogAttrs(r.Context(), slog.LevelError, "admin page failed to render",
			slog.String("page", page), slog.String("error", err.Error()))
		http.Error(w, "The page could not be rendered; the server log says why.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

type errorData struct {
	base
	Status  int
	Message string
}

// fail shows an error page. The menu is hidden: the page may be shown to
// someone who is not signed in.
func (c *console) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c.render(w, r, status, "error", errorData{base: base{Title: http.StatusText(status)}, Status: status, Message: msg})
}
