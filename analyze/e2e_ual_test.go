package analyze

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
)

// ualRules are the rules of the Unified Audit Log's hiding and collection.
var ualRules = []string{"inbox_rule_hiding", "bulk_download", "mail_bulk_access"}

// TestGeneratedTenantUAL measures the Unified Audit Log rules as a user would, in every UAL format
// gen writes (Purview's CSV in both layouts, Log Analytics' OfficeActivity as CSV and as JSON),
// with the sign-ins from Graph: each planted attack is found by the rule meant for it, at high,
// and its user is high; no look-alike gets more than low from these rules and no look-alike user
// is flagged above low; no account the tenant did not plant an attack on gets medium or higher
// from them; the backup application is silent.
func TestGeneratedTenantUAL(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a tenant")
	}
	ctx := context.Background()
	tenant := gen.New(gen.Options{Seed: 7, Users: 90, SignInsPerUserDay: 8, Attacks: true, Decoys: true})
	dir := t.TempDir()
	if _, err := tenant.Write(filepath.Join(dir, "graph"), gen.GraphPages); err != nil {
		t.Fatal(err)
	}
	st := newStore(t)
	if _, err := ingest.Run(ctx, st.DB, []string{filepath.Join(dir, "graph")}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	planted := map[string]bool{}
	for _, p := range tenant.Planted {
		planted[p.User] = true
	}
	for _, f := range []gen.Format{gen.PurviewCSV, gen.LogAnalyticsCSV, gen.LogAnalyticsJSON} {
		t.Run(string(f), func(t *testing.T) {
			paths, err := tenant.Write(filepath.Join(dir, string(f)), f)
			if err != nil {
				t.Fatal(err)
			}
			var ual []string
			for _, p := range paths {
				if f == gen.PurviewCSV || strings.Contains(filepath.Base(p), "OfficeActivity") {
					ual = append(ual, p)
				}
			}
			if _, err := st.DB.ExecContext(ctx, `DELETE FROM unified_audit`); err != nil {
				t.Fatal(err)
			}
			if _, err := ingest.Run(ctx, st.DB, ual, ingest.Options{}); err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			res, err := Run(ctx, st.DB, Options{Settings: Settings{ThreatIntel: tenant.ThreatIntelIPs},
				Now: func() time.Time { return tenant.End() }})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("analyze: %s", time.Since(t0))
			for _, rc := range res.Rules {
				if slices.Contains(ualRules, rc.Rule) {
					t.Logf("%s: %s, low %d medium %d high %d", rc.Rule, rc.Elapsed, rc.Low, rc.Medium, rc.High)
				}
			}
			checkUALFindings(t, st.DB, tenant, planted)
		})
	}
}

// checkUALFindings checks one analyze run's findings of the UAL rules against the tenant's ground truth.
func checkUALFindings(t *testing.T, db *sql.DB, tenant *gen.Tenant, planted map[string]bool) {
	ctx := context.Background()
	rank := `max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)`
	levels := []string{"none", "low", "medium", "high"}
	for _, p := range tenant.Planted {
		if !slices.Contains(ualRules, p.Rule) {
			continue
		}
		var got int
		if err := db.QueryRowContext(ctx, `SELECT coalesce(`+rank+`, 0) FROM detections
			WHERE rule_id = $1 AND user_principal_name = $2 AND first_seen <= $4 AND last_seen >= $3`,
			p.Rule, p.User, p.Start, p.End).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != 3 {
			t.Errorf("%s for %s (%s): got %s; want high", p.Rule, p.User, p.Note, levels[got])
		}
		var level string
		if err := db.QueryRowContext(ctx, `SELECT coalesce(max(risk_level), 'none') FROM user_risk WHERE user_principal_name = $1`, p.User).Scan(&level); err != nil {
			t.Fatal(err)
		}
		if level != "high" {
			t.Errorf("user %s (%s): got risk %s; want high", p.User, p.Rule, level)
		}
	}
	for _, d := range tenant.Decoys {
		if !slices.Contains(ualRules, d.Rule) || d.User == "" || planted[d.User] {
			continue
		}
		var got int
		if err := db.QueryRowContext(ctx, `SELECT coalesce(`+rank+`, 0) FROM detections WHERE rule_id IN ('inbox_rule_hiding', 'bulk_download',
			'mail_bulk_access') AND user_principal_name = $1`, d.User).Scan(&got); err != nil {
			t.Fatal(err)
		}
		var level string
		if err := db.QueryRowContext(ctx, `SELECT coalesce(max(risk_level), 'none') FROM user_risk WHERE user_principal_name = $1`, d.User).Scan(&level); err != nil {
			t.Fatal(err)
		}
		if got > 1 || level == "medium" || level == "high" {
			t.Errorf("look-alike %s (%s): got %s from the UAL rules and user risk %s; want low at most", d.User, d.Note, levels[got], level)
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT rule_id, severity, coalesce(user_principal_name, '-'), evidence FROM detections
		WHERE rule_id IN ('inbox_rule_hiding', 'bulk_download', 'mail_bulk_access') ORDER BY 1, 3`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var rule, sev, user, evidence string
		if err := rows.Scan(&rule, &sev, &user, &evidence); err != nil {
			t.Fatal(err)
		}
		n++
		if !planted[user] && sev != "low" {
			t.Errorf("%s %s for %s, who was not attacked: %s", sev, rule, user, evidence)
		}
		t.Logf("%s %s %s", sev, rule, evidence)
		if user == "-" {
			t.Errorf("%s for an application identity (the backup app?): %s", rule, evidence)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d detections of the UAL rules", n)
}
