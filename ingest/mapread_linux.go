//go:build linux

package ingest

import (
	"errors"
	"os"
	"syscall"
)

// mapRegion maps n bytes of f from off (a multiple of mapWindow) to be read, its pages
// brought in at once.
func mapRegion(f *os.File, off, n int64) ([]byte, error) {
	if n <= 0 || n != int64(int(n)) {
		return nil, errors.New("no region to map")
	}
	return syscall.Mmap(int(f.Fd()), off, int(n), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
}

func unmapRegion(b []byte) { syscall.Munmap(b) }
