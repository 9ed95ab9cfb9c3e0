package ingest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
