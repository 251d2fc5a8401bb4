package admin

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/intents"
)

// The question the fixture rules do not answer, and the FAQ one example
// question makes them answer it with. Whether the example also moves the
// fixture's dev set depends on the matcher's learning; these tests publish
// with the confirmation given, and TestPublishingALossNeedsAConfirmation
// tests that a loss asks for it.
const (
	teachQuestion = "换证提交哪些东西"
	teachFAQ      = 15
)

func (c *testConsole) answers(q string, faq int) bool {
	d := c.rl.Current().Match(q)
	return d.Kind == intents.KindAnswer && d.FAQ == faq
}

func (c *testConsole) eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var (
	headField  = regexp.MustCompile(`name="head" value="(\d+)"`)
	editsField = regexp.MustCompile(`name="edits" value="([^"]*)"`)
)

// previewed reads the head and the draft's edits off an impact page, as
// its publish form sends them.
func previewed(t *testing.T, page string) (head, edits string) {
	t.Helper()
	h, e := headField.FindStringSubmatch(page), editsField.FindStringSubmatch(page)
	if h == nil || e == nil {
		t.Fatalf("the impact page has no publish form:\n%s", page)
	}
	return h[1], e[1]
}

func TestAcceptPreviewPublishAndRollBack(t *testing.T) {
	c := newPublishingConsole(t)
	ck, csrf := c.signIn(t)
	if c.answers(teachQuestion, teachFAQ) {
		t.Fatalf("the fixture rules already answer %q with FAQ %d: pick another question", teachQuestion, teachFAQ)
	}
	c.ask(t, "u1", teachQuestion)

	t.Log("accept the question as an example of the FAQ: it goes into the draft")
	w := c.do(post("/admin/draft", url.Values{"csrf": {csrf}, "kind": {"example"}, "faq": {strconv.Itoa(teachFAQ)}, "q": {teachQuestion},
		"back": {"/admin/unmatched?since=1h"}}, ck))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/unmatched?since=1h" {
		t.Fatalf("add to draft: status %d to %q", w.Code, w.Header().Get("Location"))
	}
	if page := c.do(get("/admin/unmatched?since=1h", ck)).Body.String(); !strings.Contains(page, "已在草稿中： 问答 "+strconv.Itoa(teachFAQ)+" 的例句") {
		t.Errorf("the unmatched list does not say the question is in the draft:\n%s", page)
	}

	t.Log("the Impact page previews the draft")
	w = c.do(get("/admin/impact", ck))
	page := w.Body.String()
	for _, want := range []string{"问答 " + strconv.Itoa(teachFAQ) + " 的例句", "<q>" + teachQuestion + "</q> <span class=\"from\">王芳", `id="accuracy"`,
		"记录的问题中得到回答的 (1)", `<span class="kind kind-answer">回答 ` + strconv.Itoa(teachFAQ) + `</span>`, `id="publish"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the impact page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("page:\n%s", page)
	}
	head, edits := previewed(t, page)

	t.Log("publishing needs a note")
	if w := c.do(post("/admin/publish", url.Values{"csrf": {csrf}, "head": {head}, "edits": {edits}}, ck)); w.Code != http.StatusBadRequest {
		t.Errorf("publish without a note: status %d, want 400", w.Code)
	}
	w = c.do(post("/admin/publish", url.Values{"csrf": {csrf}, "head": {head}, "edits": {edits}, "note": {"社保卡补办的问法"}, "confirm": {"1"}}, ck))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/history?published=1" {
		t.Fatalf("publish: status %d to %q:\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	c.eventually(t, "the published version was not loaded", func() bool { return c.answers(teachQuestion, teachFAQ) })
	if page := c.do(get("/admin/impact", ck)).Body.String(); !strings.Contains(page, `id="emptydraft"`) {
		t.Error("the published edit is still in the draft")
	}

	t.Log("a second publish against the old head is refused")
	c.do(post("/admin/draft", url.Values{"csrf": {csrf}, "kind": {"synonym"}, "canonical": {"电子社保卡"}, "variant": {"电子社保"}}, ck))
	if w := c.do(post("/admin/publish", url.Values{"csrf": {csrf}, "head": {"0"}, "note": {"x"}}, ck)); w.Code != http.StatusConflict {
		t.Errorf("publish against an old head: status %d, want 409", w.Code)
	}

	t.Log("History shows who, when, the note and the diff")
	page = c.do(get("/admin/history?published=1", ck)).Body.String()
	for _, want := range []string{`<span class="author">王芳</span>`, "社保卡补办的问法", "北京时间", "本副本正在使用： 已发布的版本 1，王芳",
		`<span class="add">+ - ` + teachQuestion + `</span>`, `id="rollback-0"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("page:\n%s", page)
	}

	t.Log("the download is the published intents.yaml and passes the check")
	w = c.do(get("/admin/rules.yaml", ck))
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Disposition"), "intents.yaml") {
		t.Fatalf("download: status %d, %q", w.Code, w.Header().Get("Content-Disposition"))
	}
	if _, err := intents.Parse("faq.yaml", mustRead(t, "testdata/faq.yaml"), "intents.yaml", w.Body.Bytes()); err != nil {
		t.Errorf("the downloaded rules fail the check: %v", err)
	}

	t.Log("roll back to the deployed file: a new version, and the question falls back again")
	w = c.do(post("/admin/rollback", url.Values{"csrf": {csrf}, "to": {"0"}}, ck))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/history?published=2" {
		t.Fatalf("rollback: status %d to %q:\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	c.eventually(t, "the rollback was not loaded", func() bool { return !c.answers(teachQuestion, teachFAQ) })
	page = c.do(get("/admin/history", ck)).Body.String()
	if !strings.Contains(page, "回滚到部署的文件") || !strings.Contains(page, `id="rollback-1"`) {
		t.Errorf("the history does not show the rollback:\n%s", page)
	}
}

