package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Stage 5's temporary files: records of one a line, for DuckDB to read where it cannot read
// a file as it is.

// chunked writes what produce makes of items 0..n-1 (one record a line) into temporary
// files, on as many goroutines as there are cores, then calls use once with every file's
// path, and removes them. DuckDB reads the files of one statement on every core, and one
// statement per transaction keeps its fast path of writing whole row groups straight to
// the store (a second statement in the same transaction costs more than the first). The
// files take about as much disk as the input: they go to the temporary folder, not to
// memory.
func (l *loader) chunked(ctx context.Context, n int, produce func(i int, w io.Writer) error, use func(paths []string) error) error {
	dir := l.opts.TempDir
	if dir == "" {
		dir = l.opts.SpillDir
		if dir == "" {
			dir = os.TempDir()
		}
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("temporary folder: %w", err)
		}
		l.madeTmp = dir
	} else if !l.swept[dir] {
		sweepStale(dir)
	}
	if l.swept == nil {
		l.swept = map[string]bool{}
	}
	l.swept[dir] = true
	l.reading.Store(0)
	started := time.Now()
	workers := min(n, runtime.GOMAXPROCS(0))
	sinks := make([]*chunkSink, workers)
	errs := make([]error, workers)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for k := range sinks {
		sink := newChunkSink(dir, chunkBytes)
		sinks[k] = sink
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					break
				}
				if err := ctx.Err(); err != nil {
					errs[k] = err
					break
				}
				if err := produce(i, sink); err != nil {
					errs[k] = err
					failed.Store(true)
					break
				}
			}
			if err := sink.finish(); errs[k] == nil {
				errs[k] = err
			}
		})
	}
	wg.Wait()
	var paths []string
	for _, s := range sinks {
		paths = append(paths, s.paths...)
	}
	defer func() {
		for _, p := range paths {
			os.Remove(p)
		}
	}()
	if err := errors.Join(errs...); err != nil {
		var le *lineError
		var se *splitError
		for _, e := range errs {
			if errors.As(e, &le) || errors.As(e, &se) {
				return e // why the content cannot be read, not a failure beside it
			}
		}
		return err
	}
	if len(paths) == 0 {
		return nil
	}
	l.opts.Logger.Debug("records written to temporary files", "files", n, "chunks", len(paths), "workers", workers, "elapsed", time.Since(started))
	return use(paths)
}

// chunkBytes is about how much one temporary file of records holds.
const chunkBytes = 256 << 20

// chunkSink takes whole records (a Write never splits one) and writes them into one
// temporary file after another. A goroutine of its own does the writing, so that a large
// file is split on one core while its records are written on the other.
type chunkSink struct {
	dir   string
	limit int64
	n     int64 // bytes given to the current file
	buf   []byte
	msgs  chan sinkMsg
	free  chan []byte
	done  chan struct{}
	// written by the writer goroutine: read them after finish, or err once failed is set
	paths  []string
	err    error
	failed atomic.Bool
}

type sinkMsg struct {
	data []byte
	end  bool // close the file after data
}

const sinkBufSize = 4 << 20

func newChunkSink(dir string, limit int64) *chunkSink {
	s := &chunkSink{dir: dir, limit: limit, msgs: make(chan sinkMsg, 1), free: make(chan []byte, 3), done: make(chan struct{})}
	for range 2 {
		s.free <- make([]byte, 0, sinkBufSize)
	}
	s.buf = make([]byte, 0, sinkBufSize)
	go s.write()
	return s
}

func (s *chunkSink) Write(p []byte) (int, error) {
	if s.failed.Load() {
		return 0, s.err
	}
	if len(s.buf) > 0 && len(s.buf)+len(p) > cap(s.buf) {
		s.send(false)
	}
	s.buf = append(s.buf, p...)
	s.n += int64(len(p))
	if s.n >= s.limit {
		s.send(true)
		s.n = 0
	}
	return len(p), nil
}

// send hands the buffer to the writer and takes an empty one.
func (s *chunkSink) send(end bool) {
	s.msgs <- sinkMsg{data: s.buf, end: end}
	s.buf = (<-s.free)[:0]
}

func (s *chunkSink) write() {
	defer close(s.done)
	var f *os.File
	fail := func(err error) {
		if s.err == nil && err != nil {
			s.err = err
			s.failed.Store(true)
		}
	}
	for m := range s.msgs {
		if s.err == nil && len(m.data) > 0 {
			if f == nil {
				var err error
				f, err = os.CreateTemp(s.dir, fmt.Sprintf("entrarisk-%d-*.jsonl", os.Getpid()))
				if err != nil {
					fail(fmt.Errorf("temporary file: %w", err))
				} else {
					s.paths = append(s.paths, f.Name())
				}
			}
			if f != nil {
				_, err := f.Write(m.data)
				fail(err)
			}
		}
		if m.end && f != nil {
			fail(f.Close())
			f = nil
		}
		s.free <- m.data
	}
	if f != nil {
		fail(f.Close())
	}
}

// finish writes what is left and closes the last file; it returns the first write error.
func (s *chunkSink) finish() error {
	if len(s.buf) > 0 {
		s.send(true)
	}
	close(s.msgs)
	<-s.done
	return s.err
}

// staleTemp matches the temporary files of an ingest, with the writer's process id.
var staleTemp = regexp.MustCompile(`^entrarisk-(\d+)-\d+\.jsonl$`)

// sweepStale removes the temporary files that an ingest which no longer runs (it was
// killed) left in dir: they would hold disk (in a memory file system, memory) until removed.
func sweepStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := staleTemp.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}
