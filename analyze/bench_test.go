package analyze

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"
)

// benchSignins makes n sign-ins of 5,000 users over 30 days, with a few attacks mixed in:
// two password sprays, a brute force, MFA fatigue, impossible travel and legacy protocols.
// Each user has a session a day; one sign-in in ten comes from a carrier's network, so most
// sessions move between two networks (the worst case for session_replay).
const benchSignins = `
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, ip_address, country, city,
    latitude, longitude, asn, error_code, additional_details, client_app, user_agent, authentication_protocol,
    app_display_name, session_id, device_id, browser, operating_system, source_format, source_file, ingested_at, load_id)
SELECT 'b' || i,
    TIMESTAMP '2026-01-01 00:00:00' + (i * 2592000 // $n) * INTERVAL '1' SECOND,
    CASE WHEN i % 5 < 2 THEN 'interactive' ELSE 'non_interactive' END,
    'user' || u || '@contoso.com', 'member',
    CASE WHEN r % 10 = 0 THEN '198.51.100.10' ELSE '10.' || (u % 250) || '.' || (u // 250) || '.' || (1 + r % 3) END,
    CASE WHEN u % 5 = 0 THEN 'US' ELSE 'GB' END,
    CASE WHEN u % 5 = 0 THEN 'Seattle' ELSE 'London' END,
    CASE WHEN u % 5 = 0 THEN 47.6 ELSE 51.5 END, CASE WHEN u % 5 = 0 THEN -122.3 ELSE -0.1 END,
    CASE WHEN r % 10 = 0 THEN 21928 ELSE 2856 + u % 7 END,
    CASE WHEN r % 61 = 0 THEN 50126 WHEN r % 997 = 0 THEN 500121 ELSE 0 END,
    CASE WHEN r % 997 = 0 THEN 'MFA denied; user did not respond to mobile app notification' END,
    CASE WHEN u % 40 = 0 AND r % 3 = 0 THEN 'IMAP4' ELSE 'Browser' END,
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'none', 'Office 365 Exchange Online',
    'sess-' || u || '-' || (i * 30 // $n), CASE WHEN u % 3 = 0 THEN NULL ELSE 'dev-' || u END,
    CASE WHEN u % 4 = 0 THEN 'Chrome 131.0.0' ELSE 'Edge 131.0.0' END, CASE WHEN u % 5 = 0 THEN 'MacOs' ELSE 'Windows10' END,
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM (SELECT i, hash(i) % 5000 AS u, hash(i * 31 + 7) % 100000 AS r FROM range($n) t(i));

INSERT INTO signins (id, created_at, category, user_principal_name, user_type, ip_address, country, error_code,
    client_app, source_format, source_file, ingested_at, load_id)
SELECT 'spray-' || s || '-' || i, TIMESTAMP '2026-01-20 03:00:00' + s * INTERVAL '1' DAY + i * INTERVAL '5' SECOND,
    'interactive', 'user' || (i * 37 % 5000) || '@contoso.com', 'member', '203.0.113.' || s, 'RU', 50126,
    'Browser', 'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM range(2) a(s), range(150) b(i);

INSERT INTO signins (id, created_at, category, user_principal_name, user_type, ip_address, country, latitude, longitude,
    error_code, additional_details, client_app, source_format, source_file, ingested_at, load_id)
SELECT 'attack-' || i, TIMESTAMP '2026-01-22 01:00:00' + i * INTERVAL '1' MINUTE, 'interactive',
    CASE WHEN i < 8 THEN 'user7@contoso.com' WHEN i < 21 THEN 'user8@contoso.com' ELSE 'user9@contoso.com' END,
    'member', '203.0.113.50', 'AU', -33.9, 151.2,
    CASE WHEN i < 7 THEN 50126 WHEN i < 8 THEN 0 WHEN i < 20 THEN 500121 ELSE 0 END,
    CASE WHEN i BETWEEN 8 AND 19 THEN 'MFA denied; user declined the authentication' END,
    'Browser', 'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM range(22) t(i);
`

// loadBench runs a benchmark's statements with $n bound to n, and checkpoints.
func loadBench(b *testing.B, db *sql.DB, script string, n int64) {
	b.Helper()
	ctx := context.Background()
	for _, q := range splitStatements(script) {
		var args []any
		if strings.Contains(q, "$n") {
			args = append(args, sql.Named("n", n))
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `CHECKPOINT`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAnalyze1M runs every rule over 1,000,000 sign-ins.
func BenchmarkAnalyze1M(b *testing.B) {
	ctx := context.Background()
	st := newStore(b)
	loadBench(b, st.DB, benchSignins, 1_000_000)
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		var err error
		res, err = Run(ctx, st.DB, Options{Settings: Settings{TrustedIPs: []string{"10.200.0.0/16", "192.0.2.0/24"}, ThreatIntel: []string{"203.0.113.50", "198.18.0.0/15"}}, Now: func() time.Time { return fixtureNow }})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if res.Detections == 0 || res.UsersByLevel["high"] == 0 {
		b.Fatalf("got %d detections and %d high users; want the planted attacks found", res.Detections, res.UsersByLevel["high"])
	}
	b.ReportMetric(float64(res.Detections), "detections")
	for _, rc := range res.Rules {
		b.Logf("%-30s %8.1f ms  low %d medium %d high %d", rc.Rule, float64(rc.Elapsed.Microseconds())/1000, rc.Low, rc.Medium, rc.High)
	}
	b.Logf("users by level %v, risky sign-ins %d", res.UsersByLevel, res.RiskySignins)
}
