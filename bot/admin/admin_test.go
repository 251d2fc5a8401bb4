package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

func TestSignInWithAWrongTokenIsRefused(t *testing.T) {
	c := newTestConsole(t)
	for _, token := range []string{"", "wrong", testToken + "x", strings.ToUpper(testToken)} {
		w := c.do(post("/admin/signin", url.Values{"token": {token}}))
		if w.Code != http.StatusUnauthorized {
			t.Errorf("token %q: status %d, want 401", token, w.Code)
		}
		if got := w.Header().Values("Set-Cookie"); len(got) != 0 {
			t.Errorf("token %q: a refused sign-in set cookies %q", token, got)
		}
		if !strings.Contains(w.Body.String(), "口令不对") {
			t.Errorf("token %q: the page does not say the token is wrong:\n%s", token, w.Body)
		}
	}
}

func TestSignInSetsAStrictHttpOnlySessionCookie(t *testing.T) {
	c := newTestConsole(t)
	w := c.do(post("/admin/signin", url.Values{"token": {testToken}}))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/try" {
		t.Fatalf("status %d to %q, want 303 to /admin/try", w.Code, w.Header().Get("Location"))
	}
	ck := sessionCookie(t, w)
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/admin/" {
		t.Errorf("cookie HttpOnly=%v SameSite=%v Path=%q, want HttpOnly, Strict, /admin/", ck.HttpOnly, ck.SameSite, ck.Path)
	}
	if ck.MaxAge <= 0 || ck.MaxAge > int(sessionMaxAge.Seconds()) {
		t.Errorf("cookie Max-Age %d, want (0, %v]", ck.MaxAge, sessionMaxAge)
	}
	if ck.Secure {
		t.Error("cookie is Secure on plain HTTP; the browser would never send it back")
	}
	if strings.Contains(ck.Value, testToken) {
		t.Error("the cookie carries the token")
	}

	r := post("/admin/signin", url.Values{"token": {testToken}})
	r.Header.Set("X-Forwarded-Proto", "https")
	if ck := sessionCookie(t, c.do(r)); !ck.Secure {
		t.Error("cookie is not Secure behind a TLS-terminating proxy")
	}
}

func TestPagesNeedASession(t *testing.T) {
	c := newTestConsole(t)
	valid, _ := c.signIn(t)
	expired := &http.Cookie{Name: cookieName, Value: deriveKeys(testOperators).encode(session{ID: "a", Conv: "b", Expires: time.Now().Add(-time.Minute)})}
	forged := &http.Cookie{Name: cookieName, Value: deriveKeys([]Operator{{Name: "王芳", Token: "another token"}}).encode(session{ID: "a", Conv: "b", Expires: time.Now().Add(time.Hour)})}
	tampered := &http.Cookie{Name: cookieName, Value: strings.Replace(valid.Value, ".", "x.", 1)}

	for _, tc := range []struct {
		name   string
		cookie *http.Cookie
	}{{"no cookie", nil}, {"expired", expired}, {"signed with another token", forged}, {"tampered", tampered}} {
		t.Run(tc.name, func(t *testing.T) {
			var cookies []*http.Cookie
			if tc.cookie != nil {
				cookies = append(cookies, tc.cookie)
			}
			for _, path := range []string{"/admin/try", "/admin/unmatched?since=1h", "/admin/impact", "/admin/status"} {
				w := c.do(get(path, cookies...))
				want := "/admin/signin?next=" + url.QueryEscape(path)
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
					t.Errorf("GET %s: status %d to %q, want 303 to %q", path, w.Code, w.Header().Get("Location"), want)
				}
			}
			for _, path := range []string{"/admin/try", "/admin/try/reset", "/admin/impact", "/admin/signout"} {
				if w := c.do(post(path, url.Values{"q": {"x"}}, cookies...)); w.Code != http.StatusUnauthorized {
					t.Errorf("POST %s: status %d, want 401", path, w.Code)
				}
			}
		})
	}
	if w := c.do(get("/admin/status", valid)); w.Code != http.StatusOK {
		t.Errorf("with a valid session: status %d, want 200", w.Code)
	}
}

