package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// Temporary files of an ingest that was killed go at the next ingest; those of one that
// still runs, and other files, stay.
func TestSweepStale(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("telling a dead process's files needs Linux")
	}
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	files := map[string]bool{ // name: should stay
		fmt.Sprintf("entrarisk-%d-123.jsonl", dead.Process.Pid): false,
		fmt.Sprintf("entrarisk-%d-456.jsonl", os.Getpid()):      true,
		fmt.Sprintf("entrarisk-%d-789.jsonl", os.Getppid()):     true,
		"entrarisk-notapid-1.jsonl":                             true,
		"mine.jsonl":                                            true,
	}
	for name := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	sweepStale(dir)
	for name, stay := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if got := err == nil; got != stay {
			t.Errorf("%s: present %v; want %v", name, got, stay)
		}
	}
}

// When the memory file system fills up while records are written to it, they go to the
// disk folder instead, and the load goes on.
func TestMemoryTempFullFallsBackToDisk(t *testing.T) {
	shm, disk := t.TempDir(), t.TempDir()
	defer func(f func(int64) string) { memoryTempDir = f }(memoryTempDir)
	memoryTempDir = func(int64) string { return shm }
	l := &loader{opts: Options{SpillDir: disk, Logger: slog.New(slog.DiscardHandler)}}
	var used []string
	err := l.chunked(context.Background(), 10, 2, func(i int, w io.Writer) error {
		if w.(*chunkSink).dir == shm && i == 1 {
			return fmt.Errorf("write: %w", syscall.ENOSPC)
		}
		_, err := w.Write([]byte("{\"_line\":1}\n"))
		return err
	}, func(paths []string) error {
		used = paths
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) == 0 {
		t.Fatal("no files were handed on")
	}
	for _, p := range used {
		if filepath.Dir(p) != disk {
			t.Errorf("%s is not in the disk folder %s", p, disk)
		}
	}
	if left, _ := os.ReadDir(shm); len(left) > 0 {
		t.Errorf("files left in the full folder: %v", left)
	}
}
