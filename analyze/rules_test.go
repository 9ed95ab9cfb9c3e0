package analyze

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// contractRuleIDs are the rule ids CONTRACT.md lists; the set of embedded rules must equal it.
var contractRuleIDs = []string{
	"password_spray", "brute_force", "distributed_password_cracking", "mfa_fatigue", "mfa_denied_fraud",
	"disabled_account", "legacy_auth", "ropc_user_agent", "device_code_phishing", "impossible_travel",
	"new_country", "new_asn_privileged", "microsoft_risk", "threat_intel_ip",
	"privileged_role_assigned", "app_credential_added", "consent_grant_risky", "federation_changed",
	"conditional_access_changed", "mfa_method_registered",
	"inbox_forwarding_external", "mailbox_forwarding_external", "mailbox_delegate_added",
	// Second round, sign-ins.
	"session_replay", "unfamiliar_sign_in_properties", "spray_campaign",
	// Second round, mailbox.
	"inbox_rule_hiding", "bulk_download", "mail_bulk_access",
	// Second round, workload identities and directory persistence.
	"sp_new_network", "sp_credential_then_use", "security_info_removed", "temporary_access_pass", "app_permission_granted",
}

func TestRulesMeta(t *testing.T) {
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule id %s twice", r.ID)
		}
		seen[r.ID] = true
		ids = append(ids, r.ID)
		for _, f := range []string{r.ID + ".sql", r.ID + ".golden"} {
			if _, err := os.Stat(filepath.Join("testdata", "rules", f)); err != nil {
				t.Errorf("rule %s: no fixture file %s", r.ID, f)
			}
		}
		if !strings.Contains(r.SQL, "ORDER BY") {
			t.Errorf("rule %s: its query has no ORDER BY", r.ID)
		}
		if !strings.Contains(r.SQL, "$since") || !strings.Contains(r.SQL, "$until") {
			t.Errorf("rule %s: its query does not bound the period with $since and $until", r.ID)
		}
		if strings.Contains(r.Follows, "TODO") || len(r.Remediation) < 80 || len(r.Description) < 80 {
			t.Errorf("rule %s: follows, description or remediation is missing or too short", r.ID)
		}
	}
	want := append([]string(nil), contractRuleIDs...)
	sort.Strings(want)
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("rule ids:\ngot  %v\nwant %v", ids, want)
	}
	// The list above is CONTRACT.md's; check it still is, where the shared folder is at hand.
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "CONTRACT.md"))
	if err != nil {
		t.Logf("CONTRACT.md not found beside the repository (%v); checked against the copy in this test", err)
		return
	}
	_, section, _ := strings.Cut(string(b), "## Rule ids")
	var fromContract []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(section, -1) {
		fromContract = append(fromContract, m[1])
	}
	sort.Strings(fromContract)
	if strings.Join(fromContract, ",") != strings.Join(want, ",") {
		t.Errorf("CONTRACT.md rule ids:\ngot  %v\nwant %v", fromContract, want)
	}
}

const goodHeader = `-- id: x_rule
-- title: A rule
-- severity: medium
-- tactic: Credential Access
-- technique: T1110.003, T1078
-- source: signins
-- follows: Some public rule
-- description: What it finds,
--   over two lines.
-- remediation: What to do.
-- param: min_users int 5  distinct users
-- param: pattern text ` + "`a\\.b c`" + `  a regular expression
-- param: ratio float 0.5  a ratio
-- param: strict bool true  whether to be strict
SELECT 1 AS x FROM signins WHERE created_at >= $since AND n >= $min_users AND p = $pattern AND r > $ratio AND $strict
ORDER BY 1
`

