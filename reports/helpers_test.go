package reports

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// fixedNow is the run time of every test report.
func fixedNow() time.Time { return time.Date(2026, 3, 8, 6, 0, 0, 0, time.UTC) }

// openFixture opens a new store holding testdata/store.sql.
func openFixture(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b, err := os.ReadFile(filepath.Join("testdata", "store.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.ExecContext(ctx, string(b)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return s.DB
}

// testRules is the rule metadata analyze would give.
func testRules() map[string]RuleInfo {
	return map[string]RuleInfo{
		"password_spray":           {Title: "Password spray", Severity: "medium", Technique: "T1110.003"},
		"impossible_travel":        {Title: "Impossible travel", Severity: "high", Technique: "T1078"},
		"privileged_role_assigned": {Title: "Privileged role assigned", Severity: "high", Technique: "T1098.003", Remediation: "Remove the role unless the grant was approved."},
		"legacy_auth":              {Title: "Legacy authentication", Severity: "low", Technique: "T1078"},
	}
}

// writeFixture writes a report of the fixture into a new folder.
func writeFixture(t testing.TB, db *sql.DB, mod func(*Options)) (*Result, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	opts := Options{Dir: dir, Now: fixedNow, Version: "v0.0.0-test", RuleInfo: testRules()}
	if mod != nil {
		mod(&opts)
	}
	res, err := Write(context.Background(), db, opts)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return res, dir
}
