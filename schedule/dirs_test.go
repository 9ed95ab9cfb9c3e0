package schedule

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNewRunDir(t *testing.T) {
	start := time.Date(2026, 11, 25, 3, 0, 0, 999_000_000, time.FixedZone("CET", 3600)) // 02:00:00.999 UTC
	cases := []struct {
		name     string
		existing []string
		want     string
	}{
		{"first of its second", nil, "2026-11-25T020000Z"},
		{"second of its second", []string{"2026-11-25T020000Z"}, "2026-11-25T020000Z-2"},
		{"third", []string{"2026-11-25T020000Z", "2026-11-25T020000Z-2"}, "2026-11-25T020000Z-3"},
		{"a failed run keeps its name taken", []string{"2026-11-25T020000Z.failed"}, "2026-11-25T020000Z-2"},
		{"a file of that name counts too", []string{"2026-11-25T020000Z:file"}, "2026-11-25T020000Z-2"},
		{"other seconds do not matter", []string{"2026-11-25T015959Z", "2026-11-25T020001Z"}, "2026-11-25T020000Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "reports")
			if err := os.MkdirAll(out, 0o700); err != nil {
				t.Fatal(err)
			}
			for _, e := range c.existing {
				name, isFile := strings.CutSuffix(e, ":file")
				var err error
				if isFile {
					err = os.WriteFile(filepath.Join(out, name), nil, 0o600)
				} else {
					err = os.Mkdir(filepath.Join(out, name), 0o700)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			got, err := NewRunDir(out, start)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(out, c.want); got != want {
				t.Errorf("got %s; want %s", got, want)
			}
			fi, err := os.Stat(got)
			if err != nil {
				t.Fatal(err)
			}
			if !fi.IsDir() || fi.Mode().Perm() != 0o700 {
				t.Errorf("got mode %v; want a folder with 0700", fi.Mode())
			}
		})
	}
}

func TestNewRunDirMakesOutAndReportsErrors(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "a", "b")
	if _, err := NewRunDir(out, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		t.Fatalf("NewRunDir under a missing folder: %v", err)
	}
	if got := listDir(t, out); !reflect.DeepEqual(got, []string{"2026-01-02T030405Z"}) {
		t.Errorf("got %v; want [2026-01-02T030405Z]", got)
	}
	blocker := filepath.Join(base, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRunDir(filepath.Join(blocker, "reports"), time.Now()); err == nil || !strings.HasPrefix(err.Error(), "run folder: ") {
		t.Errorf("NewRunDir under a file: got %v; want a run folder error", err)
	}
	if _, err := NewRunDir("", time.Now()); err == nil {
		t.Errorf("NewRunDir with no folder: got no error; want one")
	}
}

func TestSetLatest(t *testing.T) {
	out := t.TempDir()
	first, _ := NewRunDir(out, time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC))
	second, _ := NewRunDir(out, time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC))
	if got, err := Latest(out); err != nil || got != "" {
		t.Fatalf("Latest before any: got %q, %v; want \"\", nil", got, err)
	}
	for _, dir := range []string{first, second} {
		if err := SetLatest(out, dir); err != nil {
			t.Fatal(err)
		}
		if got, err := Latest(out); err != nil || got != dir {
			t.Errorf("Latest: got %q, %v; want %s", got, err, dir)
		}
		// The link is relative, so the report folder can move.
		if target, err := os.Readlink(filepath.Join(out, "latest")); err != nil || target != filepath.Base(dir) {
			t.Errorf("latest link: got %q, %v; want %s", target, err, filepath.Base(dir))
		}
		if _, err := os.Stat(filepath.Join(out, "latest", ".")); err != nil {
			t.Errorf("latest does not resolve: %v", err)
		}
	}
	if got := listDir(t, out); !reflect.DeepEqual(got, []string{"2026-11-24T020000Z", "2026-11-25T020000Z", "latest"}) {
		t.Errorf("folder after two moves: got %v; want the two runs and latest, no temporary files", got)
	}

	other := t.TempDir()
	elsewhere, _ := NewRunDir(other, time.Now())
	for _, bad := range []string{elsewhere, filepath.Join(out, "notes"), first + ".failed", filepath.Join(out, "2026-11-26T020000Z")} {
		if err := SetLatest(out, bad); err == nil {
			t.Errorf("SetLatest(%s): got no error; want one", bad)
		}
	}
	if got, _ := Latest(out); got != second {
		t.Errorf("latest after refused moves: got %s; want %s", got, second)
	}
}

