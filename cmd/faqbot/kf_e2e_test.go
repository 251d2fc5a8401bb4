package main

import (
	"strings"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot/kf/kftest"
	"github.com/kzrh/faqbot/bot/testrules"
)

// TestServeAnswersWeComCustomerService runs `faqbot serve` with the
// self-built application's five variables and WECOM_API_BASE pointing at
// the fake WeCom API: the Customer Service channel lists the accounts,
// pulls on kf_msg_or_event, answers, clarifies with a menu and hands over.
func TestServeAnswersWeComCustomerService(t *testing.T) {
	api := kftest.NewFakeAPI(t)
	api.KFAccounts("wkE2E")
	srv := startE2E(t, e2eEnv(map[string]string{
		"WECOM_AGENT_ID": wecomAgent, "WECOM_SECRET": "app-secret", "WECOM_API_BASE": api.URL,
		"WECOM_KF_OPEN_KFIDS": "wkE2E, wkOTHER", "WECOM_KF_HANDOVER_AFTER": "3",
	}))
	keys := kftest.Keys{Token: wecomToken, EncodingAESKey: wecomAESKey, ReceiverID: wecomCorpID}
	ask := func(text string) kftest.Sent {
		t.Helper()
		srv.remember(text)
		api.KFCustomerSays("wkE2E", "wmE2E", text)
		code, body := keys.Post(t, srv.base+"/wecom/callback", kftest.Callback(wecomCorpID, "wkE2E", api.KFToken()))
		if code != 200 || body != "success" {
			t.Fatalf("kf_msg_or_event answered %d %q", code, body)
		}
		return api.Next(t, 10*time.Second)
	}

	if got := ask("要带什么"); got.API != "kf" || got.User != "wmE2E" || (got.Menu != "faq-1,faq-2,none,human" && got.Menu != "faq-2,faq-1,none,human") {
		t.Fatalf("sent %+v, want the clarification as a menu of FAQs 1 and 2", got)
	}
	if got := ask("读者证怎么办理"); !strings.HasPrefix(got.Text, "【读者证怎么办理？】") {
		t.Fatalf("sent %+v, want FAQ 1's answer", got)
	}
	if got := ask("转人工"); got.API != "kf_event" {
		t.Fatalf("sent %+v, want the hand-over notice", got)
	}
	if state, _ := api.KFState("wkE2E", "wmE2E"); state != 2 {
		t.Fatalf("service_state %d after 转人工, want 2 (the queue)", state)
	}
	m := srv.metrics(t)
	if n := m.value("faqbot_messages_total", "channel", "kf", "outcome", "answer"); n != 1 {
		t.Errorf("faqbot_messages_total{channel=kf,outcome=answer} = %v, want 1", n)
	}
	if n := m.value("faqbot_kf_events_total", "event", "handover"); n != 1 {
		t.Errorf("faqbot_kf_events_total{event=handover} = %v, want 1", n)
	}
}

func TestServeRefusesBadCustomerServiceSettings(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"hours":    {"WECOM_KF_HOURS": "weekdays"},
		"handover": {"WECOM_KF_HANDOVER_AFTER": "-2"},
		"api base": {"WECOM_API_BASE": "qyapi.weixin.qq.com"},
	} {
		t.Run(name, func(t *testing.T) {
			env := e2eEnv(env)
			env["WECOM_AGENT_ID"], env["WECOM_SECRET"] = wecomAgent, "app-secret"
			rules := testrules.Write(t)
			var stderr strings.Builder
			err := run(t.Context(), []string{"serve", "--addr", "127.0.0.1:0", "--faq", rules.FAQ, "--intents", rules.Intents},
				func(k string) string { return env[k] }, strings.NewReader(""), &stderr, &stderr)
			if err == nil {
				t.Fatal("serve started")
			}
			for _, v := range []string{"WECOM_KF_HOURS", "WECOM_KF_HANDOVER_AFTER", "WECOM_API_BASE"} {
				if env[v] != "" && !strings.Contains(err.Error(), v) && !strings.Contains(err.Error(), "API base") {
					t.Errorf("error %q does not name %s", err, v)
				}
			}
		})
	}
}
