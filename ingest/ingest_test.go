package ingest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func fixedNow() time.Time { return time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC) }

func runIngest(t *testing.T, st *store.Store, paths ...string) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), st.DB, paths, Options{Now: fixedNow, RunID: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// dump renders a query's rows as text, one row a line, for golden files.
func dump(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	b.WriteString(strings.Join(cols, " | ") + "\n")
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				cells[i] = "∅"
			case time.Time:
				cells[i] = x.UTC().Format("2006-01-02T15:04:05.999999")
			default:
				cells[i] = fmt.Sprint(x)
			}
		}
		b.WriteString(strings.Join(cells, " | ") + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, diffLines(string(want), got))
	}
}

// diffLines shows the lines that differ, for a readable failure.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// The store's contents after loading every fixture format together: one row per record,
// each from the fullest format that carried it.
func TestFormatsGolden(t *testing.T) {
	st := openStore(t)
	sum := runIngest(t, st, "testdata/formats")
	for _, f := range sum.Files {
		if f.Status != "loaded" {
			t.Errorf("%s: got status %s (%s); want loaded", f.Path, f.Status, f.Reason)
		}
	}
	var b strings.Builder
	b.WriteString(dump(t, st.DB, `SELECT id, created_at, category, user_principal_name, user_display_name, app_display_name,
		resource_display_name, ip_address, city, state, country, latitude, longitude, asn, error_code, failure_reason,
		additional_details, client_app, user_agent, operating_system, browser, is_compliant, is_managed, trust_type,
		authentication_requirement, conditional_access_status, authentication_protocol, is_interactive,
		risk_level_during_signin, risk_level_aggregated, risk_state, risk_event_types, token_issuer_type,
		authentication_details::VARCHAR AS authentication_details, applied_ca_policies::VARCHAR AS applied_ca_policies,
		extra::VARCHAR AS extra, source_format FROM signins ORDER BY id`))
	b.WriteString(dump(t, st.DB, `SELECT id, activity_at, category, activity, operation_type, result, actor_upn, actor_ip,
		target_id, target_name, target_type, target_upn, target_resources::VARCHAR AS target_resources,
		additional_details::VARCHAR AS additional_details, user_agent, source_format
		FROM directory_audits ORDER BY id`))
	b.WriteString(dump(t, st.DB, `SELECT id, created_at, record_type, operation, workload, user_id, client_ip, result_status,
		object_id, parameters::VARCHAR AS parameters, source_format FROM unified_audit ORDER BY id`))
	b.WriteString(dump(t, st.DB, `SELECT id, request_id, risk_event_type, risk_state, risk_level, ip_address, country,
		activity_at, detected_at, last_updated_at, user_principal_name, additional_info::VARCHAR AS additional_info, source_format
		FROM risk_detections ORDER BY id`))
	b.WriteString(dump(t, st.DB, `SELECT id, user_principal_name, risk_level, risk_state, risk_detail, risk_last_updated_at, source_format
		FROM risky_users ORDER BY id`))
	b.WriteString(dump(t, st.DB, `SELECT id, request_id, step_at, method, succeeded, result_detail, requirement FROM signin_auth_details ORDER BY id`))
	b.WriteString(dump(t, st.DB, `SELECT regexp_replace(path, '^.*/testdata/', '') AS path, format, target_table, status,
		rows_read, rows_added, rows_duplicate, rows_rejected, min_time, max_time FROM ingest_files ORDER BY path`))
	golden(t, "formats.txt", b.String())
}

