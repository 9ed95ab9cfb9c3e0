package ingest

import (
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
)

// Stage 2: recognise each file. A file's format comes from its content, never its name
// (sniff.go); a JSON file's first records also say whether DuckDB can read it as it is,
// and how (fast.go). A Parquet file is told by its magic number.

// pending is a file recognised and waiting to load.
type pending struct {
	f       inputFile
	src     *source // what recognising it found; nil for Parquet, or when err says why not
	err     error   // why the file was not recognised: it is rejected with this reason
	parquet bool
	sum     string // its sha256, once read
}

// recognise recognises f, deciding how DuckDB reads it from at most sample records.
func recognise(f inputFile, formats map[string]*format, sample int) pending {
	if isParquet(f.path) {
		return pending{f: f, parquet: true}
	}
	src, err := sniffSample(f.path, formats, sample)
	return pending{f: f, src: src, err: err}
}

// recogniseAll recognises files on every core (up to eight), in the files' order.
func recogniseAll(files []inputFile, formats map[string]*format, sample int) []*pending {
	out := make([]*pending, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 8, len(files)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(files); k = int(next.Add(1) - 1) {
				p := recognise(files[k], formats, sample)
				out[k] = &p
			}
		})
	}
	wg.Wait()
	return out
}

// isParquet tells a Parquet file by its magic number.
func isParquet(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	_, err = io.ReadFull(f, magic[:])
	return err == nil && string(magic[:]) == "PAR1"
}
