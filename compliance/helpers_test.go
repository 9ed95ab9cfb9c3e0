package compliance

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// The fixture's period and the tests' clock.
var (
	fixtureSince = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	fixtureUntil = time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)
)

func fixedNow() time.Time { return time.Date(2026, 3, 9, 6, 0, 0, 0, time.UTC) }

// openStore opens a new, empty store.
func openStore(t testing.TB) *sql.DB {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.DB
}

// openFixture opens a new store holding testdata/tenant.sql.
func openFixture(t testing.TB) *sql.DB {
	t.Helper()
	db := openStore(t)
	b, err := os.ReadFile(filepath.Join("testdata", "tenant.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), string(b)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return db
}

// writeFixture writes the export of the fixture's period into a new folder.
func writeFixture(t testing.TB, db *sql.DB, mod func(*Options)) (*Result, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	opts := Options{Dir: dir, Since: fixtureSince, Until: fixtureUntil, Now: fixedNow, Version: "v0.0.0-test"}
	if mod != nil {
		mod(&opts)
	}
	res, err := Write(context.Background(), db, opts)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return res, dir
}

// readCSV reads one CSV of an export: the header and the rows.
func readCSV(t testing.TB, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(all) == 0 {
		t.Fatalf("%s: empty; want at least a header", path)
	}
	return all[0], all[1:]
}

// readManifest reads manifest.json as JSON.
func readManifest(t testing.TB, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, FileManifest))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return m
}
