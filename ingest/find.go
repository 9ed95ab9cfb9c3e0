package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Stage 1: find the files. Every regular file under the paths given, once, in the order of
// their paths; never the store's own files.

// inputFile is a file found, as it was when found.
type inputFile struct {
	path  string // absolute, cleaned
	size  int64
	mtime time.Time
}

// find lists the files under paths, sorted, each once; hidden files and folders and the
// paths in skip are left out.
func find(paths []string, skip []string) ([]inputFile, error) {
	skipSet := map[string]bool{}
	for _, s := range skip {
		if abs, err := filepath.Abs(s); err == nil {
			skipSet[abs] = true
		}
	}
	seen := map[string]bool{}
	var out []inputFile
	add := func(p string, fi fs.FileInfo) {
		if seen[p] || skipSet[p] || !fi.Mode().IsRegular() {
			return
		}
		seen[p] = true
		out = append(out, inputFile{path: p, size: fi.Size(), mtime: fi.ModTime().UTC().Truncate(time.Microsecond)})
	}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		if !fi.IsDir() {
			add(abs, fi)
			continue
		}
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("input %s: %w", path, err)
			}
			if path != abs && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || isStoreFile(d.Name()) {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return fmt.Errorf("input %s: %w", path, err)
			}
			add(path, fi)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// isStoreFile tells DuckDB's own files, which a folder walk must not read as input.
func isStoreFile(name string) bool {
	for _, suf := range []string{".duckdb", ".duckdb.wal", ".duckdb.tmp", ".db", ".db.wal"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}
