package admin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kzrh/faqbot/bot"
)

// The browser tests drive the console in a real headless Chromium over a
// real HTTP server on loopback: sign-in, cookies, redirects, the forms,
// the page's script and the Content-Security-Policy are all the browser's
// own. Each page is saved as a PNG under screenshotDir.

// findChromium returns the browser to drive, or "" when there is none.
func findChromium() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("FAQBOT_TEST_OUT")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "faqbot-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is one headless Chromium tab on the console.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string // the server's URL
	dir  string // screenshots

	mu      sync.Mutex
	dialogs []string // messages of JavaScript dialogs: there must be none
}

func newBrowser(t *testing.T, h http.Handler) *browser {
	path := findChromium()
	if path == "" {
		t.Skip("no Chromium found (CHROME_PATH, /usr/bin/chromium, chromium-browser, google-chrome): " +
			"install it with `apt-get update && apt-get install -y chromium` (Debian) or set CHROME_PATH")
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	// Everything the browser does is bounded by this deadline; each step
	// has its own, shorter one.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // starts the browser
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	b := &browser{t: t, ctx: tab, base: srv.URL, dir: screenshotDir(t)}

	dialogs := chromedp.Events(tab, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

// step runs actions with a deadline and fails the test on an error.
func (b *browser) step(what string, timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// submit clicks a button that sends a form and waits for the next page;
// it returns that page's HTTP status.
func (b *browser) submit(what, button string, timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return resp.Status
}

func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	return run(b, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func (b *browser) location() string {
	b.t.Helper()
	return run(b, "read the location", chromedp.Location())
}

func (b *browser) screenshot(name string) {
	b.t.Helper()
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100)) // quality 100 is PNG
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

func (b *browser) noDialogs() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.dialogs) > 0 {
		b.t.Errorf("the page opened JavaScript dialogs: %q", b.dialogs)
	}
}

// fill replaces the value of a form field; typing a whole intents.yaml
// key by key would take minutes.
func fill(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SetJavascriptAttribute(chromedp.CSS(sel), "value", value)
}

func wantContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s: %q does not contain %q", what, got, want)
	}
}

func TestBrowserOperatorConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	c := newPublishingConsole(t)
	_, _, rules := shippedMatcher(t)
	b := newBrowser(t, c.h)
	const short, long = 10 * time.Second, 30 * time.Second

	t.Log("a page needs a session: the browser lands on the sign-in page")
	b.step("open the console", short, chromedp.Navigate(b.base+"/admin/unmatched?since=7d"))
	wantContains(t, "location", b.location(), "/admin/signin?next=")
	b.screenshot("01-signin")

	t.Log("a wrong token is refused")
	status := b.submit("sign in with a wrong token", "#signin", short,
		chromedp.SendKeys(chromedp.CSS("#token"), "not-the-token"))
	if status != http.StatusUnauthorized {
		t.Errorf("wrong token: status %d, want 401", status)
	}
	wantContains(t, "sign-in problem", b.text("#problem"), "口令不对")
	b.screenshot("02-signin-refused")

	t.Log("the right token signs in and returns to the page asked for")
	status = b.submit("sign in", "#signin", short, chromedp.SendKeys(chromedp.CSS("#token"), testToken))
	if status != http.StatusOK {
		t.Fatalf("sign-in: status %d", status)
	}
	wantContains(t, "location after sign-in", b.location(), "/admin/unmatched?since=7d")

	t.Log("Try: the reply as WeCom shows it, and why")
	b.step("open Try", short, chromedp.Navigate(b.base+"/admin/try"))
	b.submit("ask", "#ask", short, chromedp.SendKeys(chromedp.CSS("#q"), "换发电子证照在系统哪里操作"))
	wantContains(t, "reply", b.text("#reply"), "【换发电子证照在系统中哪里操作？】")
	wantContains(t, "rule", b.text(".why .rule"), "answer: ")
	wantContains(t, "candidates", b.text("ol.cands"), "FAQ 13")
	b.screenshot("03-try")

	t.Log("Try: a question with markup is shown, never run")
	const evil = `<script>alert("xss")</script><img src=x onerror="alert(2)">`
	b.submit("ask with markup", "#ask", short,
		fill("#q", evil))
	if got := b.text("#asked"); got != evil {
		t.Errorf("the question is shown as %q, want the literal %q", got, evil)
	}
	if n := run(b, "count injected nodes", chromedp.Evaluate[int](`document.querySelectorAll("main script, main img").length`)); n != 0 {
		t.Errorf("the question added %d script or img elements to the page", n)
	}
	b.screenshot("04-try-markup")

	t.Log("Unmatched: a fallback appears with what can be done about it")
	const unmatched = "自助机在哪里交电费"
	b.submit("ask an out-of-scope question", "#ask", short,
		fill("#q", unmatched))
	wantContains(t, "fallback reply kind", b.text("#result .meta"), "未能回答")
	b.step("open Unmatched", short, chromedp.Navigate(b.base+"/admin/unmatched?since=1h"))
	wantContains(t, "unmatched list", b.text("#unmatched"), unmatched)
	row := run(b, "pick FAQ 13 for the question", chromedp.Evaluate[string](`(() => {
		const li = [...document.querySelectorAll("#unmatched > li")].find(li => li.querySelector("q").textContent === "`+unmatched+`");
		const actions = li.querySelector(".actions");
		actions.querySelector("select.faq-pick").value = "13";
		return actions.id;
	})()`))
	b.screenshot("05-unmatched")
	if st := b.submit("add it as an example of FAQ 13", "#"+row+" .add-example", short); st != http.StatusOK {
		t.Errorf("add as an example: status %d", st)
	}
	wantContains(t, "the row after adding", b.text("#"+row+" .indraft"), "问答 13 的例句")

	t.Log("Impact: the draft's preview")
	b.step("open Impact", short, chromedp.Navigate(b.base+"/admin/impact"))
	wantContains(t, "draft", b.text("#draft"), unmatched)
	wantContains(t, "impact", b.text("#impact"), "回答 13")
	wantContains(t, "accuracy", b.text("#accuracy"), "全部样例")
	b.screenshot("06-impact")

	t.Log("Impact: a pasted edit is previewed too")
	b.step("open the paste form", short, chromedp.Evaluate[chromedp.Void](`document.querySelector("details.paste").open = true`))
	status = b.submit("preview an edit", "#preview", long,
		fill("#intents", string(withAlternate(t, rules, 13, "自助机在哪里"))))
	if status != http.StatusOK {
		t.Errorf("impact preview: status %d, want 200", status)
	}
	wantContains(t, "pasted impact", b.text("#impact"), "回答 13")

	t.Log("Impact: a broken file shows the line")
	b.step("open the paste form", short, chromedp.Evaluate[chromedp.Void](`document.querySelector("details.paste").open = true`))
	status = b.submit("preview a broken file", "#preview", short,
		fill("#intents", "thresholds:\n  answer: 0.5\n  margin: 0.04: 3\n"))
	if status != http.StatusUnprocessableEntity {
		t.Errorf("broken file: status %d, want 422", status)
	}
	wantContains(t, "problems", b.text("#problems"), "第 3 行")
	b.screenshot("07-impact-invalid")

	t.Log("Report: 30 days drawn as SVG")
	for d := range 30 {
		n := int64(20 + (d*7)%23)
		if err := c.store.(bot.StatsStore).AddStats(context.Background(), bot.StatsDay(time.Now().AddDate(0, 0, -d)), "", map[string]int64{
			"o:answer": 3 * n, "o:clarify": n / 3, "o:fallback": n / 2, "o:smalltalk": n / 4, "o:handover": 2, "f:11": 2 * n, "f:13": n,
		}); err != nil {
			t.Fatal(err)
		}
	}
	b.step("open Report", short, chromedp.Navigate(b.base+"/admin/report"))
	if n := run(b, "count the bars", chromedp.Evaluate[int](`document.querySelectorAll("#daily rect").length`)); n < 150 {
		t.Errorf("the daily chart has %d bar segments, want 30 days × 5 outcomes", n)
	}
	wantContains(t, "top FAQs", b.text("#top"), "FAQ 11")
	b.screenshot("08-report")

	t.Log("Status")
	b.step("open Status", short, chromedp.Navigate(b.base+"/admin/status"))
	wantContains(t, "status", b.text("#status"), "北京时间")
	b.screenshot("08-status")

	t.Log("English through the switch, remembered")
	b.submit("switch to English", "#lang", short)
	wantContains(t, "English status", b.text("h1"), "Status")
	b.step("open Try in English", short, chromedp.Navigate(b.base+"/admin/try"))
	wantContains(t, "English try", b.text("#ask"), "Ask")
	b.screenshot("08-status-english")
	b.submit("switch back to Chinese", "#lang", short)
	wantContains(t, "Chinese try", b.text("h1"), "试问")

	t.Log("on a phone the pages fit the screen")
	b.step("phone viewport", short, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(b.base+"/admin/try"))
	b.submit("ask on a phone", "#ask", short, chromedp.SendKeys(chromedp.CSS("#q"), "照片有什么要求"))
	if wide := run(b, "measure the page", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the Try page is wider than a phone's screen")
	}
	b.screenshot("09-try-phone")

	t.Log("signing out ends the session")
	b.step("desktop viewport", short, chromedp.EmulateViewport(1280, 900))
	b.submit("sign out", "#signout", short)
	b.step("open Status again", short, chromedp.Navigate(b.base+"/admin/status"))
	wantContains(t, "location after sign-out", b.location(), "/admin/signin")

	b.noDialogs()
}
