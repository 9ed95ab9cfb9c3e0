package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// The child half of TestKilledIngest: ingest into the store named by the environment.
func TestMain(m *testing.M) {
	if db, in := os.Getenv("ENTRARISK_TEST_CHILD_DB"), os.Getenv("ENTRARISK_TEST_CHILD_IN"); db != "" {
		st, err := store.Open(context.Background(), db, store.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if _, err := Run(context.Background(), st.DB, []string{in}, Options{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		st.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// writeSignIns writes n Graph sign-ins, one a line (page = false) or as a page, with ids
// from first; every file repeats its first record, as Azure Monitor does.
func writeSignIns(t *testing.T, path string, first, n int, page bool) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if page {
		w.WriteString(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[` + "\n")
	}
	base := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	for i := 0; i <= n; i++ {
		k := first + i
		if i == n {
			k = first // the repeat
		}
		if page && i > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"id":"k%08d","createdDateTime":"%s","userPrincipalName":"user%d@contoso.com","ipAddress":"203.0.113.%d","clientAppUsed":"Browser","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36","status":{"errorCode":%d,"failureReason":"Other."},"location":{"city":"Seattle","state":"Washington","countryOrRegion":"US","geoCoordinates":{"latitude":47.6,"longitude":-122.3}},"deviceDetail":{"operatingSystem":"Windows10","browser":"Edge 129.0.0"}}`,
			k, base.Add(time.Duration(k)*time.Second).Format("2006-01-02T15:04:05.0000000Z"), k%500, k%250, []int{0, 0, 0, 50126}[k%4])
		if !page {
			w.WriteString("\n")
		}
	}
	if page {
		w.WriteString("]}\n")
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// An ingest killed at any point leaves a store that opens, and running it again ends
// with every record exactly once.
func TestKilledIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	const files, per = 12, 15000
	for i := 0; i < files; i++ {
		writeSignIns(t, filepath.Join(in, fmt.Sprintf("part%02d.json", i)), i*per, per, i%2 == 1)
	}
	db := filepath.Join(dir, "s.duckdb")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var children []int
	for i, delay := range []time.Duration{150 * time.Millisecond, 450 * time.Millisecond, 900 * time.Millisecond, 1500 * time.Millisecond} {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "ENTRARISK_TEST_CHILD_DB="+db, "ENTRARISK_TEST_CHILD_IN="+in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		children = append(children, cmd.Process.Pid)
		cmd.Process.Kill()
		cmd.Wait()
		st, err := store.Open(context.Background(), db, store.Options{})
		if err != nil {
			t.Fatalf("kill %d: the store does not open: %v", i, err)
		}
		var rows, ids int
		if err := st.DB.QueryRow(`SELECT count(*), count(DISTINCT id) FROM signins`).Scan(&rows, &ids); err != nil {
			t.Fatal(err)
		}
		if rows != ids {
			t.Errorf("kill %d: got %d rows for %d ids; want one row per id", i, rows, ids)
		}
		t.Logf("killed after %v: %d rows stored", delay, rows)
		st.Close()
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Run(context.Background(), st.DB, []string{in}, Options{}); err != nil {
		t.Fatal(err)
	}
	var rows, ids, loaded int
	st.DB.QueryRow(`SELECT count(*), count(DISTINCT id) FROM signins`).Scan(&rows, &ids)
	st.DB.QueryRow(`SELECT count(DISTINCT path) FROM ingest_files WHERE status = 'loaded'`).Scan(&loaded)
	if rows != files*per || ids != files*per || loaded != files {
		t.Errorf("got %d rows, %d ids, %d files loaded; want %d, %d, %d", rows, ids, loaded, files*per, files*per, files)
	}
	// The killed ingests' temporary files are gone (from memory too).
	if runtime.GOOS == "linux" {
		for _, pid := range children {
			for _, dir := range []string{"/dev/shm", os.TempDir()} {
				left, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("entrarisk-%d-*.jsonl", pid)))
				if len(left) > 0 {
					t.Errorf("killed ingest %d left %v", pid, left)
				}
			}
		}
	}
}
