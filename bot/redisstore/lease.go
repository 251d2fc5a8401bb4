package redisstore

import (
	"context"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// A message's mark, <prefix>msg:<msgID>, is "pending:<claim>:<until>"
// while the message is being answered, then the reply's JSON; the key
// lives DedupTTL either way. <until> is the end of the lease in
// milliseconds of Redis's own clock, so that replicas whose clocks differ
// agree on when a lease is over.
//
// The claim is this Begin's own: if go-redis retries the script after a
// lost reply, the script finds its own lease and the message stays ours
// rather than becoming a duplicate that nobody would answer.
const pending = "pending:"

// Results of claimScript.
const (
	claimed   = "claimed"   // the lease is ours
	reclaimed = "reclaimed" // ours, taken over from an expired lease
	inFlight  = "in_flight" // another delivery holds a live lease
	replied   = "replied"   // the reply is stored: the second element
)

// claimScript takes the lease on a message, or reports who has it. It is
// a script because "take it unless someone holds a live lease" reads the
// lease's end before writing, and two replicas racing on an expired lease
// must not both take it. A mark without an end (written by an older
// release as "pending:<claim>") counts as expired.
//
// KEYS: the mark. ARGV: claim, lease ms, DedupTTL ms.
var claimScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = redis.call('GET', KEYS[1])
local result = 'claimed'
if v then
  if string.sub(v, 1, 8) ~= 'pending:' then
    return {'replied', v}
  end
  local claim, ends = string.match(v, '^pending:([^:]*):(%d+)$')
  if claim == ARGV[1] then
    return {'claimed', ''}
  end
  if ends and tonumber(ends) > now then
    return {'in_flight', ''}
  end
  result = 'reclaimed'
end
redis.call('SET', KEYS[1], 'pending:' .. ARGV[1] .. ':' .. string.format('%d', now + tonumber(ARGV[2])), 'PX', ARGV[3])
return {result, ''}
`)

func (s *Store) claimArgs(claim string) []any {
	return []any{claim, s.opts.Lease.Milliseconds(), s.opts.DedupTTL.Milliseconds()}
}

// claimResult reads claimScript's reply.
func claimResult(cmd *redis.Cmd) (result, mark string, err error) {
	v, err := cmd.Slice()
	if err != nil {
		return "", "", err
	}
	if len(v) != 2 {
		return "", "", errUnexpected(v)
	}
	result, _ = v[0].(string)
	mark, _ = v[1].(string)
	return result, mark, nil
}

type errUnexpected []any

func (e errUnexpected) Error() string {
	return "unexpected reply to the claim script: " + strconv.Itoa(len(e)) + " elements"
}

// claimAgain sends claimScript in full, for a server that did not know its
// hash (first use, restart, failover).
func (s *Store) claimAgain(ctx context.Context, msgID, claim string) *redis.Cmd {
	return claimScript.Eval(ctx, s.client, []string{s.keys.message(msgID)}, s.claimArgs(claim)...)
}
