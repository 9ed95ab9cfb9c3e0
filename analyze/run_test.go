package analyze

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A tunable from the settings is bound in place of the header's default, and a finding keeps
// its detection id from run to run.
func TestRunParamsAndStableIDs(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join("testdata", "rules", "password_spray.sql"))
	if err != nil {
		t.Fatal(err)
	}
	st := newStore(t)
	loadFixture(t, st.DB, string(b))
	ids := func() string {
		t.Helper()
		var s string
		if err := st.DB.QueryRow(`SELECT coalesce(string_agg(detection_id || ':' || detection_key, ' ' ORDER BY detection_key), '')
			FROM detections WHERE rule_id = 'password_spray'`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	run := func(s Settings) {
		t.Helper()
		if _, err := Run(ctx, st.DB, Options{Settings: onlyRule(t, s, "password_spray"), Now: func() time.Time { return fixtureNow }}); err != nil {
			t.Fatal(err)
		}
	}
	run(Settings{})
	first := ids()
	if !strings.Contains(first, "203.0.113.7|") || !strings.Contains(first, "203.0.113.8|") {
		t.Fatalf("got %q; want both sprays", first)
	}
	run(Settings{})
	if again := ids(); again != first {
		t.Errorf("detection ids changed between runs:\n%s\n%s", first, again)
	}
	// min_users 12: the 12-user spray stays, the 5-user one goes.
	run(Settings{Params: map[string]map[string]any{"password_spray": {"min_users": 12}}})
	if got := ids(); !strings.Contains(got, "203.0.113.7|") || strings.Contains(got, "203.0.113.8|") {
		t.Errorf("min_users 12: got %q; want only the 12-user spray", got)
	}
	// A trusted range hides the address entirely.
	run(Settings{TrustedIPs: []string{"203.0.113.0/29"}})
	if got := ids(); strings.Contains(got, "203.0.113.7|") || !strings.Contains(got, "203.0.113.8|") {
		t.Errorf("trusted 203.0.113.0/29: got %q; want only 203.0.113.8", got)
	}
	// The period bounds what is found.
	run(Settings{Since: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)})
	if got := ids(); strings.Contains(got, "203.0.113.7|") || !strings.Contains(got, "203.0.113.8|") {
		t.Errorf("since 2026-03-11: got %q; want only the spray of the 11th", got)
	}
	var runs int
	if err := st.DB.QueryRow(`SELECT count(*) FROM analyze_runs WHERE list_contains(rules, 'password_spray')`).Scan(&runs); err != nil {
		t.Fatal(err)
	}
	if runs != 5 {
		t.Errorf("got %d analyze_runs rows; want 5", runs)
	}
}
