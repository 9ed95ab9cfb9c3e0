package spark_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
	"github.com/entrarisk/entrarisk/internal/sparktest"
	"github.com/entrarisk/entrarisk/spark"
	"github.com/entrarisk/entrarisk/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sparktest.Stop()
	os.Exit(code)
}

// tenant generates a tenant's exports, ingests them into a new store and exports that
// store's Parquet history; it returns the store's path and the history's.
func tenant(t *testing.T, seed int64, users, days int) (string, string, *gen.Tenant) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	tn := gen.New(gen.Options{Seed: seed, Users: users, Days: days, SignInsPerUserDay: 12,
		Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Domain: "contoso.com", Attacks: true, Decoys: true})
	for _, f := range []gen.Format{gen.Format("graph-pages"), gen.Format("purview-csv"), gen.Format("risk-json")} {
		if _, err := tn.Write(filepath.Join(dir, "logs", string(f)), f); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, "logs", string(f), gen.ThreatIntelFile))
	}
	db := filepath.Join(dir, "s.duckdb")
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, st.DB, []string{filepath.Join(dir, "logs")}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	hist := filepath.Join(dir, "history")
	if _, err := store.ExportParquet(ctx, st.DB, hist, store.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	return db, hist, tn
}

// detection is what parity compares: rule, key, user, address, first and last seen, count.
type detection struct {
	Rule, Key, User, IP string
	First, Last         time.Time
	Count               int64
}

func (d detection) String() string {
	return fmt.Sprintf("%s %s user=%s ip=%s %s..%s n=%d", d.Rule, d.Key, d.User, d.IP,
		d.First.Format(time.RFC3339), d.Last.Format(time.RFC3339), d.Count)
}