// Each format on its own maps the same sign-ins onto the same typed columns.
func TestEveryFormatSameSignIns(t *testing.T) {
	files := []struct {
		path    string
		format  string
		portal  bool // the portal download has whole seconds and no coordinates
		records int
	}{
		{"graph_signins_v1_page.json", "graph_signins", false, 3},
		{"graph_signins_powershell.json", "graph_signins", false, 3},
		{"insights-logs-signinlogs", "azure_monitor_signins", false, 3},
		{"log_analytics_SigninLogs.csv", "log_analytics_signins", false, 3},
		{"log_analytics_SigninLogs.json", "log_analytics_signins", false, 3},
		{"InteractiveSignIns_2026-10-05_2026-10-06.csv", "portal_signins_csv", true, 3},
	}
	want := []string{
		"1b0c5d2e-0a6f-4f61-9c7e-3d1f2a4b5c01 | 2026-10-05T08:14:09 | interactive | adele.vance@contoso.com | 203.0.113.10 | Seattle | Washington | US | 0 | Browser | Microsoft Teams | Windows10 | true",
		"1b0c5d2e-0a6f-4f61-9c7e-3d1f2a4b5c02 | 2026-10-05T08:20:41 | interactive | lee.gu@contoso.com | 198.51.100.23 | Amsterdam | Noord-Holland | NL | 50126 | Other clients | Office 365 Exchange Online | ∅ | false",
		"1b0c5d2e-0a6f-4f61-9c7e-3d1f2a4b5c03 | 2026-10-05T09:02:17 | interactive | megan.bowen@contoso.com | 192.0.2.44 | London | England | GB | 500121 | Browser | Azure Portal | Linux | false",
	}
	for _, f := range files {
		t.Run(f.path, func(t *testing.T) {
			st := openStore(t)
			sum := runIngest(t, st, filepath.Join("testdata/formats", f.path))
			var added int64
			for _, r := range sum.Files {
				if r.Status != "loaded" || r.Format != f.format {
					t.Fatalf("%s: got %s as %s (%s); want loaded as %s", r.Path, r.Status, r.Format, r.Reason, f.format)
				}
				added += r.Added
			}
			if added != int64(f.records) {
				t.Errorf("got %d rows added; want %d", added, f.records)
			}
			got := dump(t, st.DB, `SELECT id, date_trunc('second', created_at) AS t, category, user_principal_name, ip_address,
				city, state, country, error_code, client_app, app_display_name, operating_system, is_compliant FROM signins ORDER BY id`)
			lines := strings.Split(strings.TrimSpace(got), "\n")[1:]
			if len(lines) != len(want) {
				t.Fatalf("got %d sign-ins; want %d:\n%s", len(lines), len(want), got)
			}
			for i := range want {
				if lines[i] != want[i] {
					t.Errorf("row %d:\n got: %s\nwant: %s", i+1, lines[i], want[i])
				}
			}
			var lat sql.NullFloat64
			if err := st.DB.QueryRow(`SELECT latitude FROM signins WHERE id LIKE '%c01'`).Scan(&lat); err != nil {
				t.Fatal(err)
			}
			if f.portal == lat.Valid || (lat.Valid && lat.Float64 != 47.6062) {
				t.Errorf("got latitude %v; want 47.6062 (none from the portal download)", lat)
			}
		})
	}
}

// Azure Monitor re-delivers records; the PowerShell export writes \/Date()\/ times with
// milliseconds; Log Analytics writes US-locale times: each lands on the same instant.
func TestQuirks(t *testing.T) {
	st := openStore(t)
	sum := runIngest(t, st, "testdata/formats/insights-logs-signinlogs")
	if len(sum.Files) != 1 || sum.Files[0].Read != 4 || sum.Files[0].Added != 3 || sum.Files[0].Duplicates != 1 {
		t.Errorf("got %+v; want 4 read, 3 added, 1 duplicate", sum.Files)
	}
	var envTime string
	if err := st.DB.QueryRow(`SELECT extra->>'$._az_time' FROM signins WHERE id LIKE '%c01'`).Scan(&envTime); err != nil {
		t.Fatal(err)
	}
	if envTime != "2026-10-05T08:14:09.9876543Z" {
		t.Errorf("got envelope time %q in extra; want the Azure ingestion time kept apart from createdDateTime", envTime)
	}
	st2 := openStore(t)
	runIngest(t, st2, "testdata/formats/graph_signins_powershell.json", "testdata/formats/log_analytics_SigninLogs.csv")
	var ts time.Time
	if err := st2.DB.QueryRow(`SELECT created_at FROM signins WHERE id LIKE '%c01'`).Scan(&ts); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 10, 5, 8, 14, 9, 123000000, time.UTC); !ts.Equal(want) {
		t.Errorf("got %v; want %v", ts, want)
	}
}

