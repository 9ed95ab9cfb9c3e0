package schedule

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// runLayout names a run folder by its start time, in UTC, to the second.
const runLayout = "2006-01-02T150405Z"

// failedSuffix marks the folder of a run that did not complete; it holds no reports.
const failedSuffix = ".failed"

// latestName is the pointer to the newest complete run: a symlink, or a text file holding
// the folder's name where symlinks cannot be made.
const latestName = "latest"

// runName is a parsed run folder name: 2026-11-25T020000Z, -2, -3 ... for later runs of
// the same second, .failed for a run that did not complete.
type runName struct {
	name   string
	start  time.Time
	n      int
	failed bool
}

func parseRunName(name string) (runName, bool) {
	rest, failed := strings.CutSuffix(name, failedSuffix)
	if len(rest) < len(runLayout) {
		return runName{}, false
	}
	t, err := time.Parse(runLayout, rest[:len(runLayout)])
	if err != nil {
		return runName{}, false
	}
	n := 1
	if suffix := rest[len(runLayout):]; suffix != "" {
		num, ok := strings.CutPrefix(suffix, "-")
		if !ok {
			return runName{}, false
		}
		n, err = strconv.Atoi(num)
		if err != nil || n < 2 || strconv.Itoa(n) != num {
			return runName{}, false
		}
	}
	return runName{name: name, start: t, n: n, failed: failed}, true
}

// NewRunDir makes the folder for a run that started at start: out/2026-11-25T020000Z, or
// out/2026-11-25T020000Z-2, -3 ... when a run of that second already has one. It makes out
// too if need be. Folders are private to the owner (0700): reports hold personal data.
func NewRunDir(out string, start time.Time) (string, error) {
	if out == "" {
		return "", errors.New("run folder: no report folder given")
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return "", fmt.Errorf("run folder: %w", err)
	}
	base := start.UTC().Format(runLayout)
	for n := 1; n <= 10000; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		path := filepath.Join(out, name)
		// A failed run of this name keeps it taken, so that its record is not confused
		// with a later run's.
		if _, err := os.Lstat(path + failedSuffix); err == nil {
			continue
		}
		err := os.Mkdir(path, 0o700)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("run folder: %w", err)
		}
	}
	return "", fmt.Errorf("run folder: every name for %s under %s is taken", base, out)
}

// SetLatest points out/latest at runDir, which must be a run folder directly under out.
// The pointer is replaced in one rename, so a reader sees the old run or the new one,
// never neither: a symlink holding the folder's name, or where symlinks cannot be made, a
// text file holding it.
func SetLatest(out, runDir string) error {
	name := filepath.Base(runDir)
	if r, ok := parseRunName(name); !ok || r.failed {
		return fmt.Errorf("latest: %s is not a run folder", runDir)
	}
	if !sameDir(filepath.Dir(runDir), out) {
		return fmt.Errorf("latest: %s is not in %s", runDir, out)
	}
	if fi, err := os.Lstat(runDir); err != nil || !fi.IsDir() {
		return fmt.Errorf("latest: %s is not a folder", runDir)
	}
	link := filepath.Join(out, latestName)
	tmp := filepath.Join(out, ".latest-"+randomHex())
	if err := os.Symlink(name, tmp); err == nil {
		if err := os.Rename(tmp, link); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("latest: %w", err)
		}
		syncDir(out)
		return nil
	}
	if err := writeFileAtomic(out, latestName, []byte(name+"\n"), 0o600); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	return nil
}

// Latest is the path of the run folder out/latest points at, or "" when there is none.
func Latest(out string) (string, error) {
	link := filepath.Join(out, latestName)
	fi, err := os.Lstat(link)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("latest: %w", err)
	}
	var target string
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		if target, err = os.Readlink(link); err != nil {
			return "", fmt.Errorf("latest: %w", err)
		}
	case fi.Mode().IsRegular():
		data, err := os.ReadFile(link)
		if err != nil {
			return "", fmt.Errorf("latest: %w", err)
		}
		target = strings.TrimSpace(string(data))
	default:
		return "", fmt.Errorf("latest: %s is neither a link nor a file", link)
	}
	if filepath.IsAbs(target) && !sameDir(filepath.Dir(target), out) {
		return "", fmt.Errorf("latest: %s points outside %s", link, out)
	}
	name := filepath.Base(target)
	if _, ok := parseRunName(name); !ok {
		return "", fmt.Errorf("latest: %s points at %q, which is not a run folder", link, target)
	}
	return filepath.Join(out, name), nil
}

// PruneRuns removes the oldest run folders under out (complete or failed) beyond the
// newest keep, and returns their paths, oldest first. It never removes the folder latest
// points at, nor anything whose name is not a run folder's; keep <= 0 keeps all.
func PruneRuns(out string, keep int) ([]string, error) {
	if keep <= 0 {
		return nil, nil
	}
	latest, err := Latest(out)
	if err != nil {
		// Without knowing which folder latest points at, removing nothing is the safe choice.
		return nil, fmt.Errorf("prune runs: %w", err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil, fmt.Errorf("prune runs: %w", err)
	}
	var runs []runName
	for _, e := range entries {
		if !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		if r, ok := parseRunName(e.Name()); ok {
			runs = append(runs, r)
		}
	}
	sort.Slice(runs, func(i, j int) bool {
		a, b := runs[i], runs[j]
		if !a.start.Equal(b.start) {
			return a.start.Before(b.start)
		}
		if a.n != b.n {
			return a.n < b.n
		}
		return a.failed && !b.failed
	})
	if len(runs) <= keep {
		return nil, nil
	}
	var removed []string
	var errs []error
	for _, r := range runs[:len(runs)-keep] {
		path := filepath.Join(out, r.name)
		if path == latest {
			continue
		}
		if err := os.RemoveAll(path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, path)
	}
	if len(errs) > 0 {
		return removed, fmt.Errorf("prune runs: %w", errors.Join(errs...))
	}
	return removed, nil
}

// writeFileAtomic writes dir/name through a temporary file and a rename, so that no reader
// sees it half-written.
func writeFileAtomic(dir, name string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

func sameDir(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func randomHex() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
