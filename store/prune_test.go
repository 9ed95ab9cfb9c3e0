package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// seedPrune fills every table Prune touches with rows on both sides of the cut-off
// 2026-10-01T00:00:00Z, and the manifest with two files.
func seedPrune(t *testing.T, db *sql.DB) {
	t.Helper()
	stmts := []string{
		`INSERT INTO signins (id, created_at, category, source_format, source_file, ingested_at, load_id) VALUES
			('s-old', '2026-09-30 23:59:59.999999', 'interactive', 'graph', 'a.json', now(), 1),
			('s-edge', '2026-10-01 00:00:00', 'interactive', 'graph', 'a.json', now(), 1),
			('s-new', '2026-11-01 10:00:00', 'interactive', 'graph', 'b.json', now(), 2)`,
		`INSERT INTO directory_audits (id, activity_at, source_format, source_file, ingested_at, load_id) VALUES
			('d-old', '2025-01-01 00:00:00', 'graph', 'a.json', now(), 1),
			('d-new', '2026-10-02 00:00:00', 'graph', 'b.json', now(), 2)`,
		`INSERT INTO unified_audit (id, created_at, audit_data, source_format, source_file, ingested_at, load_id) VALUES
			('u-old', '2026-01-01 00:00:00', '{}', 'purview', 'u.csv', now(), 3),
			('u-old2', '2026-02-01 00:00:00', '{}', 'purview', 'u.csv', now(), 3)`,
		`INSERT INTO risk_detections (id, detected_at, source_format, source_file, ingested_at, load_id) VALUES
			('r-new', '2026-10-05 00:00:00', 'graph', 'r.json', now(), 4)`,
		`INSERT INTO signin_auth_details (id, request_id, step_at, source_format, source_file, ingested_at, load_id) VALUES
			('s-old#1', 's-old', '2026-09-30 23:59:59', 'portal', 'ad.csv', now(), 5),
			('s-new#1', 's-new', '2026-11-01 10:00:00', 'portal', 'ad.csv', now(), 5),
			('undated#1', 'undated', NULL, 'portal', 'ad.csv', now(), 5)`,
		`INSERT INTO detection_events (detection_id, source_table, event_id, event_at) VALUES
			('spray:1', 'signins', 's-old', '2026-09-30 23:59:59'),
			('spray:1', 'signins', 's-new', '2026-11-01 10:00:00'),
			('role:1', 'directory_audits', 'd-old', '2025-01-01 00:00:00'),
			('fwd:1', 'unified_audit', 'u-old', '2026-01-01 00:00:00'),
			('ms:1', 'risk_detections', 'r-new', '2026-10-05 00:00:00'),
			('other:1', 'somewhere_else', 'x', '2020-01-01 00:00:00')`,
		`INSERT INTO risky_users (id, risk_last_updated_at, source_format, source_file, ingested_at, load_id) VALUES
			('user-1', '2024-01-01 00:00:00', 'graph', 'ru.json', now(), 6)`,
		`INSERT INTO ingest_files (path, sha256, size, status, run_id, ingested_at) VALUES
			('/x/a.json', 'aa', 10, 'loaded', 'r1', now()), ('/x/b.json', 'bb', 10, 'loaded', 'r2', now())`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func ids(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedPrune(t, s.DB)
	cut := time.Date(2026, 10, 1, 2, 0, 0, 0, time.FixedZone("CEST", 2*3600)) // 2026-10-01T00:00:00Z
	got, err := Prune(ctx, s.DB, cut)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"signins": 1, "directory_audits": 1, "unified_audit": 2, "risk_detections": 0,
		"signin_auth_details": 1, "detection_events": 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("deleted: got %v; want %v", got, want)
	}
	left := []struct{ query, want string }{
		{"SELECT id FROM signins ORDER BY id", "s-edge s-new"},
		{"SELECT id FROM directory_audits ORDER BY id", "d-new"},
		{"SELECT id FROM unified_audit ORDER BY id", ""},
		{"SELECT id FROM risk_detections ORDER BY id", "r-new"},
		{"SELECT id FROM signin_auth_details ORDER BY id", "s-new#1 undated#1"},
		{"SELECT event_id FROM detection_events ORDER BY event_id", "r-new s-new x"},
		{"SELECT id FROM risky_users ORDER BY id", "user-1"},
		{"SELECT path FROM ingest_files ORDER BY path", "/x/a.json /x/b.json"},
	}
	for _, l := range left {
		if got := strings.Join(ids(t, s.DB, l.query), " "); got != l.want {
			t.Errorf("%s: got %q; want %q", l.query, got, l.want)
		}
	}
	// Nothing else is recorded: the manifest tables hold what they held.
	if n := ids(t, s.DB, "SELECT count(*)::VARCHAR FROM ingest_rejects"); n[0] != "0" {
		t.Errorf("ingest_rejects rows after prune: got %s; want 0", n[0])
	}
	again, err := Prune(ctx, s.DB, cut)
	if err != nil {
		t.Fatal(err)
	}
	for table, n := range again {
		if n != 0 {
			t.Errorf("second prune deleted %d rows from %s; want 0", n, table)
		}
	}
}

func TestPruneIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seedPrune(t, s.DB)
	// The last table's delete fails: the earlier deletes must not stay.
	if _, err := s.DB.Exec("ALTER TABLE signin_auth_details RENAME TO signin_auth_details_gone"); err != nil {
		t.Fatal(err)
	}
	_, err = Prune(ctx, s.DB, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if err == nil || !strings.Contains(err.Error(), "prune signin_auth_details") {
		t.Fatalf("got error %v; want one naming signin_auth_details", err)
	}
	if got := strings.Join(ids(t, s.DB, "SELECT id FROM signins ORDER BY id"), " "); got != "s-edge s-new s-old" {
		t.Errorf("signins after a failed prune: got %q; want all three rows", got)
	}
	if _, err := Prune(ctx, s.DB, time.Time{}); err == nil {
		t.Errorf("prune with a zero cut-off: got no error; want one")
	}
}