// Loading the same files again adds nothing; unchanged files are not even read.
func TestReingestAddsNothing(t *testing.T) {
	st := openStore(t)
	first := runIngest(t, st, "testdata/formats")
	var n1 int64
	st.DB.QueryRow(`SELECT (SELECT count(*) FROM signins) + (SELECT count(*) FROM directory_audits) + (SELECT count(*) FROM unified_audit)`).Scan(&n1)
	second := runIngest(t, st, "testdata/formats")
	if len(second.Files) != 0 || second.Unchanged != len(first.Files) {
		t.Errorf("second run: got %d files read, %d unchanged; want 0 read, %d unchanged", len(second.Files), second.Unchanged, len(first.Files))
	}
	third, err := Run(context.Background(), st.DB, []string{"testdata/formats"}, Options{Now: fixedNow, Reload: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range third.Files {
		if f.Added != 0 {
			t.Errorf("reload %s: got %d rows added; want 0", f.Path, f.Added)
		}
	}
	var n2 int64
	st.DB.QueryRow(`SELECT (SELECT count(*) FROM signins) + (SELECT count(*) FROM directory_audits) + (SELECT count(*) FROM unified_audit)`).Scan(&n2)
	if n1 != n2 || n1 == 0 {
		t.Errorf("got %d rows after reloading; want %d", n2, n1)
	}
}

// Bad input: each file that cannot be read whole is named with its reason and stores
// nothing; a file with some bad records stores the rest; the good file beside them loads.
func TestBadInput(t *testing.T) {
	st := openStore(t)
	sum := runIngest(t, st, "testdata/bad", "testdata/formats/graph_signins_v1_page.json")
	want := map[string]string{
		"auditlogs_hunting_result.csv": "auditlogs_hunting_result.csv:1: no time column",
		"empty.json":                   "empty.json: empty file",
		"every_record_bad.jsonl":       "every_record_bad.jsonl:1: every record was set aside (2); the first: createdDateTime soon is not a time",
		"garbage.bin":                  "garbage.bin: binary data, not a text export",
		"people.csv":                   `people.csv:1: CSV header matches no export entrarisk reads (it begins "name", "age", "city")`,
		"provisioning_PT1H.json":       `provisioning_PT1H.json: Azure Monitor category "ProvisioningLogs" is not one entrarisk reads`,
		"trailing_comma.json":          "trailing_comma.json:5: trailing comma before ']'",
		"truncated_page.json":          "truncated_page.json:9: unexpected end of input inside a value (truncated file?)",
		"unknown_records.json":         "unknown_records.json: JSON records are not an export entrarisk reads (the first has members bar, foo)",
		"whitespace_only.json":         "whitespace_only.json: the file holds only white space",
	}
	seen := map[string]bool{}
	for _, f := range sum.Files {
		name := filepath.Base(f.Path)
		seen[name] = true
		reason, bad := want[name]
		switch {
		case bad && f.Status != "rejected":
			t.Errorf("%s: got status %s; want rejected", name, f.Status)
		case bad && !strings.Contains(f.Reason, reason):
			t.Errorf("%s: got reason %q; want it to contain %q", name, f.Reason, reason)
		case bad && f.Added != 0:
			t.Errorf("%s: got %d rows added; want none", name, f.Added)
		case !bad && f.Status != "loaded":
			t.Errorf("%s: got status %s (%s); want loaded", name, f.Status, f.Reason)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s: not read", name)
		}
	}
	files, records := sum.Rejected()
	if files != len(want) || records != 4 {
		t.Errorf("got %d files rejected and %d records set aside; want %d and 4", files, records, len(want))
	}
	got := dump(t, st.DB, `SELECT regexp_replace(path, '^.*/', '') AS file, line, record_id, reason FROM ingest_rejects ORDER BY path, line`)
	wantRejects := `file | line | record_id | reason
some_records_bad.jsonl | 2 | b0000000-0000-4000-8000-000000000011 | createdDateTime last Tuesday is not a time
some_records_bad.jsonl | 3 | ∅ | no id
some_records_bad.jsonl | 4 | b0000000-0000-4000-8000-000000000013 | status is text, not an object
some_records_bad.jsonl | 5 | ∅ | record not closed before the end of the line
`
	if got != wantRejects {
		t.Errorf("rejects table:\n%s", diffLines(wantRejects, got))
	}
	var n int
	st.DB.QueryRow(`SELECT count(*) FROM signins WHERE source_file LIKE '%some_records_bad.jsonl'`).Scan(&n)
	if n != 2 {
		t.Errorf("got %d rows from some_records_bad.jsonl; want the 2 good ones", n)
	}
	st.DB.QueryRow(`SELECT count(*) FROM ingest_files WHERE status = 'rejected'`).Scan(&n)
	if n != len(want) {
		t.Errorf("got %d rejected files in the manifest; want %d", n, len(want))
	}
}

// A file copied or renamed after it was loaded is recognised by its content and not read
// again.
func TestCopiedFileSkipped(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/formats/graph_signins_v1_page.json")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.json"), src, 0o644)
	runIngest(t, st, dir)
	os.WriteFile(filepath.Join(dir, "b.json"), src, 0o644)
	sum := runIngest(t, st, dir)
	if len(sum.Files) != 0 || sum.Unchanged != 2 {
		t.Errorf("got %d files read and %d skipped; want 0 read and 2 skipped", len(sum.Files), sum.Unchanged)
	}
	var status, reason string
	st.DB.QueryRow(`SELECT status, reason FROM ingest_files WHERE path LIKE '%b.json'`).Scan(&status, &reason)
	if status != "duplicate_file" || !strings.HasSuffix(reason, "a.json") {
		t.Errorf("got manifest %s (%s) for the copy; want duplicate_file naming a.json", status, reason)
	}
}

