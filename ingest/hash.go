package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"sync/atomic"
)

// Every file is hashed (sha256, for the manifest) from the same read that hands its bytes
// on: to the key census, to the splitter or to the normalizer. Go's crypto/sha256 uses
// the processor's SHA instructions where it has them.

// readBufSize is how much of a file is read at a time.
const readBufSize = 512 << 10

// hashFile is the sha256 of the file at path.
func hashFile(path string) (string, error) {
	var read atomic.Int64
	return hashFileInto(path, io.Discard, &read)
}

// hashFileInto hashes the file at path while handing w its bytes in order; progress counts
// them.
func hashFileInto(path string, w io.Writer, progress *atomic.Int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyBuffer(io.MultiWriter(h, w), &countingReader{r: f, n: progress}, make([]byte, readBufSize)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFiles hashes every file of paths in turn, handing ws[i] the bytes of paths[i] as
// hashFileInto does, and calls done with each file's sum once all of it has been handed on.
func hashFiles(paths []string, ws []io.Writer, progress *atomic.Int64, done func(i int, sum string)) error {
	for i, p := range paths {
		sum, err := hashFileInto(p, ws[i], progress)
		if err != nil {
			return err
		}
		done(i, sum)
	}
	return nil
}

// readHashed runs read over the content of the file at path (decompressed when gz) and
// returns the file's sha256: all of the file, however much read consumed. progress counts
// the bytes read.
func readHashed(path string, gz bool, progress *atomic.Int64, read func(io.Reader) error) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	tee := io.TeeReader(&countingReader{r: f, n: progress}, h)
	in, err := decompressed(tee, gz)
	if err != nil {
		return "", err
	}
	if err := read(in); err != nil {
		return "", err
	}
	// (io.Discard hidden, so that the copy reads readBufSize at a time)
	if _, err := io.CopyBuffer(struct{ io.Writer }{io.Discard}, tee, make([]byte, readBufSize)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// countingReader counts the bytes read through it for the progress line.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
