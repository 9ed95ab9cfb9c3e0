package ingest_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/ingest"
	"github.com/entrarisk/entrarisk/store"
)

// TestWorkloadIdentitySignIns loads each export shape of service principal and managed
// identity sign-ins on its own (testdata/workload: Graph beta pages and lines, the Graph
// PowerShell SDK, Azure Monitor's ServicePrincipalSignInLogs and ManagedIdentitySignInLogs,
// Log Analytics' AADServicePrincipalSignInLogs and AADManagedIdentitySignInLogs as CSV and
// JSON, the portal's ApplicationSignIns and MSISignIns downloads) and checks that every one
// stores the workload identity's own fields: who signed in, with which credential, to what,
// from where.
func TestWorkloadIdentitySignIns(t *testing.T) {
	// id | category | service_principal_id | service_principal_name | app_id | client_credential_type |
	// key id | thumbprint | federated credential | msi type | resource | ip | country | asn | error_code
	sps := []string{
		"5f0d6a3e-1c2b-4e8a-9f10-aa00000000a1 | service_principal | 0c4c8a0e-2d8f-4d8b-b1a6-5a0e7c9d0001 | Payroll Sync | 6a5f0a9b-3d21-4f0e-8c55-1b2a3c4d0001 | clientSecret | e3b0c442-98fc-4c14-9afb-f4c8996f0001 | - | - | Microsoft Graph | 20.51.6.17 | US | 8075 | 0",
		"5f0d6a3e-1c2b-4e8a-9f10-aa00000000a2 | service_principal | 0c4c8a0e-2d8f-4d8b-b1a6-5a0e7c9d0002 | Backup Runner | 6a5f0a9b-3d21-4f0e-8c55-1b2a3c4d0002 | clientAssertion | e3b0c442-98fc-4c14-9afb-f4c8996f0002 | 2F4A8E1C9B7D3F6A5E0C1B2D4F6A8C0E1B3D5F7A | - | Windows Azure Service Management API | 146.70.12.34 | RO | 9009 | 7000215",
		"5f0d6a3e-1c2b-4e8a-9f10-aa00000000a3 | service_principal | 0c4c8a0e-2d8f-4d8b-b1a6-5a0e7c9d0003 | Deploy Pipeline | 6a5f0a9b-3d21-4f0e-8c55-1b2a3c4d0003 | federatedIdentityCredential | - | - | 9d2c7b1a-5e4f-4a3b-8c2d-1e0f9a8b0003 | Windows Azure Service Management API | 4.175.114.51 | NL | 8075 | 0",
	}
	// The portal's download has no column for the federated credential.
	portalSPs := append(sps[:2:2], strings.Replace(sps[2], "9d2c7b1a-5e4f-4a3b-8c2d-1e0f9a8b0003", "-", 1))
	mis := []string{
		"5f0d6a3e-1c2b-4e8a-9f10-aa00000000b1 | managed_identity | 0c4c8a0e-2d8f-4d8b-b1a6-5a0e7c9d0011 | func-invoices-prod | 6a5f0a9b-3d21-4f0e-8c55-1b2a3c4d0011 | managedIdentity | - | - | - | Azure Key Vault | 10.0.4.7 | - | - | 0",
	}
	tests := []struct {
		path, format string
		want         []string
		msiType      string // managed_identity_type of the managed identity, "" when the shape has none
	}{
		{"graph_beta_serviceprincipal_signins.json", "graph_signins", sps, ""},
		{"graph_beta_managedidentity_signins.jsonl", "graph_signins", mis, "SystemAssigned"},
		{"MgBetaServicePrincipalSignIns.json", "graph_signins", sps, ""},
		{"insights-logs-serviceprincipalsigninlogs", "azure_monitor_signins", sps, ""},
		{"insights-logs-managedidentitysigninlogs", "azure_monitor_signins", mis, "SystemAssigned"},
		{"AADServicePrincipalSignInLogs.csv", "log_analytics_signins", sps, ""},
		{"AADServicePrincipalSignInLogs.json", "log_analytics_signins", sps, ""},
		{"AADManagedIdentitySignInLogs.csv", "log_analytics_signins", mis, "SystemAssigned"},
		{"AADManagedIdentitySignInLogs.json", "log_analytics_signins", mis, "SystemAssigned"},
		{"ApplicationSignIns_2026-10-05_2026-10-06.csv", "portal_signins_csv", portalSPs, ""},
		{"MSISignIns_2026-10-05_2026-10-06.csv", "portal_signins_csv", mis, "SystemAssigned"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			sum, err := ingest.Run(ctx, st.DB, []string{filepath.Join("testdata", "workload", tc.path)},
				ingest.Options{RunID: "test", Now: func() time.Time { return time.Date(2026, 10, 6, 0, 0, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range sum.Files {
				if f.Status != "loaded" || f.Format != tc.format || f.Rejected > 0 {
					t.Fatalf("%s: got %s as %q with %d set aside (%s); want loaded as %s", filepath.Base(f.Path), f.Status, f.Format, f.Rejected, f.Reason, tc.format)
				}
			}
			got := workloadRows(t, st.DB)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d sign-ins:\n%s\nwant %d", len(got), strings.Join(got, "\n"), len(tc.want))
			}
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Errorf("sign-in %d:\n got: %s\nwant: %s", i+1, got[i], tc.want[i])
				}
			}
			if tc.msiType != "" {
				var msi sql.NullString
				if err := st.DB.QueryRow(`SELECT managed_identity_type FROM signins WHERE category = 'managed_identity'`).Scan(&msi); err != nil {
					t.Fatal(err)
				}
				if msi.String != tc.msiType {
					t.Errorf("managed_identity_type: got %q; want %q", msi.String, tc.msiType)
				}
			}
		})
	}
}

// workloadRows renders the stored sign-ins, one line each, ordered by id.
func workloadRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT id, category, service_principal_id, service_principal_name, app_id, client_credential_type,
			service_principal_credential_key_id, service_principal_credential_thumbprint, federated_credential_id,
			resource_display_name, ip_address, country, CAST(asn AS VARCHAR), CAST(error_code AS VARCHAR)
		FROM signins ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, 14)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = "-"
			if v.Valid {
				cells[i] = fmt.Sprint(v.String)
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
