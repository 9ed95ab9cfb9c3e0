package analyze

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"
)

type spRisk struct {
	name, appID, level, state, rules, reasons string
	detections                                int
}

func readSPRisk(t *testing.T, db *sql.DB) map[string]spRisk {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT service_principal_id, coalesce(service_principal_name, ''),
		coalesce(app_id, ''), risk_level, risk_state, detections, array_to_string(rule_ids, ','), coalesce(reasons, '')
		FROM service_principal_risk ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]spRisk{}
	for rows.Next() {
		var id string
		var r spRisk
		if err := rows.Scan(&id, &r.name, &r.appID, &r.level, &r.state, &r.detections, &r.rules, &r.reasons); err != nil {
			t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWorkloadIdentityRisk runs every rule over the credential-then-use and permission fixtures
// together and checks which service principals are flagged, at what level, and that an
// analyst's decision on their detections changes it.
func TestWorkloadIdentityRisk(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	for _, f := range []string{"sp_credential_then_use.sql", "app_permission_granted.sql"} {
		b, err := os.ReadFile(filepath.Join("testdata", "rules", f))
		if err != nil {
			t.Fatal(err)
		}
		loadFixture(t, st.DB, string(b))
	}
	// The service principal Mail Sync Pro, created by consent, as the directory names it.
	if _, err := st.DB.ExecContext(ctx, `INSERT INTO directory_audits (id, activity_at, activity, actor_upn, target_id, target_name,
			target_type, target_resources, source_format, source_file, ingested_at, load_id)
		VALUES ('add-msp', TIMESTAMP '2026-03-15 04:04:00', 'Add service principal', 'mallory@contoso.com', 'msp-sp', 'Mail Sync Pro',
			'ServicePrincipal', '[{"id":"msp-sp","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppPrincipalId","newvalue":"[\"msp-appid\"]"}]}]',
			'fixture', 'fixture.sql', TIMESTAMP '2026-03-31 00:00:00', 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, st.DB, Options{Now: func() time.Time { return fixtureNow }}); err != nil {
		t.Fatal(err)
	}
	got := readSPRisk(t, st.DB)
	want := map[string]struct{ level, rules string }{
		// a secret added by mallory, then used from M247; RoleManagement.ReadWrite.Directory granted; an owner added
		"hr-sp": {"high", "app_credential_added,app_permission_granted,sp_credential_then_use,sp_new_network"},
		// a certificate added by an app, then used from AWS
		"billing-sp": {"high", "app_credential_added,sp_credential_then_use,sp_new_network"},
		// Mail.ReadWrite granted to it
		"msp-sp": {"medium", "app_permission_granted"},
		// two days old: a new key used from a new network is low (the baseline is short), but the key
		// was added by an account that never managed the app before
		"new-sp": {"medium", "app_credential_added,sp_credential_then_use,sp_new_network"},
		// its owner's new secret, used from the usual network: only the (unroutine) credential change
		"nmrot-sp": {"medium", "app_credential_added"},
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: not flagged; want %s (%s)", id, w.level, w.rules)
			continue
		}
		if g.level != w.level || g.rules != w.rules || g.state != "atRisk" {
			t.Errorf("%s: got %s %s (%s: %s); want %s atRisk (%s)", id, g.level, g.state, g.rules, g.reasons, w.level, w.rules)
		}
	}
	if g := got["hr-sp"]; g.name != "HR Sync Connector" || g.appID != "hr-appid" {
		t.Errorf("hr-sp: got name %q app id %q; want HR Sync Connector, hr-appid", g.name, g.appID)
	}
	if g := got["msp-sp"]; g.name != "Mail Sync Pro" || g.appID != "msp-appid" {
		t.Errorf("msp-sp: got name %q app id %q; want the names the directory gave it", g.name, g.appID)
	}
	if g, ok := got["graph-sp"]; ok {
		t.Errorf("Microsoft Graph, the resource of the grants, is flagged %s (%s); want only the apps given permissions", g.level, g.reasons)
	}

	// The analyst finds Billing API's new network legitimate: its detections are false positives.
	rows, err := st.DB.QueryContext(ctx, `SELECT detection_id FROM detections WHERE target = 'billing-sp' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		t.Fatal("no detection names billing-sp as its target")
	}
	for _, id := range ids {
		if err := Triage(ctx, st.DB, Decision{Action: "false-positive", DetectionID: id, Analyst: "analyst@contoso.com",
			At: fixtureNow.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	g := readSPRisk(t, st.DB)["billing-sp"]
	// The credential record itself (app_credential_added, target "Billing API") is still open.
	if g.level != "medium" || g.rules != "app_credential_added" {
		t.Errorf("billing-sp after false-positive: got %s (%s: %s); want medium from app_credential_added alone", g.level, g.rules, g.reasons)
	}
}
