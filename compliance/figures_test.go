package compliance

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestFigures checks every key figure against the count made by hand from
// testdata/tenant.sql (its comment tells the story). In the period: 17 user sign-ins
// (alice 4, bob 4, carol 3, dave 4, eve 2; the service principal and alice's sign-in of
// February left out), 9 of them successful.
func TestFigures(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	fig := readManifest(t, dir)["figures"].(map[string]any)
	want := []struct {
		key string
		n   float64
		why string
	}{
		{"sign_ins", 17, "alice 4, bob 4, carol 3, dave 4, eve 2"},
		{"users_signed_in", 4, "alice, bob, carol, dave (eve never succeeded)"},
		{"users_seen_with_mfa", 3, "alice, carol, dave"},
		{"users_never_seen_with_mfa", 1, "bob: single factor only"},
		{"users_method_unknown", 0, "carol's unknown sign-in is beside an MFA one"},
		{"successful_sign_ins", 9, "s1 s2 s3 b1 b2 b4 c1 c3 d4"},
		{"successful_sign_ins_mfa", 4, "s1 s2 c1 d4"},
		{"successful_sign_ins_single_factor", 4, "s3 b1 b2 b4"},
		{"successful_sign_ins_method_unknown", 1, "c3: the portal's non-interactive row says nothing"},
		{"legacy_auth_users", 1, "bob's IMAP"},
		{"legacy_auth_users_tried", 2, "bob and eve"},
		{"legacy_auth_attempts", 4, "b1 b2 b3 e1"},
		{"legacy_auth_successes", 2, "b1 b2"},
		{"ca_sign_ins_with_policies", 11, "alice 4, bob 3 (not b3), dave 4"},
		{"ca_policies", 4, "p1 to p4"},
		{"ca_policy_failures", 4, "s4 d1 d2 d3"},
		{"ca_policy_failure_users", 2, "alice and dave"},
		{"ca_report_only_failures", 3, "b1 b2 (CA002), d4 (CA003)"},
		{"ca_report_only_would_block_successes", 3, "all three succeeded"},
		{"ca_report_only_user_action_required", 1, "d1 (CA003)"},
		{"ca_successes_status_known", 9, "every success has a status"},
		{"ca_successes_no_policy_applied", 4, "b1 b2 b4 (notApplied), c3 (Not Applied)"},
		{"mfa_prompts", 8, "alice 2, carol 1 (the same step twice), dave 4, eve 1 (no steps, 500121)"},
		{"mfa_prompts_approved", 3, "s1 c1 d4"},
		{"mfa_prompts_denied", 2, "s4 d3"},
		{"mfa_prompts_no_response", 2, "d1 e2"},
		{"mfa_prompts_fraud_reported", 1, "d2"},
		{"mfa_prompted_users", 4, "alice carol dave eve"},
		{"mfa_users_denied_unanswered_or_fraud", 3, "alice dave eve"},
		{"sensitive_operations", 12, "a1-a11 and a14, not a0 (before), a12, a13 (other kinds)"},
		{"sensitive_operations_flagged", 2, "a1 a7"},
		{"privileged_role_changes", 3, "a1 assigned, a2 removed, a3 activated (a4 is a request, a5 not privileged)"},
		{"privileged_roles_assigned", 1, "a1"},
		{"privileged_roles_removed", 1, "a2"},
		{"privileged_roles_activated", 1, "a3"},
		{"directory_changes", 14, "a1 to a14"},
	}
	for _, w := range want {
		got, ok := fig[w.key].(float64)
		if !ok || got != w.n {
			t.Errorf("%s: got %v; want %v (%s)", w.key, fig[w.key], w.n, w.why)
		}
	}
	kinds := fig["sensitive_operations_by_kind"].([]any)
	wantKinds := []string{
		"App and service principal credentials 2 1 1",
		"Permissions and consents 1 0 0",
		"Role and group membership 6 1 0",
		"Federation and domain settings 1 0 0",
		"Conditional Access policies 1 0 0",
		"Authentication methods 1 0 0",
	}
	var gotKinds []string
	for _, k := range kinds {
		m := k.(map[string]any)
		gotKinds = append(gotKinds, strings.Join([]string{m["kind"].(string), num(m["changes"]), num(m["flagged"]), num(m["failed"])}, " "))
	}
	if !reflect.DeepEqual(gotKinds, wantKinds) {
		t.Errorf("sensitive operations by kind (changes flagged failed):\ngot  %q\nwant %q", gotKinds, wantKinds)
	}
}

