package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// er_ts reads every form of time the exports write, to UTC: ISO 8601 with 0-7 fractional
// digits and any offset (Z, +02:00, -05:30), the US-locale forms of Log Analytics and
// Purview, and PowerShell 5.1's /Date(ms)/; anything else is NULL.
func TestTimeMacro(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for in, want := range map[string]string{
		"2026-10-01T00:00:44.8807673Z":   "2026-10-01 00:00:44.880767",
		"2026-10-01T00:00:44Z":           "2026-10-01 00:00:44",
		"2026-10-01T02:00:44.88+02:00":   "2026-10-01 00:00:44.88",
		"2026-10-01T02:00:44.88-05:30":   "2026-10-01 07:30:44.88",
		"2026-10-01T02:00:44.88+02:00Z":  "",
		"2026-10-01 00:00:44":            "2026-10-01 00:00:44",
		"2026-10-01T00:00:44.123456789Z": "2026-10-01 00:00:44.123456",
		"4/28/2021, 2:08:45.221 PM":      "2021-04-28 14:08:45.221",
		"9/20/2023 4:05:03 AM":           "2023-09-20 04:05:03",
		"/Date(1709287200000)/":          "2024-03-01 10:00:00",
		`\/Date(1709287200000)\/`:        "2024-03-01 10:00:00",
		"2026-13-01T00:00:00Z":           "",
		"2026-10-01T02:00:44+0200Z":      "",
		"2026-10-01T02:00:44ZZ":          "",
		"2026-10-01T24:00:00Z":           "2026-10-02 00:00:00",
		"yesterday Z":                    "",
		"":                               "",
	} {
		var got sql.NullString
		if err := st.DB.QueryRowContext(ctx, `SELECT CAST(er_ts($1) AS VARCHAR)`, in).Scan(&got); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got.String != want {
			t.Errorf("er_ts(%q) = %q; want %q", in, got.String, want)
		}
	}
}