// The portal's audit download carries no record id; its rows are matched to the same
// activity from Graph or Log Analytics whichever is loaded first, and one row stays.
func TestPortalAuditMatchesOtherFormats(t *testing.T) {
	for _, order := range [][]string{
		{"testdata/formats/AuditLogs_2026-10-05_2026-10-06.csv", "testdata/formats/graph_directoryAudits_page.json"},
		{"testdata/formats/graph_directoryAudits_page.json", "testdata/formats/AuditLogs_2026-10-05_2026-10-06.csv"},
	} {
		st := openStore(t)
		for _, p := range order {
			runIngest(t, st, p)
		}
		var n int
		var format string
		st.DB.QueryRow(`SELECT count(*), any_value(source_format) FROM directory_audits WHERE activity = 'Add member to role'`).Scan(&n, &format)
		if n != 1 || format != "graph_directory_audits" {
			t.Errorf("%s first: got %d rows of the role assignment (from %s); want 1, from Graph", filepath.Base(order[0]), n, format)
		}
	}
}

// Files that load together in one statement still load, and are set aside, one by one:
// a bad record in one of them costs only that record.
func TestBatchWithABadRecord(t *testing.T) {
	dir := t.TempDir()
	for i, name := range []string{"a.jsonl", "b.jsonl", "c.jsonl", "d.json", "e.json"} {
		var b strings.Builder
		for k := 0; k < 3; k++ {
			created := fmt.Sprintf("2026-10-0%dT10:00:0%dZ", i+1, k)
			if name == "b.jsonl" && k == 1 || name == "e.json" && k == 2 {
				created = "not a time"
			}
			rec := fmt.Sprintf(`{"id":"%s-%d","createdDateTime":"%s","userPrincipalName":"u%d@contoso.com","status":{"errorCode":0}}`, name, k, created, k)
			if strings.HasSuffix(name, ".json") {
				// Pages go through the splitter, in a batch of their own.
				if k == 0 {
					b.WriteString(`{"value":[` + "\n")
				} else {
					b.WriteString(",\n")
				}
				b.WriteString(rec)
				if k == 2 {
					b.WriteString("\n]}\n")
				}
				continue
			}
			b.WriteString(rec + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t)
	sum := runIngest(t, st, dir)
	got := map[string]string{}
	for _, f := range sum.Files {
		var lines []string
		for _, r := range f.Rejects {
			lines = append(lines, fmt.Sprint(r.Line))
		}
		got[filepath.Base(f.Path)] = fmt.Sprintf("%s %d added, rejected at %v", f.Status, f.Added, lines)
	}
	want := map[string]string{
		"a.jsonl": "loaded 3 added, rejected at []",
		"b.jsonl": "loaded 2 added, rejected at [2]",
		"c.jsonl": "loaded 3 added, rejected at []",
		"d.json":  "loaded 3 added, rejected at []",
		"e.json":  "loaded 2 added, rejected at [4]",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q; want %q", k, got[k], v)
		}
	}
}

// Files of one shape load in one batch even with other files between them (Azure Monitor's
// category folders interleave); the files between load on their own.
func TestFilesOfOneShapeLoadTogether(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.jsonl": `{"id":"a1","createdDateTime":"2026-10-01T10:00:00Z","userPrincipalName":"u@contoso.com"}` + "\n",
		// PowerShell's spelling: read through the normalizer, not with a and c
		"b.json":  `[{"Id":"b1","CreatedDateTime":"2026-10-01T11:00:00Z","UserPrincipalName":"u@contoso.com"}]`,
		"c.jsonl": `{"id":"c1","createdDateTime":"2026-10-01T12:00:00Z","userPrincipalName":"u@contoso.com"}` + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t)
	runIngest(t, st, dir)
	loads := map[string]int64{}
	rows, err := st.DB.Query(`SELECT path, load_id FROM ingest_files WHERE status = 'loaded'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var id int64
		if err := rows.Scan(&p, &id); err != nil {
			t.Fatal(err)
		}
		loads[filepath.Base(p)] = id
	}
	if len(loads) != 3 || loads["a.jsonl"] != loads["c.jsonl"] || loads["b.json"] == loads["a.jsonl"] {
		t.Errorf("got loads %v; want a.jsonl and c.jsonl in one, b.json in another", loads)
	}
	var n int
	st.DB.QueryRow(`SELECT count(*) FROM signins`).Scan(&n)
	if n != 3 {
		t.Errorf("got %d sign-ins; want 3", n)
	}
}
