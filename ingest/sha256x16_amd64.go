package ingest

import "golang.org/x/sys/cpu"

// sha256x16 runs SHA-256's compression function over blocks 64-byte blocks of each of
// sixteen streams at once (sha256x16_amd64.s): stream l's chaining value is column l of
// state, its next block at streams[l], and every stream moves on by blocks*64 bytes.
//
//go:noescape
func sha256x16(state *[8][16]uint32, streams *[16]*byte, blocks int)

// laneHashing tells whether this machine hashes sixteen files at once: with AVX-512 the
// sixteen streams take 3.9-4.1 GB/s together on the bench machine, one stream 1.15-1.2 GB/s
// with the SHA instructions over the same 16 MB (BenchmarkSHA256).
var laneHashing = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL
