package bot

import (
	"context"
	"errors"
	"time"
)

// KFStore keeps what the WeCom Customer Service channel (bot/kf) shares
// between replicas: per customer-service account (open_kfid) the sync_msg
// cursor, the lock that lets one replica pull at a time and the mark that a
// callback came while another held it; per customer message its claim; per
// conversation (account and customer) the messages the bot may still send
// and the fallbacks in a row.
//
// Implementations must be safe for concurrent use and atomic across the
// replicas that share them; bot/storetest's RunKF is their conformance
// suite.
type KFStore interface {
	// KFCursor returns the saved cursor of the account, "" when none.
	KFCursor(ctx context.Context, openKfID string) (string, error)
	// SaveKFCursor saves the cursor if owner holds the account's lock, and
	// returns ErrNotLockOwner otherwise: a replica that lost its lock must
	// not move the cursor of the one that holds it now.
	SaveKFCursor(ctx context.Context, openKfID, owner, cursor string) error

	// LockKF takes the account's lock for owner for ttl, reporting false
	// when another owner holds it.
	LockKF(ctx context.Context, openKfID, owner string, ttl time.Duration) (bool, error)
	// RenewKFLock extends owner's lock to ttl from now, reporting false
	// when owner no longer holds it.
	RenewKFLock(ctx context.Context, openKfID, owner string, ttl time.Duration) (bool, error)
	// UnlockKF releases the lock if owner holds it (compare and delete).
	UnlockKF(ctx context.Context, openKfID, owner string) error

	// MarkKFPending records that new messages wait for the account, with
	// the callback's sync token (which may be empty), for ttl.
	MarkKFPending(ctx context.Context, openKfID, token string, ttl time.Duration) error
	// TakeKFPending reads and clears the mark.
	TakeKFPending(ctx context.Context, openKfID string) (token string, ok bool, err error)

	// ClaimKFMessage claims a customer message for answering until
	// now+lease; the message's record lasts keep. See KFClaim.
	ClaimKFMessage(ctx context.Context, msgID string, now time.Time, lease, keep time.Duration) (KFClaim, error)
	// FinishKFMessage records that the message was answered; the record
	// lasts keep.
	FinishKFMessage(ctx context.Context, msgID string, keep time.Duration) error

	// NoteKFCustomerMessage opens a new send window for the conversation:
	// nothing sent yet, open until at+window. An at older than the
	// conversation's latest customer message changes nothing; an equal
	// one (WeCom's times are in seconds) opens a new window.
	NoteKFCustomerMessage(ctx context.Context, conv string, at time.Time, window time.Duration) error
	// TakeKFSend counts one message sent in the conversation's window and
	// reports true, unless the window is closed at now or limit messages
	// were sent in it.
	TakeKFSend(ctx context.Context, conv string, now time.Time, limit int) (bool, error)

	// CountKFFallback counts a fallback in a row (fallback true) and
	// returns the count, or resets it (fallback false) and returns 0. The
	// count lasts ttl after its last change.
	CountKFFallback(ctx context.Context, conv string, fallback bool, ttl time.Duration) (int, error)
}

// KFClaim is the outcome of KFStore.ClaimKFMessage.
type KFClaim int

const (
	// KFClaimed: the message was never claimed; answer it.
	KFClaimed KFClaim = iota
	// KFResumed: an earlier claim lapsed without the message being
	// finished (its replica died or gave up): answer it, knowing that
	// part of the answer may have gone out already.
	KFResumed
	// KFBusy: another claim is still running; leave the message to it.
	KFBusy
	// KFDone: the message was answered; never again.
	KFDone
)

func (c KFClaim) String() string {
	switch c {
	case KFClaimed:
		return "claimed"
	case KFResumed:
		return "resumed"
	case KFBusy:
		return "busy"
	case KFDone:
		return "done"
	}
	return "unknown"
}

// ErrNotLockOwner is returned by KFStore.SaveKFCursor when the caller no
// longer holds the account's lock.
var ErrNotLockOwner = errors.New("the customer-service account's lock is held by another owner")
