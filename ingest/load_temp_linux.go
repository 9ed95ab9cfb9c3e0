package ingest

import "syscall"

// processAlive tells whether a process with this id runs (or may: one that is not ours).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