func TestSignInReturnsToThePageAskedForButNeverElsewhere(t *testing.T) {
	c := newTestConsole(t)
	for next, want := range map[string]string{
		"/admin/unmatched?since=7d": "/admin/unmatched?since=7d",
		"https://evil.example/":     "/admin/try",
		"//evil.example/admin/":     "/admin/try",
		"/admin//evil.example":      "/admin/try",
		"/admin/\\evil.example":     "/admin/try",
		"/admin/signin":             "/admin/try",
		"":                          "/admin/try",
	} {
		w := c.do(post("/admin/signin", url.Values{"token": {testToken}, "next": {next}}))
		if got := w.Header().Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
	page := c.do(get("/admin/signin?next=" + url.QueryEscape("/admin/status"))).Body.String()
	if !strings.Contains(page, `name="next" value="/admin/status"`) {
		t.Errorf("the sign-in form does not carry next:\n%s", page)
	}
}

func TestPostsNeedTheFormTokenAndTheSameOrigin(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	if w := c.do(post("/admin/try", url.Values{"q": {"你好"}}, ck)); w.Code != http.StatusForbidden {
		t.Errorf("without the form token: status %d, want 403", w.Code)
	}
	if w := c.do(post("/admin/try", url.Values{"q": {"你好"}, "csrf": {"bm90IGl0"}}, ck)); w.Code != http.StatusForbidden {
		t.Errorf("with a wrong form token: status %d, want 403", w.Code)
	}
	r := post("/admin/try", url.Values{"q": {"你好"}, "csrf": {csrf}}, ck)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if w := c.do(r); w.Code != http.StatusForbidden {
		t.Errorf("from another site: status %d, want 403", w.Code)
	}
	r = post("/admin/signin", url.Values{"token": {testToken}})
	r.Header.Set("Origin", "https://evil.example")
	if w := c.do(r); w.Code != http.StatusForbidden {
		t.Errorf("sign-in from another origin: status %d, want 403", w.Code)
	}
	r = post("/admin/try", url.Values{"q": {"你好"}, "csrf": {csrf}}, ck)
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	if w := c.do(r); w.Code != http.StatusOK {
		t.Errorf("from the console itself: status %d, want 200", w.Code)
	}
}

func TestEveryResponseForbidsForeignScriptsAndFraming(t *testing.T) {
	c := newTestConsole(t)
	for _, path := range []string{"/admin/signin", "/admin/try", "/admin/static/admin.css"} {
		w := c.do(get(path))
		csp := w.Header().Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
	}
	if w := c.do(get("/admin/static/admin.js")); w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "javascript") {
		t.Errorf("the script is served with status %d and type %q", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestTryShowsTheReplyAndWhy(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	w := c.do(post("/admin/try", url.Values{"q": {"申请网址是否发生变化？"}, "csrf": {csrf}}, ck))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d:\n%s", w.Code, w.Body)
	}
	page := w.Body.String()
	for _, want := range []string{
		`<a href="https://fwp.safea.gov.cn/lhgzweb/" rel="noopener noreferrer" target="_blank">外国人来华工作管理服务系统</a>`,
		`class="kind kind-answer">已回答</span> FAQ 1`,
		`<dt>判定规则</dt><dd class="rule">answer: `,
		`<b>FAQ 1</b> 申请网址是否发生变化？`,
		`<span class="tok">网址</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", page)
	}
	msgs := c.engine.sent()
	if len(msgs) != 1 || msgs[0].Channel != "admin" || msgs[0].Text != "申请网址是否发生变化？" {
		t.Errorf("the engine got %+v, want one admin message", msgs)
	}
}

func TestTryEscapesTheQuestion(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	w := c.do(post("/admin/try", url.Values{"q": {evil}, "csrf": {csrf}}, ck))
	page := w.Body.String()
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
		t.Fatalf("the question is in the page unescaped:\n%s", page)
	}
	if !strings.Contains(page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
		t.Errorf("the question is not shown as text:\n%s", page)
	}
	w = c.do(get("/admin/try?q="+url.QueryEscape(evil), ck))
	if strings.Contains(w.Body.String(), "<script>alert") {
		t.Errorf("a question in the URL is in the page unescaped")
	}
}

func TestTryContinuesTheConversationOnlyWhenAsked(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	for _, cont := range []string{"1", "1", "", ""} {
		c.do(post("/admin/try", url.Values{"q": {"换发电子证照需要什么材料"}, "continue": {cont}, "csrf": {csrf}}, ck))
	}
	msgs := c.engine.sent()
	if len(msgs) != 4 {
		t.Fatalf("%d messages sent, want 4", len(msgs))
	}
	if msgs[0].User != msgs[1].User || !strings.HasPrefix(msgs[0].User, "admin-") {
		t.Errorf("continued messages went to users %q and %q, want the session's conversation", msgs[0].User, msgs[1].User)
	}
	if msgs[2].User == msgs[0].User || msgs[3].User == msgs[2].User {
		t.Errorf("single questions went to users %q, %q (conversation %q), want a fresh user each", msgs[2].User, msgs[3].User, msgs[0].User)
	}

	w := c.do(post("/admin/try/reset", url.Values{"csrf": {csrf}}, ck))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("reset: status %d, want 303", w.Code)
	}
	fresh := sessionCookie(t, w)
	c.do(post("/admin/try", url.Values{"q": {"旧卡要交回吗"}, "continue": {"1"}, "csrf": {csrf}}, fresh))
	if last := c.engine.sent()[4]; last.User == msgs[0].User {
		t.Errorf("after a reset the conversation is still %q", last.User)
	}
}

func TestTryRefusesAnEmptyOrLongQuestion(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	for _, q := range []string{"  ", strings.Repeat("问", maxQuestion+1)} {
		if w := c.do(post("/admin/try", url.Values{"q": {q}, "csrf": {csrf}}, ck)); w.Code != http.StatusBadRequest {
			t.Errorf("question of %d bytes: status %d, want 400", len(q), w.Code)
		}
	}
	if n := len(c.engine.sent()); n != 0 {
		t.Errorf("%d refused questions reached the engine", n)
	}
}

func TestUnmatchedListsFallbacksWithWhatCanBeDone(t *testing.T) {
	c := newPublishingConsole(t)
	ck, _ := c.signIn(t)
	const q = "自助机在哪里交电费"
	for i := range 3 {
		if r := c.ask(t, "u"+string(rune('a'+i)), q); r.Kind != "fallback" {
			t.Fatalf("the fixture rules answer %q with %s; the test needs a fallback", q, r.Kind)
		}
	}
	c.ask(t, "ua", "申请网址是否发生变化") // answered: not listed

	w := c.do(get("/admin/unmatched?since=1h", ck))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d:\n%s", w.Code, w.Body)
	}
	page := w.Body.String()
	for _, want := range []string{
		`<span class="count">×3</span> <q>自助机在哪里交电费</q>`,
		`<span class="kind kind-fallback">未能回答</span>`,
		`<input type="hidden" name="kind" value="example"><input type="hidden" name="q" value="自助机在哪里交电费">`,
		`<input type="hidden" name="kind" value="out_of_scope">`,
		`<input type="hidden" name="kind" value="synonym">`,
		`action="/admin/unmatched/ignore"`,
		`<option value="19"`,
		`aria-pressed="true">1 小时</button>`,
		`href="/admin/try?q=%E8%87%AA`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<q>申请网址是否发生变化</q>") {
		t.Error("an answered question is listed as unmatched")
	}
	if t.Failed() {
		t.Logf("page:\n%s", page)
	}
}

func TestImpactShowsTheLineOfABrokenFile(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	_, _, rules := shippedMatcher(t)
	tests := []struct {
		name, file string
		want       []string
	}{
		{"malformed YAML", "thresholds:\n  answer: 0.5\n  margin: 0.04: 3\n",
			[]string{"<b>第 3 行</b>", "malformed YAML", `<pre class="source"> margin: 0.04: 3</pre>`}},
		{"an alternate of a FAQ that does not exist",
			strings.Replace(string(rules), "\n  - no: 19\n", "\n  - no: 99\n", 1),
			[]string{"99"}},
		{"markup in the file", "<script>alert(1)</script>: [\n",
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := c.do(post("/admin/impact", url.Values{"intents": {tt.file}, "csrf": {csrf}}, ck))
			page := w.Body.String()
			if w.Code != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", w.Code)
			}
			if !strings.Contains(page, `id="problems"`) {
				t.Errorf("no problems listed:\n%s", page)
			}
			for _, want := range tt.want {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q:\n%s", want, page)
				}
			}
			if strings.Contains(page, "<script>alert") {
				t.Error("the pasted file is in the page unescaped")
			}
		})
	}
}

