package wxtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The fake of WeCom Customer Service (微信客服), with the rules that shape
// a KF bot:
//   - sync_msg pages by cursor over 3 days of history; with EmptyPages
//     each page is first answered empty with has_more 1; more than 10
//     calls a minute without a valid callback token get 45009;
//   - send_msg only in service_state 0 or 1 (else 95018), at most 5
//     messages within 48 hours of the customer's last message (95001,
//     95002), text of at most 2048 bytes, a msgid at most once per account;
//   - send_msg_on_event codes work once; welcome and end codes for 20 s;
//   - service_state/trans moves states as WeCom allows and hands out codes;
//   - the bot's own messages never come back through sync_msg.
//
// Errcodes verified against WeCom's documentation or open-source clients:
// 40014, 42001, 45009, 95001, 95018. Where no source says which errcode
// WeCom gives (a repeated msgid, a used or expired code, a bad state
// change), the fake answers with the codes below; the bot must not depend
// on them.
const (
	CodeDuplicateMsgID = 40058 // a msgid already used on the account (unverified)
	CodeBadEventCode   = 40058 // a used, expired or unknown event code (unverified)
	CodeBadTransition  = 95016 // a state change WeCom does not allow
	CodeNotOnDuty      = 95014
	CodeWrongState     = 95018
	CodeQuota          = 95001
	CodeWindowClosed   = 95002
	CodeRateLimited    = 45009
	CodeBadSyncToken   = 95007
)

// Clock is a settable clock for the fake and the code under test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type kfState struct {
	mu         sync.Mutex
	clock      *Clock
	accounts   []string
	log        []kfEntry
	convs      map[string]*kfConv
	msgIDs     map[string]bool
	codes      map[string]*kfCode
	onDuty     map[string]bool
	tokens     map[string]time.Time // sync tokens → issued
	untokened  []time.Time          // sync_msg calls without a valid token
	emptyPages bool
	rateLimit  int           // sync_msg calls still to answer 45009
	busySends  int           // send_msg calls still to answer -1 without sending
	listGate   chan struct{} // account/list waits for it to close, when set
	lostSends  int           // send_msg calls still to send and yet answer -1
	syncCalls  int
	seq        int

	accepted    Sent // by the request being served
	hasAccepted bool
}

type kfEntry struct {
	at  time.Time
	msg map[string]any
}

type kfConv struct {
	state    int
	servicer string
	last     time.Time // the customer's last message
	sent     int       // since last
	spoken   bool      // the customer ever wrote
}

type kfCode struct {
	issued time.Time
	life   time.Duration
	used   bool
}

func (k *kfState) init() {
	k.clock = NewClock(time.Now())
	k.convs = map[string]*kfConv{}
	k.msgIDs = map[string]bool{}
	k.codes = map[string]*kfCode{}
	k.onDuty = map[string]bool{}
	k.tokens = map[string]time.Time{}
}

// KFClock returns the fake's clock: pass its Now to the code under test
// and Advance it to move both.
func (f *FakeAPI) KFClock() *Clock { return f.kf.clock }

// KFAccounts sets the customer-service accounts the application manages.
func (f *FakeAPI) KFAccounts(openKfIDs ...string) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.accounts = openKfIDs
}

// KFEmptyPages makes every sync_msg page come first as an empty page with
// has_more 1, as WeCom sometimes answers.
func (f *FakeAPI) KFEmptyPages(on bool) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.emptyPages = on
}

// KFRateLimit makes the next n sync_msg calls answer 45009.
func (f *FakeAPI) KFRateLimit(n int) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.rateLimit = n
}

// KFBusySends makes the next n send_msg calls answer -1 (system busy)
// without sending anything.
func (f *FakeAPI) KFBusySends(n int) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.busySends = n
}

// KFLostSends makes the next n send_msg calls send their message and yet
// answer -1, as when WeCom's answer is lost on the way.
func (f *FakeAPI) KFLostSends(n int) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.lostSends = n
}

