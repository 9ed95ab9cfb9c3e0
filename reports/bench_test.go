package reports

import (
	"bufio"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// benchTenantSQL makes a month of a 20,000-user tenant: 1,000,000 sign-ins, 100,000 of them
// risky, 20,000 detections, 5,000 flagged users (500 high), 2,000 audit findings.
const benchTenantSQL = `
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, app_display_name, ip_address,
    city, "state", country, error_code, failure_reason, client_app, user_agent, source_format, source_file, ingested_at, load_id)
SELECT printf('s%08d', i), TIMESTAMP '2026-02-01 00:00:00' + to_seconds(i * 2.5),
    'interactive', printf('user%05d@contoso.com', i % 20000), 'member',
    ['Office 365 Exchange Online', 'Microsoft Teams', 'OfficeHome', 'Azure Portal'][i % 4 + 1],
    printf('%d.%d.%d.%d', 20 + i % 180, (i // 7) % 250, (i // 13) % 250, i % 250),
    ['Seattle', 'London', 'Amsterdam', 'São Paulo', 'Sydney'][i % 5 + 1], NULL, ['US', 'GB', 'NL', 'BR', 'AU'][i % 5 + 1],
    CASE WHEN i % 8 = 0 THEN 50126 ELSE 0 END, CASE WHEN i % 8 = 0 THEN 'Invalid username or password.' END,
    'Browser', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
    'graph_signins', printf('/exports/signins-%03d.json', i % 100), TIMESTAMP '2026-03-02 00:00:00', i % 100
FROM range(1000000) t(i);

INSERT INTO risky_signins
SELECT id, created_at, user_principal_name, ip_address, concat_ws(', ', city, country), country,
    CASE WHEN error_code = 0 THEN 'success' ELSE 'failure' END, error_code, app_display_name, client_app, user_agent,
    ['low', 'medium', 'high'][(CAST(substr(id, 2) AS BIGINT) // 10) % 3 + 1],
    ['new_country', 'password_spray', 'impossible_travel,threat_intel_ip', 'legacy_auth'][(CAST(substr(id, 2) AS BIGINT) // 10) % 4 + 1],
    request_id, [printf('d%06d', (CAST(substr(id, 2) AS BIGINT) // 10) % 20000)], TIMESTAMP '2026-03-02 01:00:00'
FROM signins WHERE CAST(substr(id, 2) AS BIGINT) % 10 = 0;

INSERT INTO detections (detection_id, rule_id, rule_name, severity, tactic, technique, user_principal_name, ip_address,
    first_seen, last_seen, event_count, state, evidence, source_table, analyzed_at)
SELECT printf('d%06d', i), r.rule_id, r.title, r.sev, 'Initial Access', 'T1078', printf('user%05d@contoso.com', (i * 7) % 20000),
    printf('185.220.%d.%d', i % 250, (i // 250) % 250),
    TIMESTAMP '2026-02-01 00:00:00' + to_seconds(i * 125), TIMESTAMP '2026-02-01 00:00:00' + to_seconds(i * 125 + 600),
    1 + i % 40, CASE WHEN i % 10 = 0 THEN 'dismissed' ELSE 'atRisk' END,
    'sign-ins from ' || printf('185.220.%d.%d', i % 250, (i // 250) % 250) || ' and a new country', 'signins', TIMESTAMP '2026-03-02 01:00:00'
FROM range(20000) t(i)
JOIN (VALUES (0, 'impossible_travel', 'Impossible travel', 'high'), (1, 'new_country', 'New country', 'medium'),
    (2, 'password_spray', 'Password spray', 'medium'), (3, 'legacy_auth', 'Legacy authentication', 'low'),
    (4, 'privileged_role_assigned', 'Privileged role assigned', 'high')) r(n, rule_id, title, sev) ON r.n = i % 5;

INSERT INTO directory_audits (id, activity_at, category, activity, result, actor_upn, actor_ip, target_id, target_name, target_type,
    target_upn, source_format, source_file, ingested_at, load_id)
SELECT printf('audit%06d', i), TIMESTAMP '2026-02-01 00:00:00' + to_seconds(i * 1250), 'RoleManagement', 'Add member to role', 'success',
    printf('user%05d@contoso.com', (i * 35) % 20000), '185.220.1.1', printf('5b0e1c7a-3f61-4a8c-9a53-%012d', i), 'svc', 'User',
    printf('user%05d@contoso.com', (i * 35 + 1) % 20000), 'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-02 00:00:00', 200
FROM range(2000) t(i);

INSERT INTO audit_findings
SELECT activity_at, 'privileged_role_assigned', 'high', actor_upn, target_upn, activity, 'Global Administrator',
    'directory_audits', id, printf('d%06d', (CAST(substr(id, 6) AS BIGINT) * 5 + 4) % 20000), TIMESTAMP '2026-03-02 01:00:00'
FROM directory_audits;

INSERT INTO user_risk
SELECT printf('user%05d@contoso.com', i),
    CASE WHEN i < 500 THEN 'high' WHEN i < 2000 THEN 'medium' ELSE 'low' END,
    CASE WHEN i < 50 THEN 'confirmedCompromised' ELSE 'atRisk' END,
    CASE WHEN i < 500 THEN 90 WHEN i < 2000 THEN 50 ELSE 20 END - i % 10,
    4, ['impossible_travel', 'new_country'], TIMESTAMP '2026-02-10 00:00:00', TIMESTAMP '2026-02-12 00:00:00',
    'sign-ins from two countries two hours apart', NULL, TIMESTAMP '2026-03-02 01:00:00'
FROM range(5000) t(i);

INSERT INTO ingest_files (path, sha256, size, format, target_table, status, rows_read, rows_added, load_id, run_id, ingested_at)
SELECT printf('/exports/signins-%03d.json', i), sha256(i::VARCHAR), 8000000, 'graph_signins', 'signins', 'loaded', 10000, 10000, i,
    'bench', TIMESTAMP '2026-03-02 00:00:00'
FROM range(100) t(i);

INSERT INTO analyze_runs VALUES ('bench', TIMESTAMP '2026-03-02 01:00:00', TIMESTAMP '2026-03-02 01:00:30',
    ['impossible_travel', 'new_country', 'password_spray', 'legacy_auth', 'privileged_role_assigned'], 20000, NULL);
`

// BenchmarkWrite1M writes the report set of a month of a 20,000-user tenant (1,000,000
// sign-ins, 100,000 risky sign-ins). It reports the peak resident memory of the process
// during the writes (the store's own memory included), reset before they start.
func BenchmarkWrite1M(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	t0 := time.Now()
	if _, err := s.DB.ExecContext(ctx, benchTenantSQL); err != nil {
		b.Fatal(err)
	}
	if _, err := s.DB.ExecContext(ctx, "CHECKPOINT"); err != nil {
		b.Fatal(err)
	}
	b.Logf("tenant made in %s", time.Since(t0).Round(time.Millisecond))
	var db *sql.DB = s.DB
	before := statusKB("VmRSS:")
	resetPeakRSS()
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		res, err = Write(ctx, db, Options{Dir: filepath.Join(b.TempDir(), "out"), Version: "bench", Logger: benchLogger()})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if peak := peakRSS(); peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
		b.ReportMetric(float64(before)/(1<<10), "RSS-before-MiB")
	}
	if res.RiskySignins != 100000 {
		b.Fatalf("risky sign-ins = %d; want 100,000", res.RiskySignins)
	}
	for _, f := range res.Files {
		b.Logf("%-20s %10d bytes %8d rows", f.Name, f.Size, f.Rows)
	}
}

