//go:build !amd64

package ingest

func sha256x16(state *[8][16]uint32, streams *[16]*byte, blocks int) {
	panic("sha256x16 without AVX-512")
}

const laneHashing = false
