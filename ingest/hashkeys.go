package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// Stage 3: hash and check keys.
//
// Before a file is read at all, the manifest's keys say whether it need be: a file loaded
// with the same path, size and time, or with the same sha256 (hashed only when the manifest
// holds a file of its size), is skipped (seen).
//
// A file that loads is hashed (sha256, for the manifest) from the one read that hands its
// bytes on: to the key census, the splitter or the normalizer. The key census (census.go)
// checks that its records carry only keys the fast plan reads; when they do not, the load
// fails with newKeysError and is done again with them. Go's crypto/sha256 uses the
// processor's SHA instructions where it has them.

// seen reports whether the file need not be read: the manifest shows this path loaded
// with the same size and time, or a file of the same content (by sha256) loaded under any
// path. The content is hashed only when the manifest holds a file of the same size, so a
// folder that grows by new files costs one read of each new file, not two. A file found
// by its content is recorded in the manifest as a duplicate, so the next run skips it
// by path.
func (l *loader) seen(ctx context.Context, f inputFile) (bool, error) {
	if l.known == nil {
		if err := l.loadKnown(ctx); err != nil {
			return false, err
		}
	}
	if l.known.files[knownKey{f.path, f.size, f.mtime.UnixMicro()}] {
		return true, nil
	}
	if !l.known.sizes[f.size] {
		return false, nil
	}
	sum, err := hashFile(f.path)
	if err != nil {
		return false, nil // the load reports it
	}
	other, ok := l.known.sums[sum]
	if !ok {
		return false, nil
	}
	res := &FileResult{Path: f.path, Size: f.size, SHA256: sum, Format: other.format, Table: other.table, Status: "duplicate_file", Reason: "same content as " + other.path}
	if err := l.manifest(ctx, l.conn, f, res, nil); err != nil {
		return false, err
	}
	l.known.files[knownKey{f.path, f.size, f.mtime.UnixMicro()}] = true
	return true, nil
}

// knownFiles is the manifest, read once a run, for deciding what need not be read.
type knownFiles struct {
	files map[knownKey]bool // loaded (or found a duplicate) by path, size and time
	sizes map[int64]bool    // sizes of loaded files
	sums  map[string]knownFile
}

type knownKey struct {
	path  string
	size  int64
	mtime int64
}

type knownFile struct{ path, format, table string }

func (l *loader) loadKnown(ctx context.Context) error {
	k := &knownFiles{files: map[knownKey]bool{}, sizes: map[int64]bool{}, sums: map[string]knownFile{}}
	rows, err := l.conn.QueryContext(ctx, `SELECT path, size, mtime, sha256, status, coalesce(format, ''), coalesce(target_table, '')
		FROM ingest_files WHERE status IN ('loaded', 'duplicate_file') ORDER BY ingested_at`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var path, sum, status, format, table string
		var size int64
		var mtime sql.NullTime
		if err := rows.Scan(&path, &size, &mtime, &sum, &status, &format, &table); err != nil {
			return err
		}
		k.files[knownKey{path, size, mtime.Time.UnixMicro()}] = true
		if status == "loaded" {
			k.sizes[size] = true
			if _, dup := k.sums[sum]; !dup {
				k.sums[sum] = knownFile{path, format, table}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	l.known = k
	return nil
}

// remember adds a file just loaded to what the run knows.
func (l *loader) remember(f inputFile, res *FileResult) {
	if l.known == nil || res.Status != "loaded" {
		return
	}
	l.known.files[knownKey{f.path, f.size, f.mtime.UnixMicro()}] = true
	l.known.sizes[f.size] = true
	if _, dup := l.known.sums[res.SHA256]; !dup {
		l.known.sums[res.SHA256] = knownFile{f.path, res.Format, res.Table}
	}
}

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

func decompressed(r io.Reader, gz bool) (io.Reader, error) {
	if !gz {
		return r, nil
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, reject(0, "gzip: %v", err)
	}
	return zr, nil
}

// normalizeFile runs the normalizer over one file into w, hashing the file as it goes.
func (l *loader) normalizeFile(src *source, spec normSpec, w io.Writer, res *normResult, sum *string) error {
	s, err := readHashed(src.path, src.gz, &l.reading, func(in io.Reader) error {
		r, err := normalizeJSON(in, w, spec)
		*res = r
		return err
	})
	*sum = s
	return err
}

// splitFile runs the splitter over one file into w, hashing the file as it goes and handing
// census the records' keys.
func (l *loader) splitFile(src *source, lineBase int64, w io.Writer, census *keyCensus, records *int64, sum *string) error {
	s, err := readHashed(src.path, src.gz, &l.reading, func(in io.Reader) error {
		n, err := splitRecords(in, w, lineBase, 0, census)
		*records = n
		return err
	})
	*sum = s
	return err
}

// newKeysError means records past the sample carry keys the fast plan did not read.
type newKeysError struct{ census *keyCensus }

func (e *newKeysError) Error() string {
	return fmt.Sprintf("records carry keys the first ones did not: %d new", len(e.census.newTop)+len(e.census.newInner))
}

type hashResult struct {
	sum string
	err error
}
