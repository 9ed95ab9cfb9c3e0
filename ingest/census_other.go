//go:build !amd64

package ingest

// censusVector tells whether this machine classifies a census's bytes 64 at a time: not
// without vector instructions, where the byte-at-a-time census is faster.
var censusVector = false

func censusMasks(src []byte, dst []uint64) { censusMasksGo(src, dst) }
