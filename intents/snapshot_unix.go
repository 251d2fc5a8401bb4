//go:build unix

package intents

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedBySelf reports whether fi belongs to this process's user or to
// root: another user could write snapshots into it.
func ownedBySelf(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	return int(st.Uid) == os.Geteuid() || st.Uid == 0
}
