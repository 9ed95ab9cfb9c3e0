package analyze

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"
)

// benchWorkload adds to benchSignins what the workload identity and directory rules read:
// 40 service principals signing in every hour for the 30 days (28,800 sign-ins), 2,000
// directory changes of the kinds they judge (credentials, app roles, owners, security info,
// passes, roles, Conditional Access) by 50 administrators, and one credential-then-use attack.
const benchWorkload = `
INSERT INTO signins (id, created_at, category, service_principal_id, service_principal_name, app_id, ip_address, country, asn,
    error_code, client_credential_type, service_principal_credential_key_id, source_format, source_file, ingested_at, load_id)
SELECT 'sp-' || p || '-' || h, TIMESTAMP '2026-01-01 00:07:00' + h * INTERVAL '1' HOUR, 'service_principal',
    'sp-' || p, 'App ' || p, 'app-' || p, '20.42.0.' || p, 'US', 8075, 0, 'clientSecret', 'key-' || p,
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM range(40) a(p), range(30 * 24) b(h);

INSERT INTO signins (id, created_at, category, service_principal_id, service_principal_name, app_id, ip_address, country, asn,
    error_code, client_credential_type, service_principal_credential_key_id, source_format, source_file, ingested_at, load_id)
SELECT 'sp-x-' || i, TIMESTAMP '2026-01-25 04:20:00' + i * INTERVAL '10' MINUTE, 'service_principal', 'sp-7', 'App 7', 'app-7',
    '146.70.12.34', 'RO', 9009, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000007', 'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM range(5) t(i);

INSERT INTO directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_id, target_name, target_type, target_upn,
    result_reason, target_resources, source_format, source_file, ingested_at, load_id)
SELECT 'da-' || i, TIMESTAMP '2026-01-01 12:00:00' + (i * 1296) * INTERVAL '1' SECOND,
    ['Update application – Certificates and secrets management', 'Add app role assignment to service principal', 'Add owner to application',
     'Admin registered security info', 'User deleted security info', 'Add member to role', 'Update conditional access policy',
     'User registered security info'][1 + i % 8],
    'user' || (i % 50) || '@contoso.com', '10.' || (i % 50 % 250) || '.0.1', 'obj-' || (i % 40), 'App ' || (i % 40),
    CASE WHEN i % 8 IN (3, 4, 5, 7) THEN 'User' ELSE 'Application' END, 'user' || (i * 7 % 5000) || '@contoso.com',
    CASE WHEN i % 8 = 3 THEN 'Admin registered temporary access pass method for user' END,
    CASE i % 8
        WHEN 0 THEN '[{"id":"obj-' || (i % 40) || '","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-' || lpad(CAST(i AS VARCHAR), 12, '0') || ',KeyType=Password]\"]"}]}]'
        WHEN 1 THEN '[{"id":"graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Value","newvalue":"\"Mail.ReadWrite\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"sp-' || (i % 40) || '\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"App ' || (i % 40) || '\""}]}]'
        WHEN 5 THEN '[{"type":"User","userprincipalname":"user' || (i * 7 % 5000) || '@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","newvalue":"\"Global Administrator\""}]}]'
        ELSE '[]' END,
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM range(2000) t(i);

INSERT INTO directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_id, target_name, target_type, target_resources,
    source_format, source_file, ingested_at, load_id)
VALUES ('da-attack', TIMESTAMP '2026-01-25 04:00:00', 'Update application – Certificates and secrets management', 'user9@contoso.com',
    '203.0.113.50', 'obj-7', 'App 7', 'Application',
    '[{"id":"obj-7","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000099,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000099,KeyType=Password]\",\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000007,KeyType=Password]\"]"}]}]',
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1);
`

// BenchmarkAnalyze1MWorkload runs every rule over BenchmarkAnalyze1M's million sign-ins with
// service principal sign-ins and directory changes added, and logs each rule's time.
func BenchmarkAnalyze1MWorkload(b *testing.B) {
	ctx := context.Background()
	st := newStore(b)
	for _, q := range append(splitStatements(benchSignins), splitStatements(benchWorkload)...) {
		var args []any
		if strings.Contains(q, "$n") {
			args = append(args, sql.Named("n", int64(1_000_000)))
		}
		if _, err := st.DB.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := st.DB.ExecContext(ctx, `CHECKPOINT`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		var err error
		res, err = Run(ctx, st.DB, Options{Settings: Settings{TrustedIPs: []string{"10.200.0.0/16", "192.0.2.0/24"}, ThreatIntel: []string{"203.0.113.50", "198.18.0.0/15"}},
			Now: func() time.Time { return fixtureNow }})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if res.ServicePrincipalsByLevel["high"] == 0 {
		b.Fatalf("got workload identities by level %v; want App 7, whose new key was used from M247, high", res.ServicePrincipalsByLevel)
	}
	for _, rc := range res.Rules {
		b.Logf("%-30s %8.1f ms  low %d medium %d high %d", rc.Rule, float64(rc.Elapsed.Microseconds())/1000, rc.Low, rc.Medium, rc.High)
	}
	b.Logf("users by level %v, workload identities by level %v", res.UsersByLevel, res.ServicePrincipalsByLevel)
}
