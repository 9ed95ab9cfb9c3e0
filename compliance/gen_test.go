package compliance

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
)

// caFigures are the figures that need appliedConditionalAccessPolicies, which the portal's
// CSV download does not carry.
var caFigures = []string{"ca_sign_ins_with_policies", "ca_policies", "ca_policy_failures", "ca_policy_failure_users",
	"ca_report_only_failures", "ca_report_only_would_block_successes", "ca_report_only_user_action_required"}

// TestGeneratedTenantEveryFormat exports a generated tenant written in each format entrarisk
// reads: every sheet has something to say (single-factor users, legacy clients, report-only
// policies, an over-prompted user, MFA denials, no responses and a fraud report, sensitive
// changes of every kind, privileged roles assigned, removed and activated), and every format
// gives the same figures, but for what a format does not carry (the portal's CSV: policy
// details), which the Summary names.
func TestGeneratedTenantEveryFormat(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a tenant in five formats")
	}
	ctx := context.Background()
	tn := gen.New(gen.Options{Seed: 5, Users: 45, SignInsPerUserDay: 2, Attacks: true, Decoys: true})
	formats := []gen.Format{gen.GraphPages, gen.AzureMonitor, gen.LogAnalyticsCSV, gen.PortalCSV, gen.GraphPowerShell}
	figures := map[gen.Format]map[string]any{}
	gaps := map[gen.Format]string{}
	var graphDir string
	for _, f := range formats {
		dir := filepath.Join(t.TempDir(), string(f))
		if _, err := tn.Write(dir, f); err != nil {
			t.Fatal(err)
		}
		db := openStore(t)
		if _, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{}); err != nil {
			t.Fatalf("%s: ingest: %v", f, err)
		}
		if _, err := analyze.Run(ctx, db, analyze.Options{Settings: analyze.Settings{ThreatIntel: tn.ThreatIntelIPs}, Now: tn.End}); err != nil {
			t.Fatalf("%s: analyze: %v", f, err)
		}
		res, out := writeFixture(t, db, func(o *Options) { o.Since, o.Until = tn.Start(), tn.End() })
		figures[f] = readManifest(t, out)["figures"].(map[string]any)
		gaps[f] = strings.Join(res.Gaps, "\n")
		if f == gen.GraphPages {
			graphDir = out
		}
	}

	t.Run("every sheet has something to say", func(t *testing.T) {
		g := figures[gen.GraphPages]
		atLeast := []struct {
			key string
			n   float64
		}{
			{"users_never_seen_with_mfa", 1},           // the scanner sends by SMTP AUTH only
			{"successful_sign_ins_single_factor", 100}, // apps Conditional Access does not ask MFA for
			{"legacy_auth_users", 3},                   // Thunderbird, an old iPhone and Outlook 2010, the scanner
			{"ca_report_only_failures", 50},            // CA002 (legacy) and CA003 (admins' devices) in report-only
			{"ca_report_only_would_block_successes", 50},
			{"ca_policy_failures", 14}, // the MFA fatigue
			{"mfa_prompts_denied", 10}, // the fatigue's nine and the over-prompted user's one
			{"mfa_prompts_no_response", 6},
			{"mfa_prompts_fraud_reported", 1},
			{"privileged_roles_assigned", 1},
			{"privileged_roles_removed", 2},
			{"privileged_roles_activated", 4},
		}
		for _, w := range atLeast {
			if got, _ := g[w.key].(float64); got < w.n {
				t.Errorf("%s = %v; want at least %v", w.key, g[w.key], w.n)
			}
		}
		for _, k := range g["sensitive_operations_by_kind"].([]any) {
			k := k.(map[string]any)
			if k["changes"].(float64) == 0 {
				t.Errorf("no sensitive operation of the kind %s", k["kind"])
			}
		}
		_, roles := readCSV(t, filepath.Join(graphDir, FilePrivilegedRoles))
		actions := map[string]bool{}
		for _, r := range roles {
			actions[r[1]] = true
		}
		for _, a := range []string{"assigned", "removed", "eligible_removed", "activated", "deactivated", "expired"} {
			if !actions[a] {
				t.Errorf("privileged roles has no %s row (has %v)", a, actions)
			}
		}
		_, prompts := readCSV(t, filepath.Join(graphDir, FileMFAPrompts))
		over := false
		for _, r := range prompts {
			n, _ := strconv.Atoi(r[1])
			busiest, _ := strconv.Atoi(r[8])
			if n >= 24 && busiest >= 10 && r[3] == "1" && r[4] == "1" {
				over = true
			}
		}
		if !over {
			t.Errorf("mfa_prompts.csv has no over-prompted user (24 prompts, 10 or more in an hour, one denied, one unanswered): %q", prompts[:min(3, len(prompts))])
		}
		_, mfa := readCSV(t, filepath.Join(graphDir, FileMFACoverage))
		if len(mfa) == 0 || mfa[0][4] != "0" || mfa[0][3] == "0" {
			t.Errorf("mfa_coverage.csv starts with %q; want a user never seen with MFA", mfa[0])
		}
		_, sensitive := readCSV(t, filepath.Join(graphDir, FileSensitiveOperations))
		flagged := 0
		for _, r := range sensitive {
			if r[9] == "true" {
				flagged++
			}
		}
		if flagged < 8 {
			t.Errorf("%d sensitive operations flagged by a rule; want the attack's changes (8 or more)", flagged)
		}
	})

	t.Run("every format gives the same figures", func(t *testing.T) {
		want := figures[gen.GraphPages]
		for _, f := range formats[1:] {
			got := figures[f]
			for key, w := range want {
				if key == "sensitive_operations_by_kind" {
					continue
				}
				if f == gen.PortalCSV && slices.Contains(caFigures, key) {
					if got[key] != float64(0) {
						t.Errorf("%s: %s = %v; want 0 (the portal's CSV has no policy details)", f, key, got[key])
					}
					continue
				}
				if got[key] != w {
					t.Errorf("%s: %s = %v; want %v as from %s", f, key, got[key], w, gen.GraphPages)
				}
			}
		}
	})

	t.Run("the Summary names what an export lacks", func(t *testing.T) {
		if !strings.Contains(gaps[gen.PortalCSV], "portal_signins_csv) carry no Conditional Access policy details") {
			t.Errorf("portal CSV gaps = %q; want the missing policy details named", gaps[gen.PortalCSV])
		}
		for _, f := range []gen.Format{gen.GraphPages, gen.AzureMonitor, gen.LogAnalyticsCSV, gen.GraphPowerShell} {
			for _, lack := range []string{"carry no Conditional Access", "carry no authentication steps", "do not say", "No directory audit log", "No sign-in log"} {
				if strings.Contains(gaps[f], lack) {
					t.Errorf("%s: gaps %q; want none of %q: the format carries every field", f, gaps[f], lack)
				}
			}
		}
		// Log Analytics' OfficeActivity is the Unified Audit Log: its sign-in records are named, not counted.
		if !strings.Contains(gaps[gen.LogAnalyticsCSV], "sign-in records (UserLoggedIn, UserLoginFailed) are not counted") {
			t.Errorf("log-analytics-csv gaps = %q; want the Unified Audit Log's sign-ins named as not counted", gaps[gen.LogAnalyticsCSV])
		}
	})
}