// KFHoldAccountList makes account/list calls wait until release is
// called; they then list the accounts as they are at that time.
func (f *FakeAPI) KFHoldAccountList() (release func()) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	gate := make(chan struct{})
	f.kf.listGate = gate
	return sync.OnceFunc(func() {
		f.kf.mu.Lock()
		f.kf.listGate = nil
		f.kf.mu.Unlock()
		close(gate)
	})
}

// KFSyncCalls is how many sync_msg calls were made.
func (f *FakeAPI) KFSyncCalls() int {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	return f.kf.syncCalls
}

// KFOnDuty sets whether the servicer takes conversations.
func (f *FakeAPI) KFOnDuty(servicer string, on bool) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.onDuty[servicer] = on
}

// KFToken issues the sync token a kf_msg_or_event callback carries (valid
// 10 minutes).
func (f *FakeAPI) KFToken() string {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.seq++
	t := fmt.Sprintf("synctoken%d", f.kf.seq)
	f.kf.tokens[t] = f.kf.clock.Now()
	return t
}

// KFState returns a conversation's service_state and servicer.
func (f *FakeAPI) KFState(openKfID, user string) (int, string) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	c := f.kf.conv(openKfID, user)
	return c.state, c.servicer
}

// KFSetState puts a conversation in a state, as WeCom's own routing or a
// servicer's action would.
func (f *FakeAPI) KFSetState(openKfID, user string, state int, servicer string) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	c := f.kf.conv(openKfID, user)
	c.state, c.servicer = state, servicer
}

func (k *kfState) conv(openKfID, user string) *kfConv {
	key := openKfID + "\x00" + user
	c, ok := k.convs[key]
	if !ok {
		c = &kfConv{state: 4}
		k.convs[key] = c
	}
	return c
}

func (k *kfState) nextMsgID() string {
	k.seq++
	return fmt.Sprintf("FAKEMSG%06d", k.seq)
}

func (k *kfState) newCode(life time.Duration) string {
	k.seq++
	code := fmt.Sprintf("code%d", k.seq)
	k.codes[code] = &kfCode{issued: k.clock.Now(), life: life}
	return code
}

// append logs a message sent now (or at an earlier time with KFAt).
func (k *kfState) append(at time.Time, m map[string]any) string {
	id := k.nextMsgID()
	m["msgid"] = id
	m["send_time"] = at.Unix()
	k.log = append(k.log, kfEntry{at: at, msg: m})
	return id
}

// KFCustomerSays logs a customer's text message and returns its msgid. A
// customer's message opens a new window of 5 messages and 48 hours, and
// reopens an ended conversation as untreated.
func (f *FakeAPI) KFCustomerSays(openKfID, user, text string) string {
	return f.KFCustomerSaysAt(f.kf.clock.Now(), openKfID, user, text)
}

// KFCustomerSaysAt is KFCustomerSays for a message written at t.
func (f *FakeAPI) KFCustomerSaysAt(t time.Time, openKfID, user, text string) string {
	return f.kfCustomer(t, openKfID, user, map[string]any{"msgtype": "text", "text": map[string]any{"content": text}})
}

// KFCustomerClicks logs the text a click on a menu item sends.
func (f *FakeAPI) KFCustomerClicks(openKfID, user, menuID, content string) string {
	return f.kfCustomer(f.kf.clock.Now(), openKfID, user, map[string]any{"msgtype": "text", "text": map[string]any{"content": content, "menu_id": menuID}})
}

// KFCustomerSends logs a customer's message of another type (image, voice…).
func (f *FakeAPI) KFCustomerSends(openKfID, user, msgType string) string {
	return f.kfCustomer(f.kf.clock.Now(), openKfID, user, map[string]any{"msgtype": msgType, msgType: map[string]any{"media_id": "m1"}})
}