// resetPeakRSS resets the process's peak resident set size (Linux: VmHWM).
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is the process's peak resident set size in bytes since the last reset (Linux).
func peakRSS() int64 { return statusKB("VmHWM:") << 10 }

// statusKB reads one kB figure of /proc/self/status (Linux; 0 elsewhere).
func statusKB(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// BenchmarkScanRiskySignins measures only reading the 100,000 risky sign-ins through
// database/sql, the part an Arrow reader could replace.
func BenchmarkScanRiskySignins(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.DB.ExecContext(ctx, benchTenantSQL); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := s.DB.QueryContext(ctx, `SELECT created_at, user_principal_name, ip_address, location, status, error_code, app,
			client_app, user_agent, risk_level, rule_ids, request_id, country FROM risky_signins ORDER BY created_at DESC, signin_id`)
		if err != nil {
			b.Fatal(err)
		}
		var t sql.NullTime
		var n sql.NullInt64
		var str [11]sql.NullString
		for rows.Next() {
			if err := rows.Scan(&t, &str[0], &str[1], &str[2], &str[3], &n, &str[4], &str[5], &str[6], &str[7], &str[8], &str[9], &str[10]); err != nil {
				b.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
	}
}

// benchLogger logs each sheet's time when ENTRARISK_BENCH_LOG is set.
func benchLogger() *slog.Logger {
	if os.Getenv("ENTRARISK_BENCH_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
