//go:build !linux

package ingest

import (
	"errors"
	"os"
)

// mapRegion maps nothing here (MAP_POPULATE, which brings a window's pages in at once, is
// Linux's): files are read.
func mapRegion(*os.File, int64, int64) ([]byte, error) { return nil, errors.New("no memory maps here") }

func unmapRegion([]byte) {}