func TestImpactPreviewsAnEditOnTheDevSetAndTheLog(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	_, _, rules := shippedMatcher(t)
	c.ask(t, "u1", "自助机在哪里交电费") // a fallback today, answered after the edit

	edited := withAlternate(t, rules, 13, "自助机在哪里")
	w := c.do(post("/admin/impact", url.Values{"intents": {string(edited)}, "csrf": {csrf}}, ck))
	page := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d:\n%s", w.Code, page)
	}
	for _, want := range []string{
		`id="accuracy"`,
		"全部样例 (",
		`<q>自助机在哪里交电费</q> <span class="from">记录 ×1</span><br>`,
		`<span class="kind kind-fallback">未能回答</span>`,
		`<span class="kind kind-answer">回答 13</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", page)
	}

	w = c.do(post("/admin/impact", url.Values{"intents": {string(rules)}, "csrf": {csrf}}, ck))
	if !strings.Contains(w.Body.String(), `id="nochange"`) {
		t.Errorf("the shipped file itself changes answers:\n%s", w.Body)
	}
}

func TestImpactRefusesAFileOver256KiB(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	big := "# " + strings.Repeat("x", maxIntents) + "\n"
	w := c.do(post("/admin/impact", url.Values{"intents": {big}, "csrf": {csrf}}, ck))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", w.Code)
	}
	huge := strings.Repeat("问", maxFormBody)
	w = c.do(post("/admin/impact", url.Values{"intents": {huge}, "csrf": {csrf}}, ck))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over %d bytes: status %d, want 413", maxFormBody, w.Code)
	}
}

func TestStatusShowsTheServersReport(t *testing.T) {
	c := newTestConsole(t)
	ck, _ := c.signIn(t)
	page := c.do(get("/admin/status", ck)).Body.String()
	for _, want := range []string{
		"2025-12-01 17:30:00 北京时间", `result-rejected">被拒绝`, "decision.max_suggestions: must be between 2 and 5, got 9",
		"not used (sessions in memory)", "<tr><th>已回答</th><td>41</td></tr>", "<tr><th>未能回答</th><td>3</td></tr>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", page)
	}
}

