package ingest

import "golang.org/x/sys/cpu"

// censusMasksAVX2 is censusMasksGo in AVX2 instructions (census_amd64.s).
//
//go:noescape
func censusMasksAVX2(src *byte, blocks int, dst *uint64)

// censusVector tells whether this machine classifies a census's bytes 64 at a time.
var censusVector = cpu.X86.HasAVX2

// censusAsm tells whether the 64-byte census classifies its bytes in assembly.
var censusAsm = censusVector && on("censusasm")

// censusMasks writes the masks of src's whole 64-byte blocks to dst (censusMaskWords a block).
func censusMasks(src []byte, dst []uint64) {
	if !censusAsm {
		censusMasksGo(src, dst)
		return
	}
	if n := len(src) / 64; n > 0 {
		_ = dst[n*censusMaskWords-1]
		censusMasksAVX2(&src[0], n, &dst[0])
	}
}
