package ingest

import (
	"cmp"
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"os"
	"slices"
	"sync/atomic"
)

// Hashing the files of a batch sixteen at a time. Every file DuckDB reads is hashed for the
// manifest, and SHA-256 is a chain: one file's hash cannot go faster than one block after
// another (1.2-1.8 GB/s with the SHA instructions here: a CPU-second for the 1,559 MB bench
// batch, a tenth of the load). A batch has many files, though, and AVX-512 runs sixteen
// chains at once, one in each 32-bit element of its registers (sha256x16: 4 GB/s together).
// Each file in a lane moves on 16 KB at a time, which is then handed to its key census
// while still in the processor's cache (hashing and census over the bench's 42 files, one
// core: 1,336 MB/s in 16 KB steps against 1,305 in 64 KB ones); a file with less than that
// left leaves its lane to the next file and finishes its last bytes with the standard
// library, which takes the lane's chaining value as its own state.

const (
	laneChunk  = 16 << 10 // what each lane moves on by at a time: 256 KB for sixteen
	laneWindow = 4 << 20  // mapped of each file in a lane at a time: 64 MB for sixteen
	// laneMin is the fewest files worth a round of sixteen lanes: a round costs the same
	// however many lanes are busy, and fewer files than this go faster one at a time.
	laneMin = 6
)

// laneIdle is what an idle lane hashes (its chaining value is dropped).
var laneIdle [laneChunk]byte

// sha256IV is SHA-256's initial chaining value.
var sha256IV = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

// hashFiles hashes every file of paths, handing ws[i] the bytes of paths[i] in order as it
// goes (as hashFileInto does for one file), and calls done with each file's sum once all
// of it has been handed on. Files are hashed sixteen at a time where the machine can and
// there are enough of them, else one after another.
func hashFiles(paths []string, ws []io.Writer, progress *atomic.Int64, done func(i int, sum string)) (err error) {
	one := func(i int) error {
		sum, err := hashFileInto(paths[i], ws[i], progress)
		if err == nil {
			done(i, sum)
		}
		return err
	}
	if !laneHashing || !on("lanehash") || len(paths) < laneMin {
		for i := range paths {
			if err := one(i); err != nil {
				return err
			}
		}
		return nil
	}
	// The largest first, so that the lanes run out about together, with small files last.
	sizes := make([]int64, len(paths))
	for i, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			sizes[i] = fi.Size()
		}
	}
	order := make([]int, len(paths))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[b], sizes[a]) })

	var (
		lanes   [16]*laneFile
		state   [8][16]uint32
		streams [16]*byte
		chunks  [16][]byte // what each lane hashes this round
	)
	defer func() {
		for _, lf := range lanes {
			if lf != nil {
				lf.close()
			}
		}
	}()
	// A file that shrinks while mapped faults on the bytes it lost. Which of the sixteen
	// did is not known here: the batch's files are then loaded one by one, and the one
	// that changed is rejected on its own.
	defer rejectFaults(&err, "a file of the batch changed while it was read")()
	next := 0
	finish := func(l int) error {
		lf := lanes[l]
		lanes[l] = nil
		defer lf.close()
		var h [8]uint32
		for j := range h {
			h[j] = state[j][l]
		}
		sum, err := lf.finish(h, ws[lf.i], progress)
		if err == nil {
			done(lf.i, sum)
		}
		return err
	}
	for {
		active := 0
		for l := range lanes {
			for lanes[l] == nil && next < len(order) {
				i := order[next]
				next++
				lf, err := openLane(paths[i], i)
				if err != nil {
					return err
				}
				if lf == nil { // too small for a lane, or not mapped
					if err := one(i); err != nil {
						return err
					}
					continue
				}
				lanes[l] = lf
				for j, v := range sha256IV {
					state[j][l] = v
				}
			}
			if lanes[l] != nil {
				active++
			}
		}
		if active == 0 {
			return nil
		}
		if active < laneMin && next == len(order) { // the last few, one at a time
			for l := range lanes {
				if lanes[l] != nil {
					if err := finish(l); err != nil {
						return err
					}
				}
			}
			return nil
		}
		full := true
		for l, lf := range lanes {
			if lf == nil {
				streams[l] = &laneIdle[0]
				continue
			}
			chunk, err := lf.chunk()
			if err != nil {
				return err
			}
			if chunk == nil { // less than a chunk left: the lane goes to the next file
				if err := finish(l); err != nil {
					return err
				}
				full = false
				continue
			}
			chunks[l], streams[l] = chunk, &chunk[0]
		}
		if !full {
			continue
		}
		sha256x16(&state, &streams, laneChunk/64)
		for l, lf := range lanes {
			if lf == nil {
				continue
			}
			if _, err := ws[lf.i].Write(chunks[l]); err != nil {
				return err
			}
			lf.done += laneChunk
			progress.Add(laneChunk)
		}
	}
}

// laneFile is a file in a lane.
type laneFile struct {
	i      int // its place in the list
	f      *os.File
	size   int64
	done   int64  // bytes hashed and handed on, a multiple of laneChunk
	region []byte // the window mapped, from the file's byte from
	from   int64
}

// openLane opens path for a lane: nil (and no error) when it is too small for one or
// cannot be mapped, to be hashed on its own.
func openLane(path string, i int) (*laneFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < 4*laneChunk {
		f.Close()
		return nil, nil
	}
	lf := &laneFile{i: i, f: f, size: fi.Size()}
	if _, err := lf.chunk(); err != nil {
		lf.close()
		return nil, nil
	}
	return lf, nil
}

// chunk is the file's next laneChunk bytes (mapping its next window when it must), nil
// when it has fewer left.
func (lf *laneFile) chunk() ([]byte, error) {
	if lf.size-lf.done < laneChunk {
		return nil, nil
	}
	if lf.region == nil || lf.done+laneChunk > lf.from+int64(len(lf.region)) {
		lf.unmap()
		r, err := mapRegion(lf.f, lf.done, min(laneWindow, lf.size-lf.done))
		if err != nil {
			return nil, reject(0, "the file could not be read past %d MB: %v", lf.done>>20, err)
		}
		lf.region, lf.from = r, lf.done
	}
	return lf.region[lf.done-lf.from:][:laneChunk], nil
}

// finish hashes the rest of the file, from the chaining value h, handing it to w.
func (lf *laneFile) finish(h [8]uint32, w io.Writer, progress *atomic.Int64) (string, error) {
	lf.unmap()
	d, err := resumeSHA256(h, lf.done)
	if err != nil {
		return "", err
	}
	if err := hashRange(lf.f, lf.done, lf.size, io.MultiWriter(d, w), progress); err != nil {
		if errors.Is(err, errNotMapped) {
			err = reject(0, "the file could not be read past %d MB", lf.done>>20)
		}
		return "", err
	}
	return hex.EncodeToString(d.Sum(nil)), nil
}

func (lf *laneFile) unmap() {
	if lf.region != nil {
		unmapRegion(lf.region)
		lf.region = nil
	}
}

func (lf *laneFile) close() {
	lf.unmap()
	lf.f.Close()
}

// resumeSHA256 is a SHA-256 hash that has taken n bytes (a multiple of 64) and reached the
// chaining value h: the standard library's digest, given that state in its own encoding.
func resumeSHA256(h [8]uint32, n int64) (hash.Hash, error) {
	b := make([]byte, 0, 4+8*4+64+8)
	b = append(b, "sha\x03"...)
	for _, v := range h {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	b = append(b, make([]byte, 64)...)
	b = binary.BigEndian.AppendUint64(b, uint64(n))
	d := sha256.New()
	if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return d, nil
}