func num(v any) string {
	f, _ := v.(float64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// TestCSVs checks every row of the six CSVs against the fixture, counted by hand: the fixed
// columns of CONTRACT.md first, in their order, and the rows in the order a reader needs.
func TestCSVs(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	cases := []struct {
		file   string
		header []string
		rows   [][]string // the fixed columns of each row
	}{
		{FileMFACoverage,
			strings.Split("user_principal_name,sign_ins,successful_sign_ins,single_factor_successes,multi_factor_successes,mfa_share,single_factor_apps,last_single_factor_at", ","),
			[][]string{
				// bob, never seen with MFA, first; then the most single-factor successes.
				{"bob@contoso.com", "4", "3", "3", "0", "0.0000", "Office 365 Exchange Online; OfficeHome", "2026-03-05T08:00:00Z"},
				{"alice@contoso.com", "4", "3", "1", "2", "0.6667", "Office 365 SharePoint Online", "2026-03-03T10:00:00Z"},
				// carol: one MFA sign-in, one whose method the portal's row does not say.
				{"carol@contoso.com", "3", "2", "0", "1", "1.0000", "", ""},
				{"dave@contoso.com", "4", "1", "0", "1", "1.0000", "", ""},
			}},
		{FileLegacyAuth,
			strings.Split("user_principal_name,client_app,attempts,successes,first_seen,last_seen,ip_addresses", ","),
			[][]string{
				{"bob@contoso.com", "IMAP4", "2", "2", "2026-03-02T06:30:00Z", "2026-03-02T06:35:00Z", "203.0.113.50"},
				{"bob@contoso.com", "Authenticated SMTP", "1", "0", "2026-03-04T07:00:00Z", "2026-03-04T07:00:00Z", "203.0.113.51"},
				{"eve@contoso.com", "IMAP4", "1", "0", "2026-03-03T03:00:00Z", "2026-03-03T03:00:00Z", "198.51.100.9"},
			}},
		{FileConditionalAccess,
			strings.Split("policy_id,policy_name,result,sign_ins,users", ","),
			[][]string{
				// Enforced results first; CA001's name is the one it had last.
				{"p1", "CA001: Require multifactor authentication", "success", "3", "2"},
				{"p1", "CA001: Require multifactor authentication", "failure", "4", "2"},
				{"p1", "CA001: Require multifactor authentication", "notApplied", "4", "2"},
				{"p4", "CA004: Sign-in frequency", "success", "1", "1"},
				// Report-only: what the policies would have done.
				{"p2", "CA002: Block legacy authentication", "reportOnlyFailure", "2", "1"},
				{"p2", "CA002: Block legacy authentication", "reportOnlyNotApplied", "2", "2"},
				{"p3", "CA003: Compliant device for admins", "reportOnlyFailure", "1", "1"},
				{"p3", "CA003: Compliant device for admins", "reportOnlyInterrupted", "1", "1"},
			}},
		{FileSensitiveOperations,
			strings.Split("activity_time,category,activity,actor,actor_ip,target,target_type,result,details,flagged", ","),
			[][]string{
				{"2026-03-06T11:00:00Z", "authentication_methods", "User registered security info", "ivan@contoso.com", "131.107.0.18", "ivan@contoso.com", "User", "success", "User registered Authenticator App with Notification and Code", "false"},
				{"2026-03-06T10:10:00Z", "conditional_access", "Update conditional access policy", "frank@contoso.com", "131.107.0.15", "CA001: Require multifactor authentication", "Policy", "success", "", "false"},
				{"2026-03-06T10:00:00Z", "federation_domains", "Set domain authentication", "frank@contoso.com", "131.107.0.15", "contoso.com", "Other", "success", "LiveType: Managed -> Federated", "false"},
				{"2026-03-05T15:00:00Z", "role_group_membership", "Add member to group", "frank@contoso.com", "131.107.0.15", "ivan@contoso.com", "User", "success", "Group.DisplayName: Finance", "false"},
				{"2026-03-05T14:00:00Z", "role_group_membership", "Add member to role", "frank@contoso.com", "131.107.0.15", "ivan@contoso.com", "User", "success", "Role.DisplayName: Reports Reader", "false"},
				{"2026-03-04T16:00:00Z", "permissions_consents", "Consent to application", "carol@contoso.com", "177.71.207.9", "Zoom", "ServicePrincipal", "success", "ConsentContext.IsAdminConsent: False", "false"},
				{"2026-03-04T09:30:00Z", "role_group_membership", "Add member to role completed (PIM activation)", "grace@contoso.com", "131.107.0.16", "grace@contoso.com", "User", "success", "Role: Security Administrator; Patching window", "false"},
				{"2026-03-04T09:29:00Z", "role_group_membership", "Add member to role requested (PIM activation)", "grace@contoso.com", "131.107.0.16", "grace@contoso.com", "User", "success", "Role: Security Administrator; Patching window", "false"},
				{"2026-03-04T09:00:00Z", "role_group_membership", "Remove member from role", "frank@contoso.com", "131.107.0.15", "henry@contoso.com", "User", "success", "Role.DisplayName: Exchange Administrator (removed)", "false"},
				{"2026-03-03T11:31:00Z", "app_credentials", "Add service principal credentials", "eve@contoso.com", "198.51.100.9", "HR Sync Connector", "ServicePrincipal", "failure", "Insufficient privileges", "false"},
				// Hostile text from the log stays text: read back as it was written.
				{"2026-03-03T11:30:00Z", "app_credentials", "Update application – Certificates and secrets management ", "alice@contoso.com", "185.220.101.34", `'=HYPERLINK("http://evil")`, "Application", "success", "KeyDescription: KeyIdentifier=k1,KeyType=Password", "true"},
				{"2026-03-03T11:00:00Z", "role_group_membership", "Add member to role", "alice@contoso.com", "185.220.101.34", "svc-backup@contoso.com", "User", "success", "Role.ObjectID: r-ga; Role.DisplayName: Global Administrator", "true"},
			}},
		{FilePrivilegedRoles,
			strings.Split("activity_time,action,role,target,actor,actor_ip,result", ","),
			[][]string{
				{"2026-03-04T09:30:00Z", "activated", "Security Administrator", "grace@contoso.com", "grace@contoso.com", "131.107.0.16", "success"},
				{"2026-03-04T09:00:00Z", "removed", "Exchange Administrator", "henry@contoso.com", "frank@contoso.com", "131.107.0.15", "success"},
				{"2026-03-03T11:00:00Z", "assigned", "Global Administrator", "svc-backup@contoso.com", "alice@contoso.com", "185.220.101.34", "success"},
			}},
		{FileMFAPrompts,
			strings.Split("user_principal_name,prompts,approved,denied,no_response,fraud_reported,apps", ","),
			[][]string{
				{"dave@contoso.com", "4", "1", "1", "1", "1", "OfficeHome"},
				{"alice@contoso.com", "2", "1", "1", "0", "0", "OfficeHome"},
				{"carol@contoso.com", "1", "1", "0", "0", "0", "One Outlook Web"},
				{"eve@contoso.com", "1", "0", "0", "1", "0", "OfficeHome"},
			}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			header, rows := readCSV(t, filepath.Join(dir, c.file))
			if len(header) < len(c.header) || !reflect.DeepEqual(header[:len(c.header)], c.header) {
				t.Errorf("header: got %q; want it to start with %q", header, c.header)
			}
			if len(rows) != len(c.rows) {
				t.Errorf("got %d rows; want %d", len(rows), len(c.rows))
			}
			for i := range min(len(rows), len(c.rows)) {
				got := rows[i][:min(len(rows[i]), len(c.rows[i]))]
				if !reflect.DeepEqual(got, c.rows[i]) {
					t.Errorf("row %d:\ngot  %q\nwant %q", i+1, got, c.rows[i])
				}
			}
		})
	}
}
