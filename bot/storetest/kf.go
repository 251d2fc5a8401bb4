package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// KFHarness builds the bot.KFStore implementations under test.
type KFHarness struct {
	// New returns an empty store that reads the time from now. It must
	// release what it made with t.Cleanup.
	New func(t *testing.T, now func() time.Time) bot.KFStore
	// RealTime is true when the store expires entries by a clock the test
	// cannot move (a server's): the suite then sleeps through lock TTLs.
	RealTime bool
}

// RunKF runs the conformance suite of bot.KFStore against the stores h
// builds.
func RunKF(t *testing.T, h KFHarness) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *kfFixture)
	}{
		{"CursorNeedsTheLock", testKFCursor},
		{"LockIsExclusiveAndReleasedOnlyByItsOwner", testKFLockExclusive},
		{"LockExpiresAndItsOwnerLosesIt", testKFLockExpires},
		{"RenewKeepsTheLock", testKFLockRenew},
		{"ConcurrentLockHasOneWinner", testKFLockConcurrent},
		{"PendingMarkIsTakenOnce", testKFPending},
		{"ClaimLifecycle", testKFClaim},
		{"ConcurrentClaimHasOneWinner", testKFClaimConcurrent},
		{"FinishedClaimIsForgottenAfterKeep", testKFClaimKeep},
		{"SendWindowAllowsLimitMessages", testKFQuota},
		{"OnlyAnOlderCustomerMessageLeavesTheWindowClosed", testKFQuotaOrder},
		{"ConcurrentSendsNeverExceedTheLimit", testKFQuotaConcurrent},
		{"FallbacksInARow", testKFFallbacks},
		{"AccountsAndConversationsAreSeparate", testKFScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &kfFixture{t: t, h: h, clock: &clock{now: start}}
			f.s = h.New(t, f.clock.Now)
			tt.run(t, f)
		})
	}
}

type kfFixture struct {
	t     *testing.T
	h     KFHarness
	clock *clock
	s     bot.KFStore
}

func (f *kfFixture) wait(d time.Duration) {
	f.clock.Advance(d)
	if f.h.RealTime {
		time.Sleep(d)
	}
}

var bg = context.Background()

// must returns what a store call returned, failing t on its error:
// must[bool](t)(s.LockKF(...)).
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testKFCursor(t *testing.T, f *kfFixture) {
	if c := must[string](t)(f.s.KFCursor(bg, "wk1")); c != "" {
		t.Fatalf("cursor of a new account = %q, want empty", c)
	}
	if err := f.s.SaveKFCursor(bg, "wk1", "a", "c1"); !errors.Is(err, bot.ErrNotLockOwner) {
		t.Fatalf("SaveKFCursor without the lock = %v, want ErrNotLockOwner", err)
	}
	if !must[bool](t)(f.s.LockKF(bg, "wk1", "a", time.Minute)) {
		t.Fatal("LockKF of a free account failed")
	}
	if err := f.s.SaveKFCursor(bg, "wk1", "b", "c9"); !errors.Is(err, bot.ErrNotLockOwner) {
		t.Fatalf("SaveKFCursor by another owner = %v, want ErrNotLockOwner", err)
	}
	if err := f.s.SaveKFCursor(bg, "wk1", "a", "c2"); err != nil {
		t.Fatal(err)
	}
	if c := must[string](t)(f.s.KFCursor(bg, "wk1")); c != "c2" {
		t.Fatalf("cursor = %q, want c2", c)
	}
	if err := f.s.UnlockKF(bg, "wk1", "a"); err != nil {
		t.Fatal(err)
	}
	if c := must[string](t)(f.s.KFCursor(bg, "wk1")); c != "c2" {
		t.Fatalf("cursor after unlock = %q, want it kept", c)
	}
}

func testKFLockExclusive(t *testing.T, f *kfFixture) {
	if !must[bool](t)(f.s.LockKF(bg, "wk1", "a", time.Minute)) {
		t.Fatal("first lock failed")
	}
	if must[bool](t)(f.s.LockKF(bg, "wk1", "b", time.Minute)) {
		t.Fatal("a second owner took a held lock")
	}
	if err := f.s.UnlockKF(bg, "wk1", "b"); err != nil {
		t.Fatal(err)
	}
	if must[bool](t)(f.s.LockKF(bg, "wk1", "b", time.Minute)) {
		t.Fatal("another owner's unlock released the lock")
	}
	if err := f.s.UnlockKF(bg, "wk1", "a"); err != nil {
		t.Fatal(err)
	}
	if !must[bool](t)(f.s.LockKF(bg, "wk1", "b", time.Minute)) {
		t.Fatal("the lock was not free after its owner released it")
	}
}

