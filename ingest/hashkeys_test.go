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

// A file hashed gives its sha256 and hands the writer every byte in order.
func TestHashFileInto(t *testing.T) {
	data := make([]byte, 3*readBufSize+100)
	for i := range data {
		data[i] = byte(i * 31)
	}
	path := filepath.Join(t.TempDir(), "signins.jsonl")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	var progress atomic.Int64
	sum, err := hashFileInto(path, &got, &progress)
	want := sha256.Sum256(data)
	if err != nil || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("hash %s, %v; want %x", sum, err, want)
	}
	if !bytes.Equal(got.Bytes(), data) || progress.Load() != int64(len(data)) {
		t.Fatalf("the writer got %d bytes (progress %d) of %d, or not the file's", got.Len(), progress.Load(), len(data))
	}
	// In a batch, a file whose content is refused sends the files to be loaded one by one,
	// where it alone is rejected.
	if batchError(context.Background(), reject(0, "the file changed while it was read")) != nil {
		t.Errorf("a batch met a file refused: want it loaded file by file")
	}
}

// readHashed hands on every byte of a file and hashes all of it, however much the consumer
// reads, and returns the consumer's error when it gives up.
func TestReadHashed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	data := bytes.Repeat([]byte("0123456789abcdef"), (3*readBufSize+12345)/16)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%x", sha256.Sum256(data))
	for _, consume := range []int{-1, 0, 100, readBufSize + 7} {
		var progress atomic.Int64
		var got []byte
		sum, err := readHashed(path, false, &progress, func(r io.Reader) error {
			var err error
			if consume < 0 {
				got, err = io.ReadAll(r)
				return err
			}
			got = make([]byte, consume)
			_, err = io.ReadFull(r, got)
			return err
		})
		if consume < 0 && !bytes.Equal(got, data) || consume >= 0 && !bytes.Equal(got, data[:consume]) {
			t.Errorf("consume %d: the bytes read differ from the file", consume)
		}
		if err != nil || sum != want {
			t.Errorf("consume %d: got sum %s, %v; want %s", consume, sum, err, want)
		}
		if progress.Load() != int64(len(data)) {
			t.Errorf("consume %d: progress %d; want %d", consume, progress.Load(), len(data))
		}
	}
	stop := errors.New("the consumer gave up")
	if _, err := readHashed(path, false, new(atomic.Int64), func(r io.Reader) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("a consumer that gave up: got %v; want its error", err)
	}
}

// TestHashFiles hashes files of many sizes and checks every sum and every byte handed on.
func TestHashFiles(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	sizes := []int{0, 1, 63, 64, readBufSize - 1, readBufSize, readBufSize + 1, 4 << 20, 4<<20 + 65, 3*(4<<20) + 16<<10 + 7}
	for len(sizes) < 40 {
		sizes = append(sizes, 64<<10+r.IntN(8<<20))
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
	for _, n := range []int{1, 5, len(paths)} {
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

// TestBatchHashes loads a batch of files, one of them with a key the others lack far into
// it: the manifest has every file's sha256, every record is stored once, and the odd key's
// value is in extra (the census saw it as the file was hashed).
func TestBatchHashes(t *testing.T) {
	dir := t.TempDir()
	sums := map[string]string{}
	records := 0
	for f := range 9 {
		var b bytes.Buffer
		oddAt := -1
		if f == 2 {
			oddAt = 3*(16<<10) + 100 // far past the sample
		}
		for i := 0; b.Len() < 5*(16<<10)+f*9000; i++ {
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
