package reports

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/store"
)

// The app's name is hostile text: it must reach the CSV, the sheets and the script as data.
const hostileApp = "=HR Sync'; Remove-Item C:\\ -Recurse; '"

// workloadStore is a store after analyze: a service principal that signed in every hour from
// one Azure address for two weeks; mallory adds a client secret to its application and it
// signs in with that key from M247; she also grants Mail Sync Pro Mail.ReadWrite.
func workloadStore(t *testing.T) *sql.DB {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	const prov = `'graph_signins', 'x.json', TIMESTAMP '2026-03-31 00:00:00', 1`
	for _, q := range []string{
		`INSERT INTO signins (id, created_at, category, service_principal_id, service_principal_name, app_id, ip_address, country, asn,
			error_code, client_credential_type, service_principal_credential_key_id, source_format, source_file, ingested_at, load_id)
		SELECT 'sp-' || i, TIMESTAMP '2026-03-01 00:10:00' + i * INTERVAL 1 HOUR, 'service_principal', '7d1e0000-0000-4000-8000-000000000001',
			$1, 'a11e0000-0000-4000-8000-000000000001', '20.51.6.17', 'US', 8075, 0, 'clientSecret', '0ad00000-0000-4000-8000-000000000001', ` + prov + `
		FROM range(14 * 24) t(i)`,
		`INSERT INTO signins (id, created_at, category, service_principal_id, service_principal_name, app_id, ip_address, country, asn,
			error_code, client_credential_type, service_principal_credential_key_id, source_format, source_file, ingested_at, load_id)
		VALUES ('sp-x', TIMESTAMP '2026-03-15 04:20:00', 'service_principal', '7d1e0000-0000-4000-8000-000000000001', $1,
			'a11e0000-0000-4000-8000-000000000001', '146.70.12.34', 'RO', 9009, 0, 'clientSecret', '0ad00000-0000-4000-8000-000000000002', ` + prov + `)`,
		`INSERT INTO directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_id, target_name, target_type, target_resources,
			source_format, source_file, ingested_at, load_id)
		VALUES ('cred-1', TIMESTAMP '2026-03-15 04:02:00', 'Update application – Certificates and secrets management', 'mallory@contoso.com',
			'146.70.12.30', 'a0b0e000-0000-4000-8000-000000000001', $1, 'Application',
			'[{"id":"a0b0e000-0000-4000-8000-000000000001","displayname":' || to_json($1::VARCHAR) || ',"type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=0ad00000-0000-4000-8000-000000000001,KeyType=Password,KeyUsage=Verify,DisplayName=old]\"]","newvalue":"[\"[KeyIdentifier=0ad00000-0000-4000-8000-000000000001,KeyType=Password,KeyUsage=Verify,DisplayName=old]\",\"[KeyIdentifier=0ad00000-0000-4000-8000-000000000002,KeyType=Password,KeyUsage=Verify,DisplayName=backup]\"]"}]}]',
			` + prov + `),
		('grant-1', TIMESTAMP '2026-03-15 04:05:00', 'Add app role assignment to service principal', 'mallory@contoso.com', '146.70.12.30',
			'9a0b0000-0000-4000-8000-00000000000a', 'Microsoft Graph', 'ServicePrincipal',
			'[{"id":"9a0b0000-0000-4000-8000-00000000000a","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Value","newvalue":"\"Mail.ReadWrite\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"5c5c0000-0000-4000-8000-000000000005\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"Mail Sync Pro\""}]}]',
			` + prov + `)`,
	} {
		if _, err := st.DB.ExecContext(ctx, q, hostileApp); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := analyze.Run(ctx, st.DB, analyze.Options{Now: func() time.Time { return time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC) }}); err != nil {
		t.Fatal(err)
	}
	return st.DB
}

