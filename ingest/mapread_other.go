//go:build !unix

package ingest

import (
	"errors"
	"os"
)

// mapRegion maps nothing here: files are read.
func mapRegion(*os.File, int64, int64) ([]byte, error) { return nil, errors.New("no memory maps here") }

func unmapRegion([]byte) {}