func detections(t *testing.T, db *sql.DB) []detection {
	t.Helper()
	rows, err := db.Query(`SELECT rule_id, coalesce(detection_key, ''), coalesce(user_principal_name, ''), coalesce(ip_address, ''),
		first_seen, last_seen, event_count FROM detections ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []detection
	for rows.Next() {
		var d detection
		if err := rows.Scan(&d.Rule, &d.Key, &d.User, &d.IP, &d.First, &d.Last, &d.Count); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// analyzeBoth runs every rule over the history with DuckDB, then with Spark, on the store
// at db opened over the history, and returns both runs' detections.
func analyzeBoth(t *testing.T, remote, db, hist string, s analyze.Settings) (duck, onSpark []detection, sparkRes *analyze.Result) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{History: hist, HistorySince: s.Since, HistoryUntil: s.Until, HistoryLookBack: 120 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	if _, err := analyze.Run(ctx, st.DB, analyze.Options{Settings: s, Now: now}); err != nil {
		t.Fatal(err)
	}
	duck = detections(t, st.DB)

	sess, err := spark.Connect(ctx, remote)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	cols, err := spark.TableColumns(ctx, st.DB)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Views(ctx, hist, cols, spark.ViewOptions{Since: s.Since, Until: s.Until, LookBack: 120 * 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	res, err := analyze.Run(ctx, st.DB, analyze.Options{Settings: s, Now: now, Engine: &spark.Engine{S: sess}})
	if err != nil {
		t.Fatal(err)
	}
	return duck, detections(t, st.DB), res
}

func diff(a, b []detection) (onlyA, onlyB []string) {
	in := map[string]int{}
	for _, d := range a {
		in[d.String()]++
	}
	for _, d := range b {
		if in[d.String()] > 0 {
			in[d.String()]--
			continue
		}
		onlyB = append(onlyB, d.String())
	}
	for k, n := range in {
		for ; n > 0; n-- {
			onlyA = append(onlyA, k)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return
}

// TestParity: a generated tenant's history, every rule with DuckDB and with Spark, the
// same detections.
func TestParity(t *testing.T) {
	remote := sparktest.Remote(t, "2g")
	db, hist, tn := tenant(t, 7, 30, 10)
	s := analyze.Settings{ThreatIntel: tn.ThreatIntelIPs}
	duck, onSpark, res := analyzeBoth(t, remote, db, hist, s)
	if len(res.RulesRun) != 34 && len(res.RulesRun) < 30 {
		t.Errorf("spark ran %d rules", len(res.RulesRun))
	}
	perRule := map[string]int{}
	for _, d := range duck {
		perRule[d.Rule]++
	}
	if len(perRule) < 20 {
		t.Fatalf("the generated tenant made detections of only %d rules with DuckDB: %v", len(perRule), perRule)
	}
	onlyDuck, onlySpark := diff(duck, onSpark)
	if len(onlyDuck)+len(onlySpark) > 0 {
		t.Errorf("DuckDB %d detections, Spark %d\nonly DuckDB:\n  %s\nonly Spark:\n  %s", len(duck), len(onSpark),
			strings.Join(onlyDuck, "\n  "), strings.Join(onlySpark, "\n  "))
	}
	t.Logf("%d detections of %d rules, the same on both engines", len(duck), len(perRule))
	for _, r := range res.Rules {
		t.Logf("spark %-30s %s", r.Rule, r.Elapsed.Round(time.Millisecond))
	}
}

// TestTwoStoresOneHistory: two machines each ingest a share of the days into their own
// store and export into one history; one analysis over it finds what a single store that
// ingested everything finds.
func TestTwoStoresOneHistory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tn := gen.New(gen.Options{Seed: 11, Users: 30, Days: 10, SignInsPerUserDay: 12,
		Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Domain: "contoso.com", Attacks: true, Decoys: true})
	var all, shareA, shareB []string
	for _, f := range []gen.Format{gen.Format("graph-pages"), gen.Format("purview-csv")} {
		paths, err := tn.Write(filepath.Join(dir, "logs", string(f)), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if filepath.Base(p) == gen.ThreatIntelFile {
				continue
			}
			all = append(all, p)
			// Sign-ins are a file a day: machine B takes the days from 2026-10-06 on.
			base := filepath.Base(p)
			if strings.HasPrefix(base, "signIns_") && base[strings.LastIndex(base, "_")+1:] >= "2026-10-06" {
				shareB = append(shareB, p)
			} else {
				shareA = append(shareA, p)
			}
		}
	}
	if len(shareA) == 0 || len(shareB) == 0 {
		t.Fatalf("no share for one machine: %d and %d files", len(shareA), len(shareB))
	}
	ingestExport := func(name string, files []string, hist string) {
		st, err := store.Open(ctx, filepath.Join(dir, name+".duckdb"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := ingest.Run(ctx, st.DB, files, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.ExportParquet(ctx, st.DB, hist, store.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	single, shared := filepath.Join(dir, "single"), filepath.Join(dir, "shared")
	ingestExport("one", all, single)
	ingestExport("a", shareA, shared)
	ingestExport("b", shareB, shared)

	// The shared history holds every row the single store's does.
	probe, err := store.Open(ctx, filepath.Join(dir, "probe.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range store.Tables {
		var n [2]int64
		for i, h := range []string{single, shared} {
			if !spark.HasPartitions(h, tb.Name) {
				continue
			}
			q := fmt.Sprintf(`SELECT count(*) FROM read_parquet('%s', hive_partitioning = true)`, filepath.Join(h, tb.Name, "date=*", "*.parquet"))
			if err := probe.DB.QueryRow(q).Scan(&n[i]); err != nil {
				t.Fatal(err)
			}
		}
		if n[0] != n[1] {
			t.Errorf("%s: %d rows in the single store's history, %d in the shared one", tb.Name, n[0], n[1])
		}
	}
	probe.Close()

	// One analysis over each history. The rules' parity between DuckDB and Spark on a history
	// is TestParity's; here what matters is that the shared history is the whole tenant.
	s := analyze.Settings{ThreatIntel: tn.ThreatIntelIPs}
	now := func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	one, err := store.Open(ctx, filepath.Join(dir, "analysis-one.duckdb"), store.Options{History: single})
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	if _, err := analyze.Run(ctx, one.DB, analyze.Options{Settings: s, Now: now}); err != nil {
		t.Fatal(err)
	}
	want := detections(t, one.DB)
	two, err := store.Open(ctx, filepath.Join(dir, "analysis-shared.duckdb"), store.Options{History: shared})
	if err != nil {
		t.Fatal(err)
	}
	defer two.Close()
	if _, err := analyze.Run(ctx, two.DB, analyze.Options{Settings: s, Now: now}); err != nil {
		t.Fatal(err)
	}
	got := detections(t, two.DB)
	if len(want) < 20 {
		t.Fatalf("the single store found only %d detections", len(want))
	}
	onlyOne, onlyShared := diff(want, got)
	if len(onlyOne)+len(onlyShared) > 0 {
		t.Errorf("single store %d detections, shared history %d\nonly single:\n  %s\nonly shared:\n  %s",
			len(want), len(got), strings.Join(onlyOne, "\n  "), strings.Join(onlyShared, "\n  "))
	}
}