func (f *FakeAPI) kfCustomer(t time.Time, openKfID, user string, m map[string]any) string {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	c := f.kf.conv(openKfID, user)
	if c.state == 4 {
		c.state, c.servicer = 0, ""
	}
	if !t.Before(c.last) {
		c.last, c.sent = t, 0
	}
	c.spoken = true
	m["open_kfid"], m["external_userid"], m["origin"] = openKfID, user, 3
	return f.kf.append(t, m)
}

// KFServicerWrites logs what a servicer wrote in the conversation.
func (f *FakeAPI) KFServicerWrites(openKfID, user, servicer, text string) string {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	return f.kf.append(f.kf.clock.Now(), map[string]any{"open_kfid": openKfID, "external_userid": user, "origin": 5,
		"servicer_userid": servicer, "msgtype": "text", "text": map[string]any{"content": text}})
}

func (k *kfState) event(ev map[string]any) string {
	return k.append(k.clock.Now(), map[string]any{"origin": 4, "msgtype": "event", "event": ev})
}

// KFEnterSession logs enter_session; with a welcome code (20 s, once)
// when withCode. It returns the code.
func (f *FakeAPI) KFEnterSession(openKfID, user, scene string, withCode bool) string {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	ev := map[string]any{"event_type": "enter_session", "open_kfid": openKfID, "external_userid": user, "scene": scene}
	code := ""
	if withCode {
		code = f.kf.newCode(20 * time.Second)
		ev["welcome_code"] = code
	}
	f.kf.event(ev)
	return code
}

// KFServicerTakes moves a queued conversation to servicer, logging
// session_status_change (change_type 1).
func (f *FakeAPI) KFServicerTakes(openKfID, user, servicer string) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	c := f.kf.conv(openKfID, user)
	c.state, c.servicer = 3, servicer
	f.kf.event(map[string]any{"event_type": "session_status_change", "open_kfid": openKfID, "external_userid": user,
		"change_type": 1, "new_servicer_userid": servicer, "msg_code": f.kf.newCode(48 * time.Hour)})
}

// KFServicerEnds ends the conversation as its servicer would, logging
// session_status_change (change_type 3) with an end code (20 s, once).
func (f *FakeAPI) KFServicerEnds(openKfID, user string) string {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	c := f.kf.conv(openKfID, user)
	old := c.servicer
	c.state, c.servicer = 4, ""
	code := f.kf.newCode(20 * time.Second)
	f.kf.event(map[string]any{"event_type": "session_status_change", "open_kfid": openKfID, "external_userid": user,
		"change_type": 3, "old_servicer_userid": old, "msg_code": code})
	return code
}

// KFSendFailed logs msg_send_fail for a message the bot sent.
func (f *FakeAPI) KFSendFailed(openKfID, user, failMsgID string, failType int) {
	f.kf.mu.Lock()
	defer f.kf.mu.Unlock()
	f.kf.event(map[string]any{"event_type": "msg_send_fail", "open_kfid": openKfID, "external_userid": user,
		"fail_msgid": failMsgID, "fail_type": failType})
}

func kfError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, map[string]any{"errcode": code, "errmsg": msg})
}

var msgIDPattern = regexp.MustCompile(`^[0-9a-zA-Z_-]{1,32}$`)

func (f *FakeAPI) serveKF(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		kfError(w, 43002, "require POST method")
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		kfError(w, 47001, "data format error")
		return
	}
	str := func(k string) string { s, _ := body[k].(string); return s }
	k := &f.kf
	if strings.HasSuffix(r.URL.Path, "/account/list") {
		k.mu.Lock()
		gate := k.listGate
		k.mu.Unlock()
		if gate != nil {
			<-gate
		}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.clock.Now()
	switch strings.TrimPrefix(r.URL.Path, "/cgi-bin/kf/") {
	case "account/list":
		var list []map[string]any
		for _, id := range k.accounts {
			list = append(list, map[string]any{"open_kfid": id, "name": "客服" + id, "manage_privilege": true})
		}
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "account_list": list})
	case "sync_msg":
		k.sync(w, now, str("cursor"), str("token"), str("open_kfid"), body["limit"])
	case "send_msg":
		k.send(w, now, body)
	case "send_msg_on_event":
		k.sendOnEvent(w, now, body)
	case "service_state/get":
		c := k.conv(str("open_kfid"), str("external_userid"))
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "service_state": c.state, "servicer_userid": c.servicer})
	case "service_state/trans":
		state, _ := body["service_state"].(float64)
		k.trans(w, str("open_kfid"), str("external_userid"), int(state), str("servicer_userid"))
	default:
		http.NotFound(w, r)
	}
	if s, ok := k.pendingSent(); ok {
		f.sent <- s
	}
}

