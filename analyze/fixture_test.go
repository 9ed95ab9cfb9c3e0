package analyze

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// The clock of the fixtures' analyze runs.
var fixtureNow = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

// newStore opens an empty store in the test's temporary folder.
func newStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// fixtureTables are the canonical tables a fixture may fill through fx_<name>, with the
// defaults that make a fixture row a valid stored row.
var fixtureTables = []struct{ name, exclude, defaults string }{
	{"signins", `EXCLUDE (request_id)`, `coalesce(category, 'interactive') AS category`},
	{"directory_audits", ``, ``},
	{"unified_audit", ``, `coalesce(audit_data, '{}') AS audit_data`},
	{"risk_detections", ``, ``},
	{"risky_users", ``, ``},
}

// loadFixture runs fixture SQL that inserts into fx_signins, fx_directory_audits,
// fx_unified_audit, fx_risk_detections and fx_risky_users (copies of the canonical tables
// without their NOT NULL constraints), then moves the rows into the store.
func loadFixture(t testing.TB, db *sql.DB, fixture string) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, ft := range fixtureTables {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE fx_%s AS SELECT * %s FROM %s LIMIT 0`, ft.name, ft.exclude, ft.name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, fixture); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	for _, ft := range fixtureTables {
		repl := `coalesce(source_format, 'fixture') AS source_format, coalesce(source_file, 'fixture.sql') AS source_file,
			coalesce(ingested_at, TIMESTAMP '2026-03-31 00:00:00') AS ingested_at, coalesce(load_id, 1) AS load_id`
		if ft.defaults != "" {
			repl = ft.defaults + ", " + repl
		}
		q := fmt.Sprintf(`INSERT INTO %s BY NAME SELECT * REPLACE (%s) FROM fx_%s; DROP TABLE fx_%s`, ft.name, repl, ft.name, ft.name)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("fixture into %s: %v", ft.name, err)
		}
	}
}

// fixtureSettings reads the "-- settings: {json}" line of a fixture, if any.
func fixtureSettings(t testing.TB, fixture string) Settings {
	t.Helper()
	var s Settings
	sc := bufio.NewScanner(strings.NewReader(fixture))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "-- settings: "); ok {
			if err := json.Unmarshal([]byte(v), &s); err != nil {
				t.Fatalf("settings line: %v", err)
			}
		}
	}
	return s
}

// onlyRule disables every rule but id.
func onlyRule(t testing.TB, s Settings, id string) Settings {
	t.Helper()
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	s.Disabled = map[string]bool{}
	for _, r := range rules {
		if r.ID != id {
			s.Disabled[r.ID] = true
		}
	}
	return s
}

// detectionLines renders a rule's detections, one tab-separated line each, in key order.
func detectionLines(t testing.TB, db *sql.DB, rule string) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `
		SELECT d.severity, d.detection_key, coalesce(d.user_principal_name, '-'), coalesce(d.ip_address, '-'),
			strftime(d.first_seen, '%Y-%m-%d %H:%M:%S'), strftime(d.last_seen, '%Y-%m-%d %H:%M:%S'), d.event_count,
			coalesce(d.target, '-'), d.evidence,
			(SELECT string_agg(event_id, ',' ORDER BY event_id) FROM detection_events e WHERE e.detection_id = d.detection_id)
		FROM detections d WHERE d.rule_id = $1 ORDER BY d.detection_key`, rule)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sev, key, user, ip, first, last, target, evidence string
		var events sql.NullString
		var n int64
		if err := rows.Scan(&sev, &key, &user, &ip, &first, &last, &n, &target, &evidence, &events); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join([]string{sev, key, user, ip, first, last, fmt.Sprint(n), target, evidence, "events=" + events.String}, "\t"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRuleFixtures runs each rule over its fixture (events that must fire it and near
// misses that must not) and compares the detections with the golden file.
func TestRuleFixtures(t *testing.T) {
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "rules", r.ID+".sql"))
			if err != nil {
				t.Fatalf("no fixture: %v", err)
			}
			fixture := string(b)
			if !strings.Contains(fixture, "nearmiss") && !strings.Contains(fixture, "198.51.100.") {
				t.Fatalf("fixture has no near miss (users named nearmiss-*, or addresses in 198.51.100.0/24)")
			}
			st := newStore(t)
			loadFixture(t, st.DB, fixture)
			s := onlyRule(t, fixtureSettings(t, fixture), r.ID)
			if _, err := Run(context.Background(), st.DB, Options{Settings: s, Now: func() time.Time { return fixtureNow }}); err != nil {
				t.Fatal(err)
			}
			got := detectionLines(t, st.DB, r.ID)
			if len(got) == 0 {
				t.Errorf("got no detections; want the fixture's attacks found")
			}
			for _, ln := range got {
				if strings.Contains(ln, "nearmiss") || strings.Contains(ln, "198.51.100.") {
					t.Errorf("a near miss fired: %s", ln)
				}
			}
			golden := filepath.Join("testdata", "rules", r.ID+".golden")
			text := strings.Join(got, "\n") + "\n"
			if *update {
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./analyze -run TestRuleFixtures -update)", err)
			}
			if text != string(want) {
				t.Errorf("detections of %s:\ngot:\n%s\nwant:\n%s", r.ID, text, want)
			}
		})
	}
}