func TestAPublishThatLowersAccuracyNeedsAConfirmation(t *testing.T) {
	c := newPublishingConsole(t)
	ck, csrf := c.signIn(t)
	// FAQ 1's own questions taught as FAQ 2's: accuracy drops. (FAQ 1's
	// question as an out-of-scope example would not do: an out-of-scope
	// example a FAQ's examples claim is left out of training.)
	for _, q := range []string{"申请的网址变了没", "工作许可的申报网站换了吗", "现在去哪个网址申请", "网址有变化吗"} {
		c.do(post("/admin/draft", url.Values{"csrf": {csrf}, "kind": {"example"}, "faq": {"2"}, "q": {q}}, ck))
	}
	page := c.do(get("/admin/impact", ck)).Body.String()
	if !strings.Contains(page, `id="confirm"`) || !strings.Contains(page, `class="trend-worse"`) {
		t.Fatalf("the preview does not ask for a confirmation:\n%s", page)
	}
	head, edits := previewed(t, page)
	form := url.Values{"csrf": {csrf}, "head": {head}, "edits": {edits}, "note": {"试试"}}
	if w := c.do(post("/admin/publish", form, ck)); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "如仍要发布，请勾选确认框") {
		t.Errorf("publish without the confirmation: status %d", w.Code)
	}
	form.Set("confirm", "1")
	if w := c.do(post("/admin/publish", form, ck)); w.Code != http.StatusSeeOther {
		t.Errorf("publish with the confirmation: status %d:\n%s", w.Code, w.Body)
	}
}