func testKFLockExpires(t *testing.T, f *kfFixture) {
	must[bool](t)(f.s.LockKF(bg, "wk1", "a", ttl))
	f.wait(ttl + 100*time.Millisecond)
	if !must[bool](t)(f.s.LockKF(bg, "wk1", "b", time.Minute)) {
		t.Fatal("an expired lock could not be taken")
	}
	if must[bool](t)(f.s.RenewKFLock(bg, "wk1", "a", time.Minute)) {
		t.Fatal("the former owner renewed a lock it lost")
	}
	if err := f.s.SaveKFCursor(bg, "wk1", "a", "old"); !errors.Is(err, bot.ErrNotLockOwner) {
		t.Fatalf("the former owner saved a cursor: %v", err)
	}
	if err := f.s.UnlockKF(bg, "wk1", "a"); err != nil {
		t.Fatal(err)
	}
	if must[bool](t)(f.s.LockKF(bg, "wk1", "c", time.Minute)) {
		t.Fatal("the former owner's unlock released the new owner's lock")
	}
}

func testKFLockRenew(t *testing.T, f *kfFixture) {
	must[bool](t)(f.s.LockKF(bg, "wk1", "a", ttl))
	f.wait(ttl / 2)
	if !must[bool](t)(f.s.RenewKFLock(bg, "wk1", "a", 2*ttl)) {
		t.Fatal("the owner could not renew its lock")
	}
	f.wait(ttl)
	if must[bool](t)(f.s.LockKF(bg, "wk1", "b", time.Minute)) {
		t.Fatal("a renewed lock expired at its first deadline")
	}
}

func testKFLockConcurrent(t *testing.T, f *kfFixture) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := f.s.LockKF(bg, "wk1", fmt.Sprint("owner", i), time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d owners took the lock, want 1", won)
	}
}

func testKFPending(t *testing.T, f *kfFixture) {
	if _, ok := must2(t)(f.s.TakeKFPending(bg, "wk1")); ok {
		t.Fatal("a mark that was never set was taken")
	}
	if err := f.s.MarkKFPending(bg, "wk1", "tok1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := f.s.MarkKFPending(bg, "wk1", "tok2", time.Minute); err != nil {
		t.Fatal(err)
	}
	if tok, ok := must2(t)(f.s.TakeKFPending(bg, "wk1")); !ok || tok != "tok2" {
		t.Fatalf("TakeKFPending = %q, %v; want the latest token", tok, ok)
	}
	if _, ok := must2(t)(f.s.TakeKFPending(bg, "wk1")); ok {
		t.Fatal("a mark was taken twice")
	}
	if err := f.s.MarkKFPending(bg, "wk1", "", time.Minute); err != nil {
		t.Fatal(err)
	}
	if tok, ok := must2(t)(f.s.TakeKFPending(bg, "wk1")); !ok || tok != "" {
		t.Fatalf("mark without token: TakeKFPending = %q, %v", tok, ok)
	}
}

func must2(t *testing.T) func(string, bool, error) (string, bool) {
	return func(s string, ok bool, err error) (string, bool) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s, ok
	}
}

const keep = 96 * time.Hour

func testKFClaim(t *testing.T, f *kfFixture) {
	now := f.clock.Now()
	claim := func(at time.Time) bot.KFClaim {
		t.Helper()
		return must[bot.KFClaim](t)(f.s.ClaimKFMessage(bg, "msg1", at, time.Minute, keep))
	}
	if c := claim(now); c != bot.KFClaimed {
		t.Fatalf("first claim = %v", c)
	}
	if c := claim(now.Add(30 * time.Second)); c != bot.KFBusy {
		t.Fatalf("claim within the lease = %v, want busy", c)
	}
	if c := claim(now.Add(2 * time.Minute)); c != bot.KFResumed {
		t.Fatalf("claim after the lease = %v, want resumed", c)
	}
	if c := claim(now.Add(2*time.Minute + time.Second)); c != bot.KFBusy {
		t.Fatalf("claim within the resumed lease = %v, want busy", c)
	}
	if err := f.s.FinishKFMessage(bg, "msg1", keep); err != nil {
		t.Fatal(err)
	}
	if c := claim(now.Add(time.Hour)); c != bot.KFDone {
		t.Fatalf("claim after finish = %v, want done", c)
	}
	if c := must[bot.KFClaim](t)(f.s.ClaimKFMessage(bg, "msg2", now, time.Minute, keep)); c != bot.KFClaimed {
		t.Fatalf("another message's claim = %v", c)
	}
}

func testKFClaimConcurrent(t *testing.T, f *kfFixture) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[bot.KFClaim]int{}
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.s.ClaimKFMessage(bg, "msg1", f.clock.Now(), time.Minute, keep)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			got[c]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if got[bot.KFClaimed] != 1 || got[bot.KFBusy] != 15 {
		t.Fatalf("claims %v, want one claimed and 15 busy", got)
	}
}