func TestStatusWithoutAReportShowsWhatTheConsoleKnows(t *testing.T) {
	m, _, _ := shippedMatcher(t)
	c := newTestConsole(t)
	c.h = New(Deps{Operators: testOperators, Engine: c.engine, Store: c.store, Matchers: bot.Static{M: m}})
	ck, _ := c.signIn(t)
	page := c.do(get("/admin/status", ck)).Body.String()
	for _, want := range []string{m.Config().Version, "服务器没有报告状态。"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q:\n%s", want, page)
		}
	}
}

func TestSignOutEndsTheSessionInTheBrowser(t *testing.T) {
	c := newTestConsole(t)
	ck, csrf := c.signIn(t)
	w := c.do(post("/admin/signout", url.Values{"csrf": {csrf}}, ck))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/signin" {
		t.Fatalf("status %d to %q, want 303 to the sign-in page", w.Code, w.Header().Get("Location"))
	}
	if gone := sessionCookie(t, w); gone.MaxAge >= 0 || gone.Value != "" {
		t.Errorf("sign-out set %+v, want the cookie deleted", gone)
	}
}

func TestReplyPartsMakeLinksOfWebAddressesOnly(t *testing.T) {
	tests := []struct {
		in   string
		want []replyPart
	}{
		{"plain\ntext", []replyPart{{Text: "plain\ntext"}}},
		{`see <a href="https://a.example/x?a=1&amp;b=2">A &amp; B</a>.`,
			[]replyPart{{Text: "see "}, {Text: "A & B", URL: "https://a.example/x?a=1&b=2"}, {Text: "."}}},
		{`<a href="javascript:alert(1)">click</a>`, []replyPart{{Text: `<a href="javascript:alert(1)">click</a>`}}},
		{`<a href="https://a.example/">unclosed`, []replyPart{{Text: `<a href="https://a.example/">unclosed`}}},
		{`a <a href="http://b.example/">b</a><a href="https://c.example/">c</a>`,
			[]replyPart{{Text: "a "}, {Text: "b", URL: "http://b.example/"}, {Text: "c", URL: "https://c.example/"}}},
	}
	for _, tt := range tests {
		if got := replyParts(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("replyParts(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestEachOperatorSignsInWithTheirOwnTokenAndName(t *testing.T) {
	c := newTestConsole(t)
	for _, op := range testOperators {
		w := c.do(post("/admin/signin", url.Values{"token": {op.Token}}))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("%s: status %d", op.Name, w.Code)
		}
		s, err := deriveKeys(testOperators).decode(sessionCookie(t, w).Value, time.Now())
		if err != nil || s.Name != op.Name {
			t.Errorf("%s's cookie holds %+v, %v", op.Name, s, err)
		}
	}
	if w := c.do(post("/admin/signin", url.Values{"token": {"王芳"}})); w.Code != http.StatusUnauthorized {
		t.Errorf("a name as the token: status %d, want 401", w.Code)
	}
}
