package admin

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// texts finds the English texts the console translates: in the templates
// (*.templ) and in the code (l.t("…"), c.fail(…, "…"), page titles).
func texts(t *testing.T) []string {
	t.Helper()
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\{\{-? ?(?:t|printf \(t) "([^"]+)"`),
		regexp.MustCompile(`\(t "([^"]+)"\)`),
		regexp.MustCompile(`\.t\("([^"]+)"\)`),
		regexp.MustCompile(`c\.fail\(w, r, [^,]+, "([^"]+)"\)`),
		regexp.MustCompile(`(?:c\.base\(r, s|signedOut\(r|problem\(|notice\(|tr\(), "([^"]+)"`),
		regexp.MustCompile(`share\("([^"]+)"`),
		regexp.MustCompile(`i18n: "([^"]+)"`),
		regexp.MustCompile(`@navLink\(b, "[^"]+", "[^"]+", "([^"]+)"\)`),
	}
	var found []string
	scan := func(name string, data []byte) {
		for _, re := range patterns {
			for _, m := range re.FindAllSubmatch(data, -1) {
				found = append(found, string(m[1]))
			}
		}
	}
	goFiles, _ := filepath.Glob("*.go")
	templFiles, _ := filepath.Glob("*.templ")
	for _, f := range append(goFiles, templFiles...) {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		scan(f, data)
	}
	slices.Sort(found)
	return slices.Compact(found)
}

func TestEveryTextHasAChineseTranslation(t *testing.T) {
	found := texts(t)
	if len(found) < 50 {
		t.Fatalf("found only %d texts to translate: the patterns no longer match the code", len(found))
	}
	for _, s := range found {
		if _, ok := zh[s]; !ok {
			t.Errorf("no Chinese for %q", s)
		}
	}
}

func TestChineseKeepsTheFormatVerbs(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for en, cn := range zh {
		if a, b := verbs.FindAllString(en, -1), verbs.FindAllString(cn, -1); !slices.Equal(a, b) {
			t.Errorf("%q has verbs %q, its Chinese %q has %q", en, a, cn, b)
		}
	}
}

func TestTimesAreShownInBeijingTime(t *testing.T) {
	at := time.Date(2026, 12, 1, 17, 30, 5, 0, time.UTC)
	if got, want := langZH.when(at), "2026-12-02 01:30:05 北京时间"; got != want {
		t.Errorf("when = %q, want %q", got, want)
	}
	if got, want := langEN.when(at), "2026-12-02 01:30:05 Beijing time"; got != want {
		t.Errorf("when = %q, want %q", got, want)
	}
	if got := langZH.when(time.Time{}); got != "从未" {
		t.Errorf("zero time = %q, want 从未", got)
	}
}

func TestEnglishIsASwitchRememberedInACookie(t *testing.T) {
	c := newTestConsole(t)
	ck, _ := c.signIn(t)
	if page := c.do(get("/admin/status", ck)).Body.String(); !strings.Contains(page, "<h1>运行状态</h1>") {
		t.Errorf("the default page is not Chinese:\n%s", page)
	}
	w := c.do(get("/admin/lang?to=en&next=%2Fadmin%2Fstatus", ck))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/status" {
		t.Fatalf("switch: status %d to %q, want 303 back to /admin/status", w.Code, w.Header().Get("Location"))
	}
	var en *http.Cookie
	for _, k := range w.Result().Cookies() {
		if k.Name == langCookie {
			en = k
		}
	}
	if en == nil || en.Value != "en" || en.MaxAge < 30*24*3600 || en.Path != "/admin/" {
		t.Fatalf("switch set %+v, want a lasting en cookie on /admin/", en)
	}
	if page := c.do(get("/admin/status", ck, en)).Body.String(); !strings.Contains(page, "<h1>Status</h1>") || !strings.Contains(page, `lang="en"`) {
		t.Errorf("with the cookie the page is not English:\n%s", page)
	}
	if page := c.do(get("/admin/signin", en)).Body.String(); !strings.Contains(page, "Console token") {
		t.Errorf("the sign-in page ignores the language cookie")
	}
	if loc := c.do(get("/admin/lang?to=zh&next=https%3A%2F%2Fevil.example%2F")).Header().Get("Location"); loc != "/admin/try" {
		t.Errorf("the switch redirected to %q, want it kept inside the console", loc)
	}
}
