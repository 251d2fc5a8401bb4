package kf

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kzrh/faqbot/bot/testrules"
	"github.com/kzrh/faqbot/intents/lang"
)

// FuzzParseMessage feeds sync_msg entries of every shape: the parser must
// never panic, and what it accepts names an account, and a customer
// unless it is a servicer's status.
func FuzzParseMessage(f *testing.F) {
	for _, seed := range []string{
		`{"msgid":"m1","open_kfid":"wk1","external_userid":"wm1","send_time":1700000000,"origin":3,"msgtype":"text","text":{"content":"你好","menu_id":"faq-3"}}`,
		`{"msgid":"m2","send_time":1700000000,"origin":4,"msgtype":"event","event":{"event_type":"enter_session","open_kfid":"wk1","external_userid":"wm1","scene":"s","welcome_code":"c"}}`,
		`{"msgid":"m3","origin":4,"msgtype":"event","event":{"event_type":"session_status_change","open_kfid":"wk1","external_userid":"wm1","change_type":3,"old_servicer_userid":"zs","msg_code":"c"}}`,
		`{"msgid":"m4","origin":4,"msgtype":"event","event":{"event_type":"msg_send_fail","open_kfid":"wk1","external_userid":"wm1","fail_msgid":"x","fail_type":6}}`,
		`{"msgid":"m5","origin":4,"msgtype":"event","event":{"event_type":"servicer_status_change","open_kfid":"wk1","servicer_userid":"zs","status":1}}`,
		`{"msgid":1,"send_time":"x"}`, `[]`, `null`, `{"event":[]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := parseMessage(raw)
		if err != nil {
			return
		}
		if m.ID == "" || m.OpenKfID == "" {
			t.Fatalf("accepted %q without msgid or account", raw)
		}
		if m.User == "" && m.Event.Type != "servicer_status_change" {
			t.Fatalf("accepted %q without a customer", raw)
		}
		_ = m.sent()
		_, _ = parseClick(m.Text.MenuID)
	})
}

// FuzzParseClick: any menu_id a customer's client sends back is safe.
func FuzzParseClick(f *testing.F) {
	for _, s := range []string{"faq-3", "topic-1", "sat-2", "human", "none", "faq--1", "sat-9", "faq-99999999999999999999", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		c, ok := parseClick(id)
		if !ok {
			return
		}
		if c.faq < 0 || c.topic < 0 || (c.satisfaction != "" && !strings.Contains("满意一般不满意", c.satisfaction)) {
			t.Fatalf("parseClick(%q) = %+v", id, c)
		}
	})
}

func TestPageDecodesWeComsAnswer(t *testing.T) {
	var p page
	raw := `{"errcode":0,"errmsg":"ok","next_cursor":"4gw7MepFLfgF2VC5npN","has_more":1,"msg_list":[]}`
	if err := json.Unmarshal([]byte(raw), &p); err != nil || p.HasMore != 1 || p.NextCursor == "" || len(p.MsgList) != 0 {
		t.Fatalf("page %+v, %v", p, err)
	}
}

func TestClipKeepsCharactersWhole(t *testing.T) {
	s := clip(strings.Repeat("问", 100), maxItemBytes)
	if len(s) > maxItemBytes || !utf8.ValidString(s) || !strings.HasSuffix(s, "…") {
		t.Fatalf("clip gave %d bytes: %q", len(s), s)
	}
	if clip("短", 10) != "短" {
		t.Fatal("clip changed a short text")
	}
}

func TestSendIDIsShortValidAndStable(t *testing.T) {
	a, b := sendID("wk1", "msg-very-long-"+strings.Repeat("x", 100), 3), sendID("wk1", "msg-very-long-"+strings.Repeat("x", 100), 3)
	if a != b || len(a) > 32 || strings.Trim(a, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") != "" {
		t.Fatalf("sendID = %q, %q", a, b)
	}
	if sendID("wk2", "m", 0) == sendID("wk1", "m", 0) || sendID("wk1", "m", 0) == sendID("wk1", "m", 1) {
		t.Fatal("sendID does not tell accounts or parts apart")
	}
}

func TestParseHours(t *testing.T) {
	h, err := ParseHours("1-5 09:00-12:00,13:30-17:30; 6 09:00-12:00")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 11, 30+day-1, hour, minute, 0, 0, Beijing)
	} // 2026-11-30 is a Monday
	for _, c := range []struct {
		t    time.Time
		open bool
	}{
		{at(1, 9, 0), true}, {at(1, 8, 59), false}, {at(3, 12, 0), false}, {at(3, 13, 30), true},
		{at(5, 17, 29), true}, {at(6, 11, 0), true}, {at(6, 14, 0), false}, {at(7, 10, 0), false},
		{at(1, 9, 0).In(time.UTC), true}, // 01:00 UTC is 09:00 in Beijing
	} {
		if got := h.Open(c.t); got != c.open {
			t.Errorf("Open(%v) = %v, want %v", c.t, got, c.open)
		}
	}
	if h.String() != "周一至周五 09:00-12:00、13:30-17:30；周六 09:00-12:00" {
		t.Errorf("String() = %q", h.String())
	}
	if always, _ := ParseHours(""); !always.Always() || !always.Open(at(7, 3, 0)) {
		t.Error("empty hours are not always open")
	}
	for _, bad := range []string{"8 09:00-10:00", "1-5", "1-5 17:00-09:00", "1-5 9-17", "5-1 09:00-10:00", "weekdays 09:00-10:00"} {
		if _, err := ParseHours(bad); err == nil {
			t.Errorf("ParseHours(%q) accepted it", bad)
		}
	}
}

// TestEnglishClarificationMenu: a clarification in an English conversation
// has an English head, the FAQs' English titles, and English items whose
// clicks say they came from English.
func TestEnglishClarificationMenu(t *testing.T) {
	cfg := testrules.LangMatcher(t).Config()
	var withEn int
	for _, f := range cfg.Content.FAQs {
		if f.QuestionEn != "" {
			withEn = f.No
			break
		}
	}
	if withEn == 0 {
		t.Fatal("the fixture has no FAQ with an English title")
	}
	m := clarifyMenu(cfg, []int{withEn}, lang.English)
	if !strings.HasPrefix(m.Head, "Which") || len(m.Items) != 3 ||
		!strings.Contains(m.Items[0].Content, cfg.FAQ(withEn).QuestionEn) || m.Items[1].Content != "None of these" || m.Items[2].Content != "Talk to a person" {
		t.Fatalf("English menu %+v", m)
	}
	for _, it := range m.Items[1:] {
		if c, ok := parseClick(it.ID); !ok || c.lang != lang.English || !(c.none || c.human) {
			t.Errorf("click on %q: %+v, %v; want an English none or human", it.ID, c, ok)
		}
	}
	zh := clarifyMenu(cfg, []int{withEn}, lang.Chinese)
	if zh.Items[1].Content != "都不是" || zh.Items[2].ID != idHuman || strings.Contains(zh.Items[0].Content, cfg.FAQ(withEn).QuestionEn) {
		t.Errorf("Chinese menu %+v", zh)
	}
}