func (k *kfState) sync(w http.ResponseWriter, now time.Time, cursor, token, openKfID string, limitV any) {
	k.syncCalls++
	if k.rateLimit > 0 {
		k.rateLimit--
		kfError(w, CodeRateLimited, "api freq out of limit")
		return
	}
	if token != "" {
		issued, ok := k.tokens[token]
		if !ok || now.Sub(issued) > 10*time.Minute {
			kfError(w, CodeBadSyncToken, "invalid msg token")
			return
		}
	} else {
		recent := k.untokened[:0]
		for _, t := range k.untokened {
			if now.Sub(t) < time.Minute {
				recent = append(recent, t)
			}
		}
		k.untokened = append(recent, now)
		if len(k.untokened) > 10 {
			kfError(w, CodeRateLimited, "api freq out of limit")
			return
		}
	}
	limit := 1000
	if l, ok := limitV.(float64); ok && l > 0 && l < 1000 {
		limit = int(l)
	}
	pos, afterEmpty := 0, false
	if cursor != "" {
		c := strings.TrimPrefix(cursor, "n")
		if strings.HasSuffix(c, "e") {
			c, afterEmpty = strings.TrimSuffix(c, "e"), true
		}
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > len(k.log) {
			kfError(w, 40058, "invalid cursor")
			return
		}
		pos = n
	}
	if k.emptyPages && !afterEmpty && pos < len(k.log) {
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "next_cursor": fmt.Sprintf("n%de", pos), "has_more": 1, "msg_list": []any{}})
		return
	}
	var list []map[string]any
	for pos < len(k.log) && len(list) < limit {
		e := k.log[pos]
		pos++
		if now.Sub(e.at) > 72*time.Hour {
			continue // past the 3 days of history
		}
		if id, _ := e.msg["open_kfid"].(string); id != "" && openKfID != "" && id != openKfID {
			continue
		}
		if ev, ok := e.msg["event"].(map[string]any); ok && openKfID != "" {
			if id, _ := ev["open_kfid"].(string); id != openKfID {
				continue
			}
		}
		list = append(list, e.msg)
	}
	more := 0
	if pos < len(k.log) {
		more = 1
	}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "next_cursor": fmt.Sprintf("n%d", pos), "has_more": more, "msg_list": list})
}

// pendingSent hands over the message a handler accepted, to be queued
// on FakeAPI's channel once the lock is released.
func (k *kfState) pendingSent() (Sent, bool) {
	s, ok := k.accepted, k.hasAccepted
	k.accepted, k.hasAccepted = Sent{}, false
	return s, ok
}

