package analyze

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
)

// TestGeneratedTenant runs the whole rule set over a generated tenant with planted attacks
// and benign look-alikes: every attack must be found, and no one may be flagged high but
// the attacked accounts (and accounts whose high findings come from the attackers'
// addresses, such as the backdoor account the attacker signs in to).
func TestGeneratedTenant(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a tenant")
	}
	ctx := context.Background()
	tenant := gen.New(gen.Options{Seed: 1, Attacks: true, Decoys: true})
	dir := t.TempDir()
	// Graph pages carry sign-ins, audits and Identity Protection; Purview the mailbox audit.
	for _, f := range []gen.Format{gen.GraphPages, gen.PurviewCSV} {
		if _, err := tenant.Write(filepath.Join(dir, string(f)), f); err != nil {
			t.Fatal(err)
		}
	}
	st := newStore(t)
	if _, err := ingest.Run(ctx, st.DB, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, st.DB, Options{Settings: Settings{ThreatIntel: tenant.ThreatIntelIPs},
		Now: func() time.Time { return tenant.End() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d detections; users by level %v", res.Detections, res.UsersByLevel)

	plantedUsers, plantedIPs := map[string]bool{}, map[string]bool{}
	for _, p := range tenant.Planted {
		plantedUsers[p.User] = p.User != ""
		if p.IP != "" {
			plantedIPs[p.IP] = true
		}
		t.Run("found/"+p.Rule+"/"+p.User+"/"+p.IP, func(t *testing.T) {
			var n int
			err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM detections
				WHERE rule_id = $1 AND ($2 = '' OR user_principal_name = $2) AND ($2 <> '' OR ip_address = $3)`,
				p.Rule, p.User, p.IP).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("got no %s detection for user %q address %q; want the planted attack found (%s)", p.Rule, p.User, p.IP, p.Note)
			}
		})
	}

	rows, err := st.DB.QueryContext(ctx, `SELECT u.user_principal_name, coalesce(u.reasons, ''),
			coalesce(list(DISTINCT d.ip_address ORDER BY d.ip_address) FILTER (WHERE d.severity = 'high' AND d.state IN ('atRisk', 'confirmedCompromised')), []),
			count(*) FILTER (WHERE d.severity = 'high' AND d.ip_address IS NULL)
		FROM user_risk u LEFT JOIN detections d USING (user_principal_name)
		WHERE u.risk_level = 'high' GROUP BY ALL ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var high []string
	for rows.Next() {
		var user, reasons string
		var ips []any
		var noIP int
		if err := rows.Scan(&user, &reasons, &ips, &noIP); err != nil {
			t.Fatal(err)
		}
		high = append(high, user)
		if plantedUsers[user] {
			continue
		}
		explained := len(ips) > 0 && noIP == 0 && !strings.Contains(reasons, "compromise chain")
		for _, ip := range ips {
			if s, _ := ip.(string); !plantedIPs[s] {
				explained = false
			}
		}
		if !explained {
			t.Errorf("%s is flagged high (%s; addresses %v); want only attacked accounts high", user, reasons, ips)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(high)
	t.Logf("high: %v", high)
	for _, d := range tenant.Decoys {
		if d.User != "" && !plantedUsers[d.User] {
			for _, h := range high {
				if h == d.User {
					t.Errorf("decoy %s (%s) is flagged high", d.User, d.Note)
				}
			}
		}
	}
}
