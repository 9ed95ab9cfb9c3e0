package analyze

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
)

// The rules of workload identities and directory persistence (issue 12, part B).
var workloadRules = map[string]bool{"sp_new_network": true, "sp_credential_then_use": true, "security_info_removed": true,
	"temporary_access_pass": true, "app_permission_granted": true}

// The directory rules whose routine look-alikes must stay low.
var directoryRules = map[string]bool{"app_credential_added": true, "consent_grant_risky": true, "mfa_method_registered": true,
	"privileged_role_assigned": true, "conditional_access_changed": true, "federation_changed": true}

// TestGeneratedWorkloadTenant measures, on a generated tenant with the workload identity and
// persistence attacks and their look-alikes, what an analyst would check: each attack found
// by the rule meant for it, the service principal whose added secret was used from a new
// network flagged high, the accounts the attacks touched at the level an analyst would give,
// and no look-alike (the tenant's own service principals, the owner's secret rotation, the
// help desk's new hires, a verified app's User.Read consent) above low.
func TestGeneratedWorkloadTenant(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a tenant")
	}
	ctx := context.Background()
	tenant := gen.New(gen.Options{Seed: 12, Attacks: true, Decoys: true})
	dir := t.TempDir()
	for _, f := range []gen.Format{gen.GraphPages, gen.PurviewCSV} {
		if _, err := tenant.Write(filepath.Join(dir, string(f)), f); err != nil {
			t.Fatal(err)
		}
	}
	st := newStore(t)
	if _, err := ingest.Run(ctx, st.DB, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, st.DB, Options{Settings: Settings{ThreatIntel: tenant.ThreatIntelIPs}, Now: func() time.Time { return tenant.End() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("users by level %v; workload identities by level %v", res.UsersByLevel, res.ServicePrincipalsByLevel)
	for _, rc := range res.Rules {
		if workloadRules[rc.Rule] || directoryRules[rc.Rule] {
			t.Logf("%-26s high %d medium %d low %d (%s)", rc.Rule, rc.High, rc.Medium, rc.Low, rc.Elapsed.Round(time.Millisecond))
		}
	}
	userLevel := func(upn string) string {
		var lvl sql.NullString
		err := st.DB.QueryRowContext(ctx, `SELECT risk_level FROM user_risk WHERE user_principal_name = $1`, upn).Scan(&lvl)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		return lvl.String
	}
	spLevel := func(id string) (string, string) {
		var lvl, reasons sql.NullString
		err := st.DB.QueryRowContext(ctx, `SELECT risk_level, reasons FROM service_principal_risk WHERE service_principal_id = $1`, id).Scan(&lvl, &reasons)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		return lvl.String, reasons.String
	}

	var attacked int
	for _, p := range tenant.Planted {
		if !workloadRules[p.Rule] {
			continue
		}
		attacked++
		t.Run("found/"+p.Rule+"/"+p.User+p.ServicePrincipal, func(t *testing.T) {
			var n int
			var sev sql.NullString
			err := st.DB.QueryRowContext(ctx, `SELECT count(*), max(severity) FILTER (WHERE severity = 'high') FROM detections
				WHERE rule_id = $1 AND (($2 <> '' AND target = $2) OR ($2 = '' AND user_principal_name = $3))`,
				p.Rule, p.ServicePrincipal, p.User).Scan(&n, &sev)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatalf("got no %s detection for %q%q; want the planted attack found by its own rule (%s)", p.Rule, p.User, p.ServicePrincipal, p.Note)
			}
			switch {
			case p.ServicePrincipal != "":
				if lvl, why := spLevel(p.ServicePrincipal); lvl != "high" {
					t.Errorf("service principal %s is %q (%s); want high: its added secret was used from a new network", p.ServicePrincipal, lvl, why)
				}
			case p.Rule == "app_permission_granted" || p.Rule == "security_info_removed":
				if lvl := userLevel(p.User); levelRank[lvl] < 2 {
					t.Errorf("%s is %q; want at least medium (%s)", p.User, lvl, p.Note)
				}
			case p.Rule == "temporary_access_pass":
				if lvl := userLevel(p.User); lvl != "high" {
					t.Errorf("%s is %q; want high: an attacker-issued pass was used from a hosting network", p.User, lvl)
				}
			}
		})
	}
	if attacked < 5 {
		t.Errorf("got %d planted attacks of the workload and persistence rules; want at least 5", attacked)
	}

	// The compromised administrator who added the secret is at least medium.
	for _, p := range tenant.Planted {
		if p.Rule == "app_credential_added" {
			if lvl := userLevel(p.User); levelRank[lvl] < 2 {
				t.Errorf("the administrator %s who added the secret is %q; want at least medium", p.User, lvl)
			}
		}
	}

	// No look-alike above low.
	for _, d := range tenant.Decoys {
		if !workloadRules[d.Rule] && !directoryRules[d.Rule] {
			continue
		}
		t.Run("quiet/"+d.Rule+"/"+d.User+d.ServicePrincipal, func(t *testing.T) {
			if d.ServicePrincipal != "" {
				if lvl, why := spLevel(d.ServicePrincipal); levelRank[lvl] > 1 {
					t.Errorf("service principal %s is %s (%s); want no more than low (%s)", d.ServicePrincipal, lvl, why, d.Note)
				}
				return
			}
			if d.User == "" {
				return
			}
			rows, err := st.DB.QueryContext(ctx, `SELECT rule_id, severity, evidence FROM detections
				WHERE user_principal_name = $1 AND severity IN ('medium', 'high') ORDER BY 1`, d.User)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var rule, sev, ev string
				if err := rows.Scan(&rule, &sev, &ev); err != nil {
					t.Fatal(err)
				}
				if workloadRules[rule] || directoryRules[rule] {
					t.Errorf("%s is flagged %s by %s: %s; want no more than low (%s)", d.User, sev, rule, ev, d.Note)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}

	// Workload identities flagged: the attacked app (and the attacker's consented app), and
	// none of the tenant's own that only did their routine.
	rows, err := st.DB.QueryContext(ctx, `SELECT service_principal_id, coalesce(service_principal_name, ''), risk_level, reasons
		FROM service_principal_risk WHERE risk_level IN ('medium', 'high') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var flagged []string
	for rows.Next() {
		var id, name, lvl, why string
		if err := rows.Scan(&id, &name, &lvl, &why); err != nil {
			t.Fatal(err)
		}
		flagged = append(flagged, name+" "+lvl)
		for _, d := range tenant.Decoys {
			if d.ServicePrincipal == id {
				t.Errorf("look-alike %s (%s) is %s: %s", name, id, lvl, why)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("workload identities flagged medium or high: %s", strings.Join(flagged, "; "))
}