// TestPublishPublishesWhatWasPreviewed: an edit another operator adds to
// the draft after this operator's preview stops the publish; the page
// shows the new draft to preview again.
func TestPublishPublishesWhatWasPreviewed(t *testing.T) {
	c := newPublishingConsole(t)
	ck, csrf := c.signIn(t)
	c.do(post("/admin/draft", url.Values{"csrf": {csrf}, "kind": {"example"}, "faq": {strconv.Itoa(teachFAQ)}, "q": {teachQuestion}}, ck))
	head, edits := previewed(t, c.do(get("/admin/impact", ck)).Body.String())
	// Meanwhile another operator adds a synonym.
	c.do(post("/admin/draft", url.Values{"csrf": {csrf}, "kind": {"synonym"}, "canonical": {"电子社保卡"}, "variant": {"电子社保"}}, ck))
	w := c.do(post("/admin/publish", url.Values{"csrf": {csrf}, "head": {head}, "edits": {edits}, "note": {"补办"}, "confirm": {"1"}}, ck))
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "草稿有了变动") {
		t.Fatalf("publish of a draft changed since the preview: status %d, want 409 saying so:\n%s", w.Code, w.Body)
	}
	head, edits = previewed(t, w.Body.String())
	if strings.Count(edits, ",") != 1 {
		t.Fatalf("the page after the refusal previews edits %q, want both", edits)
	}
	if w := c.do(post("/admin/publish", url.Values{"csrf": {csrf}, "head": {head}, "edits": {edits}, "note": {"补办"}, "confirm": {"1"}}, ck)); w.Code != http.StatusSeeOther {
		t.Fatalf("publish after previewing again: status %d:\n%s", w.Code, w.Body)
	}
}

func TestIgnoredQuestionsLeaveTheList(t *testing.T) {
	c := newPublishingConsole(t)
	ck, csrf := c.signIn(t)
	c.ask(t, "u1", teachQuestion)
	if page := c.do(get("/admin/unmatched?since=1h", ck)).Body.String(); !strings.Contains(page, "<q>"+teachQuestion+"</q>") {
		t.Fatalf("the question is not listed:\n%s", page)
	}
	c.do(post("/admin/unmatched/ignore", url.Values{"csrf": {csrf}, "q": {teachQuestion}, "back": {"/admin/unmatched?since=1h"}}, ck))
	page := c.do(get("/admin/unmatched?since=1h", ck)).Body.String()
	if strings.Contains(page, "<q>"+teachQuestion+"</q>") || !strings.Contains(page, "1 个已忽略的问题未列出") {
		t.Errorf("the ignored question is still listed:\n%s", page)
	}
}

func TestADeployAfterAPublishIsAConflictOnTheStatusPage(t *testing.T) {
	c := newPublishingConsole(t)
	ck, csrf := c.signIn(t)
	c.do(post("/admin/draft", url.Values{"csrf": {csrf}, "kind": {"example"}, "faq": {strconv.Itoa(teachFAQ)}, "q": {teachQuestion}}, ck))
	head, edits := previewed(t, c.do(get("/admin/impact", ck)).Body.String())
	if w := c.do(post("/admin/publish", url.Values{"csrf": {csrf}, "head": {head}, "edits": {edits}, "note": {"补办"}, "confirm": {"1"}}, ck)); w.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", w.Code, w.Body)
	}
	c.eventually(t, "the published version was not loaded", func() bool { return c.answers(teachQuestion, teachFAQ) })

	deployed := append(mustRead(t, c.rulesPath), "\n# a later deploy\n"...)
	if err := os.WriteFile(c.rulesPath, deployed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.rl.Reload(); err != nil {
		t.Fatal(err)
	}
	page := c.do(get("/admin/status", ck)).Body.String()
	if !strings.Contains(page, `id="conflict"`) || !strings.Contains(page, "已发布的版本 1，王芳 发布于") {
		t.Fatalf("the status page shows no conflict:\n%s", page)
	}
	if !c.answers(teachQuestion, teachFAQ) {
		t.Error("the deploy discarded the published rules")
	}

	t.Log("using the deployed file ends the conflict")
	if w := c.do(post("/admin/rollback", url.Values{"csrf": {csrf}, "to": {"0"}}, ck)); w.Code != http.StatusSeeOther {
		t.Fatalf("adopt: %d\n%s", w.Code, w.Body)
	}
	c.eventually(t, "the deployed file was not adopted", func() bool { return !c.answers(teachQuestion, teachFAQ) })
	if page := c.do(get("/admin/status", ck)).Body.String(); strings.Contains(page, `id="conflict"`) {
		t.Error("the conflict is still shown after adopting the deployed file")
	}
}
