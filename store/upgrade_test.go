package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A store made before the workload-identity columns existed gains them when it is opened
// for writing, and keeps its rows.
func TestOpenAddsWorkloadColumns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	st, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cols := []string{"client_credential_type", "service_principal_credential_key_id",
		"service_principal_credential_thumbprint", "federated_credential_id", "managed_identity_type"}
	// Make it look like an older store: without the columns, with a sign-in.
	for _, c := range cols {
		if _, err := st.DB.ExecContext(ctx, `ALTER TABLE signins DROP COLUMN `+c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.DB.ExecContext(ctx, `INSERT INTO signins (id, created_at, category, source_format, source_file, ingested_at, load_id)
		VALUES ('old', now(), 'service_principal', 'graph_signins', 'a.json', now(), 1)`); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range cols {
		var n int
		if err := st.DB.QueryRow(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'signins' AND column_name = $1`, c).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("column %s: got %d after reopening; want it added", c, n)
		}
	}
	var id string
	if err := st.DB.QueryRow(`SELECT id FROM signins WHERE client_credential_type IS NULL`).Scan(&id); err != nil || id != "old" {
		t.Errorf("got %q (%v); want the old sign-in kept with no credential type", id, err)
	}
}
