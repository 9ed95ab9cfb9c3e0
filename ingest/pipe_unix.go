//go:build unix

package ingest

import "syscall"

const syscallNonblock = syscall.O_NONBLOCK

// makePipe makes a named pipe in dir; where that fails it falls back to a temporary file
// (usePipe false).
func makePipe(dir string) (path string, usePipe bool, err error) {
	path = tempName(dir)
	if err := syscall.Mkfifo(path, 0o600); err == nil {
		return path, true, nil
	}
	return makeTemp(path)
}
