package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrarisk/entrarisk/store"
)

// A store exported to Parquet and loaded back holds the same rows, provenance included;
// exporting again replaces the days it writes rather than adding to them.
func TestParquetRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openStore(t)
	runIngest(t, a, "testdata/formats")
	dir := filepath.Join(t.TempDir(), "history")
	for i := 0; i < 2; i++ {
		if _, err := store.ExportParquet(ctx, a.DB, dir, store.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var files []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			files = append(files, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	want := []string{
		"directory_audits/date=2026-10-05/data_0.parquet",
		"risk_detections/date=2026-10-05/data_0.parquet",
		"risky_users/date=2026-10-06/data_0.parquet",
		"signin_auth_details/date=2026-10-05/data_0.parquet",
		"signins/date=2026-10-05/data_0.parquet",
		"unified_audit/date=2026-10-05/data_0.parquet",
	}
	if strings.Join(files, "\n") != strings.Join(want, "\n") {
		t.Errorf("got files\n%s\nwant\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	b := openStore(t)
	sum := runIngest(t, b, dir)
	for _, f := range sum.Files {
		if f.Status != "loaded" || f.Format != "parquet" {
			t.Errorf("%s: got %s as %s (%s); want loaded as parquet", f.Path, f.Status, f.Format, f.Reason)
		}
		if f.Read == 0 || f.Added != f.Read || f.Duplicates != 0 {
			t.Errorf("%s: read %d, added %d, %d duplicates; want every row added into an empty store", f.Path, f.Read, f.Added, f.Duplicates)
		}
	}
	for _, table := range []string{"signins", "directory_audits", "unified_audit", "risk_detections", "risky_users", "signin_auth_details"} {
		q := "SELECT CAST(COLUMNS(* EXCLUDE (load_id)) AS VARCHAR) FROM " + table + " ORDER BY id"
		if got, want := dump(t, b.DB, q), dump(t, a.DB, q); got != want {
			t.Errorf("%s differs after the round trip:\n%s", table, diffLines(want, got))
		}
	}
}
