package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A load stopped between its commits (rows written, files not yet recorded) leaves no
// rows behind once the store is opened for writing again; other loads keep theirs.
func TestOpenDropsUnfinishedLoads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.duckdb")
	st, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO signins (id, created_at, category, source_format, source_file, ingested_at, load_id)
		 VALUES ('kept', now(), 'interactive', 'graph_signins', 'a.json', now(), 1),
		        ('unfinished', now(), 'interactive', 'graph_signins', 'b.json', now(), 2)`,
		`INSERT INTO ingest_inflight VALUES (2, 'signins', now())`,
	} {
		if _, err := st.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	ro.DB.QueryRow(`SELECT count(*) FROM signins`).Scan(&n)
	ro.Close()
	if n != 2 {
		t.Fatalf("a read-only open changed the store: %d rows; want 2", n)
	}

	st, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids string
	var inflight int
	st.DB.QueryRow(`SELECT string_agg(id, ',' ORDER BY id) FROM signins`).Scan(&ids)
	st.DB.QueryRow(`SELECT count(*) FROM ingest_inflight`).Scan(&inflight)
	if ids != "kept" || inflight != 0 {
		t.Errorf("got rows %q and %d loads in flight; want \"kept\" and 0", ids, inflight)
	}
}