func TestFlaggedServicePrincipals(t *testing.T) {
	db := workloadStore(t)
	res, dir := writeFixture(t, db, nil)
	if res.FlaggedServicePrincipals != 2 {
		t.Errorf("got %d flagged workload identities; want 2", res.FlaggedServicePrincipals)
	}
	recs := readCSV(t, filepath.Join(dir, FileFlaggedServicePrincipals))
	wantHeader := "service_principal_id,service_principal_name,app_id,risk_level,risk_state,detections,first_seen,last_seen,recommended_actions"
	if got := strings.Join(recs[0], ","); !strings.HasPrefix(got, wantHeader+",") {
		t.Fatalf("header = %s; want the fixed columns %s first", got, wantHeader)
	}
	if len(recs) != 3 {
		t.Fatalf("got %d rows; want 2:\n%q", len(recs)-1, recs)
	}
	hr, msp := recs[1], recs[2]
	if hr[0] != "7d1e0000-0000-4000-8000-000000000001" || hr[1] != "'"+hostileApp || hr[2] != "a11e0000-0000-4000-8000-000000000001" ||
		hr[3] != "high" || hr[4] != "atRisk" {
		t.Errorf("first row = %q; want the credential-then-use service principal, high, atRisk, its name escaped", hr)
	}
	for _, a := range []string{"Disable the service principal", "Remove the app credential the attacker added",
		"Review the app's permissions, owners and sign-ins", "Rotate the secrets the app could read"} {
		if !strings.Contains(hr[8], a) {
			t.Errorf("recommended_actions = %q; want %q", hr[8], a)
		}
	}
	if msp[0] != "5c5c0000-0000-4000-8000-000000000005" || msp[1] != "Mail Sync Pro" || msp[3] != "medium" {
		t.Errorf("second row = %q; want Mail Sync Pro, medium (Mail.ReadWrite granted)", msp)
	}

	f := openWorkbook(t, dir)
	sheets := f.GetSheetList()
	ti := -1
	for i, s := range sheets {
		if s == SheetTimeline {
			ti = i
		}
	}
	if ti < 0 || ti+1 >= len(sheets) || sheets[ti+1] != SheetFlaggedWorkloads {
		t.Errorf("sheets = %q; want %q right after Timeline", sheets, SheetFlaggedWorkloads)
	}
	row, cells := rowWhere(t, f, SheetFlaggedWorkloads, "Service principal id", "7d1e0000-0000-4000-8000-000000000001")
	name, _ := f.GetCellValue(SheetFlaggedWorkloads, cells["Workload identity"])
	level, _ := f.GetCellValue(SheetFlaggedWorkloads, cells["Risk level"])
	if formula, _ := f.GetCellFormula(SheetFlaggedWorkloads, cells["Workload identity"]); name != hostileApp || level != "high" || formula != "" {
		t.Errorf("sheet row: name %q (formula %q), level %q; want the hostile name as text, high", name, formula, level)
	}
	if ok, target, _ := f.GetCellHyperLink(SheetFlaggedWorkloads, cellName(10, row)); !ok || !strings.HasPrefix(target, "'Remediation'!") {
		t.Errorf("checklist cell links to %q; want its checklist on Remediation", target)
	}
	rows, err := f.GetRows(SheetRemediation)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, r := range rows {
		if len(r) > 3 && r[0] == "(workload identity) "+hostileApp {
			steps = append(steps, r[3])
		}
	}
	if len(steps) < 4 || !strings.HasPrefix(steps[0], "Disable the service principal") ||
		!strings.Contains(strings.Join(steps, "\n"), "0ad00000-0000-4000-8000-000000000002") {
		t.Errorf("Remediation steps of the service principal = %q; want disable first and the added key named", steps)
	}

	b, err := os.ReadFile(filepath.Join(dir, FileRemediation))
	if err != nil {
		t.Fatal(err)
	}
	l := lexPS(strings.TrimPrefix(string(b), "\uFEFF"))
	for _, e := range l.errs {
		t.Errorf("script: %s", e)
	}
	code := l.code.String()
	if strings.Contains(code, "Remove-Item") || strings.Contains(code, "HR Sync") {
		t.Errorf("the app's hostile name became script code")
	}
	literals := map[string]bool{}
	for _, s := range l.literals {
		literals[s] = true
	}
	for _, want := range []string{"7d1e0000-0000-4000-8000-000000000001", "a0b0e000-0000-4000-8000-000000000001",
		"0ad00000-0000-4000-8000-000000000002", "5c5c0000-0000-4000-8000-000000000005"} {
		if !literals[want] {
			t.Errorf("no string literal holds %q", want)
		}
	}
	if literals["0ad00000-0000-4000-8000-000000000001"] {
		t.Errorf("the script removes the app's old secret, which the attacker did not add")
	}
	for _, cmd := range []string{"$spId = '…'", "Update-MgServicePrincipal -ServicePrincipalId $spId -AccountEnabled:$false",
		"Remove-MgApplicationPassword -ApplicationId '…' -KeyId '…'", "Get-MgServicePrincipalOwner -ServicePrincipalId $spId",
		"Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $spId"} {
		if !strings.Contains(code, cmd) {
			t.Errorf("script has no %q", cmd)
		}
	}
	var inBlock bool
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "if ($PSCmdlet.ShouldProcess(") {
			inBlock = true
			continue
		}
		if line == "}" {
			inBlock = false
		}
		if (strings.HasPrefix(line, "Update-Mg") || strings.HasPrefix(line, "Remove-")) && !inBlock {
			t.Errorf("%q runs without ShouldProcess", line)
		}
	}
}