func testKFClaimKeep(t *testing.T, f *kfFixture) {
	must[bot.KFClaim](t)(f.s.ClaimKFMessage(bg, "msg1", f.clock.Now(), time.Minute, keep))
	if err := f.s.FinishKFMessage(bg, "msg1", ttl); err != nil {
		t.Fatal(err)
	}
	f.wait(ttl + 100*time.Millisecond)
	if c := must[bot.KFClaim](t)(f.s.ClaimKFMessage(bg, "msg1", f.clock.Now(), time.Minute, keep)); c != bot.KFClaimed {
		t.Fatalf("claim after keep = %v, want claimed", c)
	}
}

func testKFQuota(t *testing.T, f *kfFixture) {
	now := f.clock.Now()
	take := func(at time.Time) bool {
		t.Helper()
		return must[bool](t)(f.s.TakeKFSend(bg, "wk1:u1", at, 5))
	}
	if take(now) {
		t.Fatal("a send was allowed before any customer message")
	}
	if err := f.s.NoteKFCustomerMessage(bg, "wk1:u1", now, 48*time.Hour); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if !take(now.Add(time.Duration(i) * time.Minute)) {
			t.Fatalf("send %d refused", i+1)
		}
	}
	if take(now.Add(time.Hour)) {
		t.Fatal("a sixth send was allowed")
	}
	later := now.Add(time.Hour)
	if err := f.s.NoteKFCustomerMessage(bg, "wk1:u1", later, 48*time.Hour); err != nil {
		t.Fatal(err)
	}
	if !take(later) {
		t.Fatal("a new customer message did not open a new window")
	}
	if take(later.Add(48 * time.Hour)) {
		t.Fatal("a send was allowed after the 48-hour window")
	}
}

func testKFQuotaOrder(t *testing.T, f *kfFixture) {
	now := f.clock.Now()
	noErr(t, f.s.NoteKFCustomerMessage(bg, "wk1:u1", now, 48*time.Hour))
	for range 5 {
		must[bool](t)(f.s.TakeKFSend(bg, "wk1:u1", now, 5))
	}
	// A replayed, older message must not hand out five more sends.
	noErr(t, f.s.NoteKFCustomerMessage(bg, "wk1:u1", now.Add(-time.Minute), 48*time.Hour))
	if must[bool](t)(f.s.TakeKFSend(bg, "wk1:u1", now, 5)) {
		t.Fatal("an older customer message reopened the window")
	}
	// Two messages in one second (WeCom's unit) are two windows.
	noErr(t, f.s.NoteKFCustomerMessage(bg, "wk1:u1", now, 48*time.Hour))
	if !must[bool](t)(f.s.TakeKFSend(bg, "wk1:u1", now, 5)) {
		t.Fatal("a second customer message in the same second did not reopen the window")
	}
}

func testKFQuotaConcurrent(t *testing.T, f *kfFixture) {
	now := f.clock.Now()
	noErr(t, f.s.NoteKFCustomerMessage(bg, "wk1:u1", now, 48*time.Hour))
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := f.s.TakeKFSend(bg, "wk1:u1", now, 5)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 5 {
		t.Fatalf("%d concurrent sends allowed, want 5", allowed)
	}
}

func testKFFallbacks(t *testing.T, f *kfFixture) {
	count := func(fallback bool) int {
		t.Helper()
		return must[int](t)(f.s.CountKFFallback(bg, "wk1:u1", fallback, time.Hour))
	}
	if n := count(true); n != 1 {
		t.Fatalf("first fallback counted %d", n)
	}
	if n := count(true); n != 2 {
		t.Fatalf("second fallback counted %d", n)
	}
	if n := count(false); n != 0 {
		t.Fatalf("reset returned %d", n)
	}
	if n := count(true); n != 1 {
		t.Fatalf("fallback after a reset counted %d", n)
	}
	if n := must[int](t)(f.s.CountKFFallback(bg, "wk1:u2", true, time.Hour)); n != 1 {
		t.Fatalf("another customer's first fallback counted %d", n)
	}
}

func testKFScope(t *testing.T, f *kfFixture) {
	must[bool](t)(f.s.LockKF(bg, "wk1", "a", time.Minute))
	if !must[bool](t)(f.s.LockKF(bg, "wk2", "b", time.Minute)) {
		t.Fatal("one account's lock blocked another account")
	}
	if err := f.s.SaveKFCursor(bg, "wk2", "b", "x"); err != nil {
		t.Fatal(err)
	}
	if c := must[string](t)(f.s.KFCursor(bg, "wk1")); c != "" {
		t.Fatalf("wk1's cursor = %q after saving wk2's", c)
	}
	noErr(t, f.s.MarkKFPending(bg, "wk1", "t", time.Minute))
	if _, ok := must2(t)(f.s.TakeKFPending(bg, "wk2")); ok {
		t.Fatal("wk1's pending mark was taken for wk2")
	}
	now := f.clock.Now()
	noErr(t, f.s.NoteKFCustomerMessage(bg, "wk1:u1", now, 48*time.Hour))
	if must[bool](t)(f.s.TakeKFSend(bg, "wk1:u2", now, 5)) {
		t.Fatal("one customer's window allowed a send to another")
	}
}
