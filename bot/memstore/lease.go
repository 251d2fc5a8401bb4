package memstore

import (
	"time"

	"github.com/kzrh/faqbot/bot"
)

// mark is a message's de-duplication mark: a lease while the message is
// being answered, then the reply.
type mark struct {
	reply *bot.Reply // nil while pending
	until time.Time  // end of the lease while pending
}

// claim takes the lease on msgID for c, or reports who holds it: a stored
// reply (a duplicate with Reply), a live lease (a duplicate in flight) or
// an expired lease without a reply, which this call takes over.
// The caller holds s.mu.
func (s *Store) claim(c *bot.Claim, msgID string, now time.Time) {
	if m, ok := s.marks.get(msgID, now); ok {
		switch {
		case m.reply != nil:
			c.Duplicate, c.Reply = true, cloneReply(m.reply)
			return
		case now.Before(m.until):
			c.Duplicate = true
			return
		}
		c.Reclaimed = true
	}
	s.marks.put(msgID, mark{until: now.Add(s.lease)}, now)
}
