package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// A file hashed from memory maps, window by window, gives its sha256 and hands the writer
// every byte in order; one that shrinks meanwhile is rejected with that reason, not a crash.
func TestHashMapped(t *testing.T) {
	defer func(w int64) { mapWindow = w }(mapWindow)
	mapWindow = 2 * int64(os.Getpagesize())
	data := make([]byte, 5*os.Getpagesize()+100)
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

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if r, err := mapRegion(f, 0, int64(len(data))); err != nil {
		t.Skip("no memory maps on this system: files are read")
	} else {
		unmapRegion(r)
	}
	shrink := writerFunc(func(p []byte) (int, error) { return len(p), os.Truncate(path, 10) })
	_, ok, err := hashMapped(f, int64(len(data)), shrink, &progress)
	var re *rejectError
	if !ok || !errors.As(err, &re) || describe(path, err) != path+": the file changed while it was read" {
		t.Fatalf("a file that shrank while read: ok %v, error %v; want the file rejected with that reason", ok, err)
	}
	// In a batch, such a file sends the files to be loaded one by one, where it alone is
	// rejected.
	if batchError(context.Background(), err) != nil {
		t.Errorf("a batch met a file that changed: want it loaded file by file")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