func TestParseRule(t *testing.T) {
	r, err := ParseRule("x_rule.sql", goodHeader)
	if err != nil {
		t.Fatal(err)
	}
	if r.Description != "What it finds, over two lines." {
		t.Errorf("description: got %q; want the two lines joined", r.Description)
	}
	if len(r.Params) != 4 || r.Params[0].Default != int64(5) || r.Params[1].Default != `a\.b c` ||
		r.Params[2].Default != 0.5 || r.Params[3].Default != true || r.Params[1].Description != "a regular expression" {
		t.Errorf("params: got %+v", r.Params)
	}
	if !strings.HasPrefix(r.SQL, "SELECT 1") {
		t.Errorf("sql: got %q", r.SQL)
	}
	replace := func(old, new string) string { return strings.Replace(goodHeader, old, new, 1) }
	tests := []struct {
		name, file, text string
		line             int
		reason           string
	}{
		{"not key value", "x_rule.sql", replace("-- title: A rule", "-- title A rule"), 2, "not"},
		{"unknown key", "x_rule.sql", replace("-- title: A rule", "-- name: A rule"), 2, "unknown header key"},
		{"duplicate key", "x_rule.sql", replace("-- title: A rule", "-- title: A rule\n-- title: Again"), 3, "twice"},
		{"empty value", "x_rule.sql", replace("-- title: A rule", "-- title:"), 2, "no value"},
		{"bad severity", "x_rule.sql", replace("severity: medium", "severity: critical"), 3, "severity"},
		{"bad tactic", "x_rule.sql", replace("Credential Access", "Hacking"), 4, "tactic"},
		{"bad technique", "x_rule.sql", replace("T1110.003", "1110"), 5, "technique"},
		{"bad source", "x_rule.sql", replace("source: signins", "source: mail"), 6, "source"},
		{"id not file name", "other.sql", goodHeader, 1, "file name"},
		{"missing follows", "x_rule.sql", replace("-- follows: Some public rule\n", ""), 14, `no "follows"`},
		{"bad param type", "x_rule.sql", replace("min_users int 5", "min_users number 5"), 11, "type"},
		{"bad param default", "x_rule.sql", replace("min_users int 5", "min_users int five"), 11, "whole number"},
		{"param without description", "x_rule.sql", replace("min_users int 5  distinct users", "min_users int 5"), 11, "description"},
		{"reserved param", "x_rule.sql", replace("-- param: min_users int 5  distinct users", "-- param: since int 5  x"), 11, "reserved"},
		{"param unused", "x_rule.sql", replace("n >= $min_users AND ", ""), 15, "never uses"},
		{"param undeclared", "x_rule.sql", replace("$strict", "$strict AND $other"), 15, "$other"},
		{"two statements", "x_rule.sql", replace("ORDER BY 1", "ORDER BY 1; DROP TABLE signins"), 15, "one statement"},
		{"no sql", "x_rule.sql", strings.Split(goodHeader, "SELECT")[0], 15, "no SQL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRule(tc.file, tc.text)
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("got %v; want a HeaderError", err)
			}
			if he.File != tc.file || he.Line != tc.line || !strings.Contains(he.Reason, tc.reason) {
				t.Errorf("got %v; want %s:%d: ...%s...", err, tc.file, tc.line, tc.reason)
			}
		})
	}
}

func FuzzRuleHeader(f *testing.F) {
	f.Add("x_rule.sql", goodHeader)
	f.Add("x_rule.sql", "-- id: x_rule\nSELECT 1")
	f.Add("a.sql", "")
	f.Fuzz(func(t *testing.T, file, text string) {
		r, err := ParseRule(file, text)
		if err != nil {
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("error %v is not a HeaderError", err)
			}
			if he.Line < 1 {
				t.Fatalf("error %v has no line", err)
			}
			return
		}
		if r.ID == "" || r.SQL == "" || severityRank[r.Severity] == 0 || !ruleSources[r.Source] {
			t.Fatalf("parsed an incomplete rule: %+v", r)
		}
	})
}

func TestSettingsValidate(t *testing.T) {
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		s    Settings
		want string // "" for valid
	}{
		{"zero", Settings{}, ""},
		{"good", Settings{
			Disabled:    map[string]bool{"legacy_auth": true},
			Params:      map[string]map[string]any{"password_spray": {"min_users": 8, "window_minutes": float64(30)}, "impossible_travel": {"max_kmh": "900"}},
			TrustedIPs:  []string{"10.0.0.0/8", "2001:db8::/32", "192.0.2.1"},
			ThreatIntel: []string{"203.0.113.9"}, TenantDomains: []string{"contoso.com"},
		}, ""},
		{"unknown rule disabled", Settings{Disabled: map[string]bool{"no_such_rule": true}}, `disabled rule "no_such_rule": no such rule`},
		{"unknown rule params", Settings{Params: map[string]map[string]any{"nope": {"x": 1}}}, `params of rule "nope"`},
		{"unknown param", Settings{Params: map[string]map[string]any{"password_spray": {"users": 5}}}, `rule password_spray: no param "users"`},
		{"wrong type", Settings{Params: map[string]map[string]any{"password_spray": {"min_users": "many"}}}, "rule password_spray param min_users"},
		{"fraction for int", Settings{Params: map[string]map[string]any{"password_spray": {"min_users": 2.5}}}, "not a whole number"},
		{"bad cidr", Settings{TrustedIPs: []string{"10.0.0.0/33"}}, `trusted IPs: "10.0.0.0/33"`},
		{"bad address", Settings{ThreatIntel: []string{"123.456.7.89"}}, `threat intel: "123.456.7.89"`},
		{"bad domain", Settings{TenantDomains: []string{"not a domain"}}, "tenant domains"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Validate(rules)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v; want no error", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v; want an error naming %q", err, tc.want)
			}
		})
	}
}
