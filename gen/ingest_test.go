package gen_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
	"github.com/entrarisk/entrarisk/store"
)

// TestIngest loads one small tenant in each format with the real ingest and compares what
// the store holds with what was generated.
func TestIngest(t *testing.T) {
	tn := gen.New(gen.Options{Seed: 41, Users: 40, SignInsPerUserDay: 1, Attacks: true, Decoys: true})
	var signIns []gen.SignIn
	if err := tn.SignIns(func(s gen.SignIn) error { signIns = append(signIns, s); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, f := range gen.Formats() {
		t.Run(string(f), func(t *testing.T) {
			ctx := context.Background()
			paths, err := tn.Write(t.TempDir(), f)
			if err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			sum, err := ingest.Run(ctx, st.DB, paths, ingest.Options{RunID: "test"})
			if err != nil {
				t.Fatal(err)
			}
			for _, fr := range sum.Files {
				if fr.Status != "loaded" || fr.Rejected > 0 {
					t.Errorf("%s: %s as %s, %d records set aside: %s %v", filepath.Base(fr.Path), fr.Status, fr.Format, fr.Rejected, fr.Reason, fr.Rejects)
				}
			}
			tables := f.Tables()
			for _, table := range []string{"signins", "directory_audits", "unified_audit", "risk_detections", "risky_users", "signin_auth_details"} {
				if !slices.Contains(tables, table) {
					if n := count(t, st.DB, table); n != 0 {
						t.Errorf("%s holds %d rows; want none from %s", table, n, f)
					}
				}
			}
			for _, table := range tables {
				t.Run(table, func(t *testing.T) {
					switch table {
					case "signins":
						checkSignIns(t, st.DB, f, signIns)
					case "directory_audits":
						checkAudits(t, st.DB, f, tn.Audits)
					case "unified_audit":
						checkMailbox(t, st.DB, tn.Mailbox)
					case "risk_detections":
						checkRisk(t, st.DB, tn)
					case "risky_users":
						checkRiskyUsers(t, st.DB, tn)
					case "signin_auth_details":
						want := 0
						for _, s := range signIns {
							if s.Interactive() {
								want += len(s.AuthDetails)
							}
						}
						if n := count(t, st.DB, table); n != want {
							t.Errorf("got %d authentication steps; want %d", n, want)
						}
					}
				})
			}
		})
	}
}

func count(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// precision is how finely a format writes sign-in times (the store keeps microseconds).
func precision(f gen.Format) time.Duration {
	switch f {
	case gen.PortalCSV:
		return time.Second
	case gen.LogAnalyticsCSV, gen.LogAnalyticsJSON, gen.GraphPowerShell:
		return time.Millisecond
	}
	return time.Microsecond
}

func nullStr(s sql.NullString) string { return s.String }

func checkSignIns(t *testing.T, db *sql.DB, f gen.Format, want []gen.SignIn) {
	rows, err := db.Query(`SELECT id, created_at, category, user_principal_name, ip_address, error_code, country, city, asn,
		client_app, user_agent, authentication_protocol, risk_level_during_signin, latitude, longitude, list_sort(coalesce(risk_event_types, []))
		FROM signins ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byID := map[string]*gen.SignIn{}
	for i := range want {
		byID[want[i].ID] = &want[i]
	}
	n, bad := 0, 0
	for rows.Next() {
		var id, category string
		var at time.Time
		var upn, ip, country, city, client, ua, protocol, risk sql.NullString
		var code, asn sql.NullInt64
		var lat, lon sql.NullFloat64
		var riskTypes []any
		if err := rows.Scan(&id, &at, &category, &upn, &ip, &code, &country, &city, &asn, &client, &ua, &protocol, &risk, &lat, &lon, &riskTypes); err != nil {
			t.Fatal(err)
		}
		n++
		m := byID[id]
		if m == nil {
			t.Errorf("stored sign-in %s was never generated", id)
			continue
		}
		var diffs []string
		diff := func(field string, got, want any) {
			if fmt.Sprint(got) != fmt.Sprint(want) {
				diffs = append(diffs, fmt.Sprintf("%s %v (want %v)", field, got, want))
			}
		}
		diff("created_at", at.UTC().Format(time.RFC3339Nano), m.CreatedAt.Truncate(precision(f)).Format(time.RFC3339Nano))
		diff("category", category, m.Category)
		diff("user_principal_name", nullStr(upn), strings.ToLower(m.UserPrincipalName))
		diff("ip_address", nullStr(ip), m.IPAddress)
		diff("error_code", code.Int64, m.ErrorCode)
		diff("country", nullStr(country), m.Country)
		diff("city", nullStr(city), m.City)
		diff("asn", asn.Int64, m.ASN)
		diff("client_app", nullStr(client), m.ClientApp)
		diff("user_agent", nullStr(ua), m.UserAgent)
		// The workload identity downloads of the portal and Log Analytics have no protocol or
		// risk columns.
		flat := m.IsWorkload() && (f == gen.PortalCSV || f == gen.LogAnalyticsCSV || f == gen.LogAnalyticsJSON)
		if !flat {
			diff("authentication_protocol", nullStr(protocol), m.AuthenticationProtocol)
		}
		if f != gen.PortalCSV && !flat {
			diff("risk_level_during_signin", nullStr(risk), m.RiskLevelDuringSignIn)
			diff("latitude", lat.Float64, m.Latitude)
			diff("longitude", lon.Float64, m.Longitude)
			wantTypes := slices.Clone(m.RiskEventTypes)
			slices.Sort(wantTypes)
			diff("risk_event_types", fmt.Sprint(riskTypes), fmt.Sprint(wantTypes))
		}
		if len(diffs) > 0 {
			bad++
			if bad <= 5 {
				t.Errorf("sign-in %s: %s", id, strings.Join(diffs, "; "))
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if bad > 5 {
		t.Errorf("... and %d more sign-ins differ", bad-5)
	}
	if n != len(want) {
		t.Errorf("got %d sign-ins stored; want %d", n, len(want))
	}
}

func checkAudits(t *testing.T, db *sql.DB, f gen.Format, want []gen.Audit) {
	rows, err := db.Query(`SELECT id, activity_at, activity, coalesce(actor_upn, ''), coalesce(actor_ip, ''), coalesce(target_upn, ''), coalesce(user_agent, ''),
		coalesce(result, '') FROM directory_audits ORDER BY activity_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byID := map[string]*gen.Audit{}
	for i := range want {
		byID[want[i].ID] = &want[i]
	}
	// The portal's download has no ids: match on time and activity instead.
	byKey := map[string][]*gen.Audit{}
	for i := range want {
		k := want[i].ActivityAt.Truncate(time.Second).Format(time.RFC3339) + strings.TrimSpace(want[i].Activity)
		byKey[k] = append(byKey[k], &want[i])
	}
	n := 0
	for rows.Next() {
		var id, activity, actor, ip, target, ua, result string
		var at time.Time
		if err := rows.Scan(&id, &at, &activity, &actor, &ip, &target, &ua, &result); err != nil {
			t.Fatal(err)
		}
		n++
		m := byID[id]
		if f == gen.PortalCSV {
			if cands := byKey[at.UTC().Format(time.RFC3339)+activity]; len(cands) > 0 {
				m = cands[0]
			}
		}
		if m == nil {
			t.Errorf("stored audit %s (%s) was never generated", id, activity)
			continue
		}
		wantTarget := ""
		if len(m.Targets) > 0 {
			wantTarget = strings.ToLower(m.Targets[0].UserPrincipalName)
		}
		got := fmt.Sprint(activity, "|", actor, "|", ip, "|", target, "|", ua, "|", result)
		exp := fmt.Sprint(strings.TrimSpace(m.Activity), "|", strings.ToLower(m.Actor.UserPrincipalName), "|", m.Actor.IPAddress, "|", wantTarget, "|", m.UserAgent, "|", m.Result)
		if got != exp {
			t.Errorf("audit %s: got %q; want %q", id, got, exp)
		}
		if f != gen.PortalCSV && !at.Equal(m.ActivityAt.Truncate(precision(f))) {
			t.Errorf("audit %s: at %s; want %s", id, at, m.ActivityAt)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("got %d audits stored; want %d", n, len(want))
	}
}

func checkMailbox(t *testing.T, db *sql.DB, want []gen.MailboxEvent) {
	rows, err := db.Query(`SELECT id, created_at, coalesce(record_type, ''), operation, user_id, coalesce(client_ip, '') FROM unified_audit ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byID := map[string]*gen.MailboxEvent{}
	for i := range want {
		byID[want[i].ID] = &want[i]
	}
	n := 0
	for rows.Next() {
		var id, rt, op, user, ip string
		var at time.Time
		if err := rows.Scan(&id, &at, &rt, &op, &user, &ip); err != nil {
			t.Fatal(err)
		}
		n++
		m := byID[id]
		if m == nil {
			t.Errorf("stored record %s was never generated", id)
			continue
		}
		got := fmt.Sprint(at.UTC().Format(time.RFC3339), "|", rt, "|", op, "|", user, "|", ip)
		exp := fmt.Sprint(m.CreatedAt.Truncate(time.Second).Format(time.RFC3339), "|", gen.RecordTypeName(m.RecordType), "|", m.Operation, "|", strings.ToLower(m.UserID), "|", m.ClientIP)
		if got != exp {
			t.Errorf("record %s: got %q; want %q", id, got, exp)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("got %d records stored; want %d", n, len(want))
	}
}

func checkRisk(t *testing.T, db *sql.DB, tn *gen.Tenant) {
	rows, err := db.Query(`SELECT id, risk_event_type, risk_level, risk_state, user_principal_name, ip_address FROM risk_detections ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[string]string{}
	for _, d := range tn.RiskDetections {
		want[d.ID] = fmt.Sprint(d.RiskEventType, "|", d.RiskLevel, "|", d.RiskState, "|", strings.ToLower(d.UserPrincipalName), "|", d.IPAddress)
	}
	n := 0
	for rows.Next() {
		var id, typ, level, state, upn, ip string
		if err := rows.Scan(&id, &typ, &level, &state, &upn, &ip); err != nil {
			t.Fatal(err)
		}
		n++
		if got := fmt.Sprint(typ, "|", level, "|", state, "|", upn, "|", ip); got != want[id] {
			t.Errorf("risk detection %s: got %q; want %q", id, got, want[id])
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(tn.RiskDetections) {
		t.Errorf("got %d risk detections stored; want %d", n, len(tn.RiskDetections))
	}
}

func checkRiskyUsers(t *testing.T, db *sql.DB, tn *gen.Tenant) {
	rows, err := db.Query(`SELECT id, user_principal_name, risk_level, risk_state FROM risky_users ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[string]string{}
	for _, u := range tn.RiskyUsers {
		want[u.ID] = fmt.Sprint(strings.ToLower(u.UserPrincipalName), "|", u.RiskLevel, "|", u.RiskState)
	}
	n := 0
	for rows.Next() {
		var id, upn, level, state string
		if err := rows.Scan(&id, &upn, &level, &state); err != nil {
			t.Fatal(err)
		}
		n++
		if got := fmt.Sprint(upn, "|", level, "|", state); got != want[id] {
			t.Errorf("risky user %s: got %q; want %q", id, got, want[id])
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(tn.RiskyUsers) {
		t.Errorf("got %d risky users stored; want %d", n, len(tn.RiskyUsers))
	}
}