func TestLatestAsTextFile(t *testing.T) {
	out := t.TempDir()
	run, _ := NewRunDir(out, time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC))
	if err := os.WriteFile(filepath.Join(out, "latest"), []byte("2026-11-25T020000Z\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := Latest(out); err != nil || got != run {
		t.Errorf("got %q, %v; want %s", got, err, run)
	}
	// SetLatest replaces the text file.
	next, _ := NewRunDir(out, time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC))
	if err := SetLatest(out, next); err != nil {
		t.Fatal(err)
	}
	if got, err := Latest(out); err != nil || got != next {
		t.Errorf("got %q, %v; want %s", got, err, next)
	}
	if err := os.WriteFile(filepath.Join(out, "latest.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../../etc", "notes"} {
		os.Remove(filepath.Join(out, "latest"))
		if err := os.WriteFile(filepath.Join(out, "latest"), []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := Latest(out); err == nil {
			t.Errorf("latest holding %q: got %q; want an error", bad, got)
		}
	}
}

func TestSetLatestNeverReplacesAFolder(t *testing.T) {
	out := t.TempDir()
	run, _ := NewRunDir(out, time.Now())
	keep := filepath.Join(out, "latest", "mine.txt")
	if err := os.MkdirAll(filepath.Dir(keep), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keep, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SetLatest(out, run); err == nil {
		t.Errorf("SetLatest over a folder named latest: got no error; want one")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("the folder named latest lost its file: %v", err)
	}
}

func TestPruneRuns(t *testing.T) {
	runs := []string{
		"2026-11-20T020000Z",
		"2026-11-21T020000Z.failed",
		"2026-11-22T020000Z",
		"2026-11-22T020000Z-2",
		"2026-11-22T020000Z-10",
		"2026-11-23T020000Z",
		"2026-11-24T020000Z",
	}
	others := []string{"notes", "2026-11-19T020000Z-x", "2026-11-19T020000Z-01", "2026-11-19", ".latest-abc"}
	cases := []struct {
		name    string
		keep    int
		latest  string
		removed []string
	}{
		{"keep all", 0, "2026-11-24T020000Z", nil},
		{"keep more than there are", 20, "2026-11-24T020000Z", nil},
		{"keep three", 3, "2026-11-24T020000Z",
			[]string{"2026-11-20T020000Z", "2026-11-21T020000Z.failed", "2026-11-22T020000Z", "2026-11-22T020000Z-2"}},
		{"keep one, latest is old", 1, "2026-11-22T020000Z-2",
			[]string{"2026-11-20T020000Z", "2026-11-21T020000Z.failed", "2026-11-22T020000Z", "2026-11-22T020000Z-10", "2026-11-23T020000Z"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			for _, r := range append(append([]string{}, runs...), others...) {
				if err := os.Mkdir(filepath.Join(out, r), 0o700); err != nil {
					t.Fatal(err)
				}
				writeReport(t, filepath.Join(out, r), "report.xlsx", "x")
			}
			// A file and a symlink with run folder names are not run folders.
			if err := os.WriteFile(filepath.Join(out, "2026-01-01T000000Z"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			target := t.TempDir()
			if err := os.Symlink(target, filepath.Join(out, "2026-01-02T000000Z")); err != nil {
				t.Fatal(err)
			}
			if err := SetLatest(out, filepath.Join(out, c.latest)); err != nil {
				t.Fatal(err)
			}
			before := listDir(t, out)
			got, err := PruneRuns(out, c.keep)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, r := range c.removed {
				want = append(want, filepath.Join(out, r))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("removed: got %v; want %v", got, want)
			}
			var left []string
			for _, name := range before {
				if !contains(c.removed, name) {
					left = append(left, name)
				}
			}
			if after := listDir(t, out); !reflect.DeepEqual(after, left) {
				t.Errorf("left: got %v; want %v", after, left)
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("the symlink's target was touched: %v", err)
			}
		})
	}
}

func TestPruneRunsRefusesWithABrokenLatest(t *testing.T) {
	out := t.TempDir()
	for _, r := range []string{"2026-11-20T020000Z", "2026-11-21T020000Z"} {
		if err := os.Mkdir(filepath.Join(out, r), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc", filepath.Join(out, "latest")); err != nil {
		t.Fatal(err)
	}
	if removed, err := PruneRuns(out, 1); err == nil || removed != nil {
		t.Errorf("got %v, %v; want nothing removed and an error", removed, err)
	}
	if got := listDir(t, out); len(got) != 3 {
		t.Errorf("got %v; want everything left", got)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
