package admin

import (
	"io/fs"
	"net/http"
)

// routes is every path the console serves.
func (c *console) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /admin/{$}", http.RedirectHandler("/admin/try", http.StatusSeeOther))
	mux.HandleFunc("GET /admin/signin", c.signInPage)
	mux.HandleFunc("POST /admin/signin", c.signIn)
	mux.HandleFunc("GET /admin/lang", c.switchLang)
	mux.Handle("POST /admin/signout", c.auth(c.signOut))

	mux.Handle("GET /admin/try", c.auth(c.tryPage))
	mux.Handle("POST /admin/try", c.auth(c.ask))
	mux.Handle("POST /admin/try/reset", c.auth(c.resetConversation))
	mux.Handle("GET /admin/unmatched", c.auth(c.unmatched))
	mux.Handle("GET /admin/impact", c.auth(c.impactPage))
	mux.Handle("POST /admin/impact", c.auth(c.impactPreview))
	mux.Handle("GET /admin/status", c.auth(c.status))
	mux.Handle("GET /admin/report", c.auth(c.report))

	mux.Handle("POST /admin/draft", c.auth(c.addEdit))
	mux.Handle("POST /admin/draft/remove", c.auth(c.removeEdit))
	mux.Handle("POST /admin/unmatched/ignore", c.auth(c.ignore))
	mux.Handle("POST /admin/publish", c.auth(c.publish))
	mux.Handle("GET /admin/history", c.auth(c.history))
	mux.Handle("POST /admin/rollback", c.auth(c.rollback))
	mux.Handle("POST /admin/rules/keep", c.auth(c.keep))
	mux.Handle("GET /admin/rules.yaml", c.auth(c.download))

	static, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	mux.Handle("GET /admin/static/", http.StripPrefix("/admin/static/", http.FileServerFS(static)))

	// Browsers say where a request comes from (Sec-Fetch-Site, Origin):
	// a POST from another site is refused before any handler runs. With
	// the SameSite=Strict cookie and the form token, that is the third
	// guard against cross-site requests.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.fail(w, r, http.StatusForbidden, "This form was sent from another site and was refused. Open the console and send it again.")
	}))
	return secure(cop.Handler(mux))
}

// secure sets the headers every console response carries: no framing, no
// scripts or styles but the console's own, no sniffing, no referrer to the
// portals that replies link to, and no caching of pages that show
// questions.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
