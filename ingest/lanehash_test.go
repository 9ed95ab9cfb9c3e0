package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// TestSHA256x16 checks the sixteen-lane compression against the standard library: each
// lane's chaining value, handed to the standard library's digest with the rest of its
// stream, gives that stream's sha256.
func TestSHA256x16(t *testing.T) {
	if !laneHashing {
		t.Skip("no AVX-512 here")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, blocks := range []int{1, 2, 3, 17, 64} {
		var state [8][16]uint32
		var streams [16]*byte
		data := make([][]byte, 16)
		for l := range data {
			data[l] = make([]byte, blocks*64+r.IntN(200))
			for i := range data[l] {
				data[l][i] = byte(r.Uint32())
			}
			streams[l] = &data[l][0]
			for j, v := range sha256IV {
				state[j][l] = v
			}
		}
		sha256x16(&state, &streams, blocks)
		for l := range data {
			var h [8]uint32
			for j := range h {
				h[j] = state[j][l]
			}
			d, err := resumeSHA256(h, int64(blocks*64))
			if err != nil {
				t.Fatal(err)
			}
			d.Write(data[l][blocks*64:])
			if got, want := d.Sum(nil), sha256.Sum256(data[l]); !bytes.Equal(got, want[:]) {
				t.Fatalf("%d blocks, lane %d: sha256 %x, want %x", blocks, l, got, want)
			}
		}
	}
}

// TestHashFiles hashes files of many sizes at once (more files than lanes, some too small
// for one, some with a last chunk cut short) and checks every sum and every byte handed on.
func TestHashFiles(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	sizes := []int{0, 1, 63, 64, 4*laneChunk - 1, 4 * laneChunk, 4*laneChunk + 1, laneWindow, laneWindow + 65, 3*laneWindow + laneChunk + 7}
	for len(sizes) < 40 {
		sizes = append(sizes, 4*laneChunk+r.IntN(2*laneWindow))
	}
	var paths []string
	var want [][]byte
	for i, n := range sizes {
		b := make([]byte, n)
		for j := 0; j < n; j += 8 {
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], r.Uint64())
			copy(b[j:], w[:])
		}
		p := filepath.Join(dir, fmt.Sprintf("f%02d", i))
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		want = append(want, b)
	}
	for _, n := range []int{1, laneMin - 1, len(paths)} {
		ws := make([]io.Writer, n)
		bufs := make([]*bytes.Buffer, n)
		for i := range ws {
			bufs[i] = new(bytes.Buffer)
			ws[i] = bufs[i]
		}
		sums := make([]string, n)
		var progress atomic.Int64
		err := hashFiles(paths[:n], ws, &progress, func(i int, sum string) {
			if sums[i] != "" {
				t.Errorf("file %d done twice", i)
			}
			sums[i] = sum
		})
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for i := range n {
			s := sha256.Sum256(want[i])
			if sums[i] != hex.EncodeToString(s[:]) {
				t.Errorf("%d files: file %d (%d bytes): sha256 %s, want %x", n, i, len(want[i]), sums[i], s)
			}
			if !bytes.Equal(bufs[i].Bytes(), want[i]) {
				t.Errorf("%d files: file %d (%d bytes): handed on %d bytes, not the file", n, i, len(want[i]), bufs[i].Len())
			}
			total += int64(len(want[i]))
		}
		if progress.Load() != total {
			t.Errorf("%d files: progress %d bytes, want %d", n, progress.Load(), total)
		}
	}
}

// TestLaneBatch loads a batch of files large enough for lanes, one of them with a key the
// others lack far into it: the manifest has every file's sha256, every record is stored
// once, and the odd key's value is in extra (the census saw it through the lanes).
func TestLaneBatch(t *testing.T) {
	dir := t.TempDir()
	sums := map[string]string{}
	records := 0
	for f := range laneMin + 3 {
		var b bytes.Buffer
		oddAt := -1
		if f == 2 {
			oddAt = 3*laneChunk + 100 // a few chunks into the file
		}
		for i := 0; b.Len() < 5*laneChunk+f*9000; i++ {
			odd := ""
			if oddAt >= 0 && b.Len() >= oddAt {
				odd = `,"someRareField":"rare-value"`
				oddAt = -1
			}
			fmt.Fprintf(&b, `{"id":"f%d-%d","createdDateTime":"2026-10-01T10:%02d:%02dZ","userPrincipalName":"u%d@contoso.com","ipAddress":"203.0.113.%d","status":{"errorCode":0}%s}`+"\n",
				f, i, i/60%60, i%60, i%50, i%250, odd)
			records++
		}
		p := filepath.Join(dir, fmt.Sprintf("signins-%d.jsonl", f))
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(b.Bytes())
		sums[p] = hex.EncodeToString(s[:])
	}
	st := openStore(t)
	runIngest(t, st, dir)
	rows, err := st.DB.Query(`SELECT path, sha256, rows_added FROM ingest_files`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var added int
	for rows.Next() {
		var p, s string
		var n int
		if err := rows.Scan(&p, &s, &n); err != nil {
			t.Fatal(err)
		}
		if s != sums[p] {
			t.Errorf("%s: manifest sha256 %s, want %s", p, s, sums[p])
		}
		delete(sums, p)
		added += n
	}
	if len(sums) > 0 || added != records {
		t.Errorf("files missing from the manifest: %v; %d rows added, want %d", sums, added, records)
	}
	var n int
	var rare string
	st.DB.QueryRow(`SELECT count(DISTINCT id), max(extra->>'$.somerarefield') FROM signins`).Scan(&n, &rare)
	if n != records || rare != "rare-value" {
		t.Errorf("%d distinct sign-ins, the rare field %q; want %d and rare-value", n, rare, records)
	}
}

// TestLaneShrink: a file that shrinks while in a lane sends the batch to be loaded one by
// one (where the file that changed is rejected on its own), and hashFiles does not crash.
func TestLaneShrink(t *testing.T) {
	if !laneHashing {
		t.Skip("no AVX-512 here")
	}
	dir := t.TempDir()
	var paths []string
	for i := range laneMin {
		p := filepath.Join(dir, fmt.Sprintf("f%d", i))
		if err := os.WriteFile(p, bytes.Repeat([]byte{byte(i)}, 3*laneWindow), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ws := make([]io.Writer, len(paths))
	for i := range ws {
		ws[i] = io.Discard
	}
	ws[3] = writerFunc(func(p []byte) (int, error) { return len(p), os.Truncate(paths[3], 10) })
	var progress atomic.Int64
	err := hashFiles(paths, ws, &progress, func(int, string) {})
	var re *rejectError
	if !errors.As(err, &re) || batchError(context.Background(), err) != nil {
		t.Fatalf("a file shrank in a lane: error %v; want the batch loaded file by file", err)
	}
}

// BenchmarkSHA256 compares one stream with the standard library (the SHA instructions where
// the processor has them) against sixteen lanes at once, over the same 16 MB.
func BenchmarkSHA256(b *testing.B) {
	data := make([]byte, 16<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	b.Run("one", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			sha256.Sum256(data)
		}
	})
	b.Run("lanes", func(b *testing.B) {
		if !laneHashing {
			b.Skip("no AVX-512 here")
		}
		per := len(data) / 16
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var state [8][16]uint32
			var streams [16]*byte
			for off := 0; off < per; off += laneChunk {
				for l := range streams {
					streams[l] = &data[l*per+off]
				}
				sha256x16(&state, &streams, laneChunk/64)
			}
		}
	})
}