func (k *kfState) send(w http.ResponseWriter, now time.Time, body map[string]any) {
	kfid, _ := body["open_kfid"].(string)
	user, _ := body["touser"].(string)
	msgID, _ := body["msgid"].(string)
	if !contains(k.accounts, kfid) {
		kfError(w, 95000, "invalid open_kfid")
		return
	}
	if k.busySends > 0 {
		k.busySends--
		kfError(w, -1, "system busy")
		return
	}
	c := k.conv(kfid, user)
	switch {
	case !c.spoken:
		kfError(w, CodeWindowClosed, "the customer never wrote")
		return
	case c.state != 0 && c.state != 1:
		kfError(w, CodeWrongState, "send msg session status invalid")
		return
	case now.Sub(c.last) > 48*time.Hour:
		kfError(w, CodeWindowClosed, "over 48 hours since the customer's last message")
		return
	case c.sent >= 5:
		kfError(w, CodeQuota, "out of the 5 message limit")
		return
	}
	if msgID != "" {
		if !msgIDPattern.MatchString(msgID) {
			kfError(w, 40058, "invalid msgid")
			return
		}
		if k.msgIDs[kfid+"\x00"+msgID] {
			kfError(w, CodeDuplicateMsgID, "invalid msgid: duplicated")
			return
		}
	}
	s, ok := readContent(w, body)
	if !ok {
		return
	}
	if msgID == "" {
		msgID = k.nextMsgID()
	}
	k.msgIDs[kfid+"\x00"+msgID] = true
	c.sent++
	s.API, s.User, s.KF, s.MsgID = "kf", user, kfid, msgID
	k.accepted, k.hasAccepted = s, true
	if k.lostSends > 0 {
		k.lostSends--
		kfError(w, -1, "system busy")
		return
	}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": msgID})
}

// readContent checks a text or msgmenu body against WeCom's limits.
func readContent(w http.ResponseWriter, body map[string]any) (Sent, bool) {
	var s Sent
	switch body["msgtype"] {
	case "text":
		t, _ := body["text"].(map[string]any)
		s.Text, _ = t["content"].(string)
		if s.Text == "" || len(s.Text) > 2048 {
			kfError(w, 40058, "text content empty or over 2048 bytes")
			return s, false
		}
	case "msgmenu":
		m, _ := body["msgmenu"].(map[string]any)
		s.Text, _ = m["head_content"].(string)
		list, _ := m["list"].([]any)
		if len(list) > 10 || len(s.Text) > 1024 {
			kfError(w, 95008, "too many menu items")
			return s, false
		}
		var ids []string
		for _, it := range list {
			item, _ := it.(map[string]any)
			click, _ := item["click"].(map[string]any)
			id, _ := click["id"].(string)
			content, _ := click["content"].(string)
			if item["type"] != "click" || id == "" || len(id) > 64 || content == "" || len(content) > 128 {
				kfError(w, 95009, "invalid menu item")
				return s, false
			}
			ids = append(ids, id)
		}
		s.Menu = strings.Join(ids, ",")
	default:
		kfError(w, 40008, "invalid message type")
		return s, false
	}
	return s, true
}

func (k *kfState) sendOnEvent(w http.ResponseWriter, now time.Time, body map[string]any) {
	code, _ := body["code"].(string)
	c, ok := k.codes[code]
	if !ok || c.used || now.Sub(c.issued) > c.life {
		kfError(w, CodeBadEventCode, "invalid code: used, expired or unknown")
		return
	}
	s, ok := readContent(w, body)
	if !ok {
		return
	}
	c.used = true
	s.API, s.Code = "kf_event", code
	s.MsgID, _ = body["msgid"].(string)
	k.accepted, k.hasAccepted = s, true
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": s.MsgID})
}

func (k *kfState) trans(w http.ResponseWriter, kfid, user string, to int, servicer string) {
	c := k.conv(kfid, user)
	from := c.state
	allowed := map[int][]int{0: {1, 2, 3}, 1: {2, 3, 4}, 2: {3, 4}, 3: {3, 4}}[from]
	if !containsInt(allowed, to) {
		kfError(w, CodeBadTransition, "invalid service state change")
		return
	}
	if to == 3 && !k.onDuty[servicer] {
		kfError(w, CodeNotOnDuty, "the servicer is not receiving")
		return
	}
	c.state = to
	code := ""
	switch {
	case to == 2 || (to == 3 && from != 3):
		c.servicer = servicer
		code = k.newCode(48 * time.Hour)
	case to == 4:
		c.servicer = ""
		code = k.newCode(20 * time.Second)
	}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msg_code": code})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}
