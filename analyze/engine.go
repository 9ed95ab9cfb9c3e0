package analyze

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Engine runs the rules away from the store, on another SQL engine (entrarisk's spark
// package: Spark through Spark Connect). The store still makes the run's inputs, and
// takes the findings back: detections, user risk and triage are built there as always.
type Engine interface {
	// Prepare hands the engine the small tables the rules read beside the canonical
	// ones (tenant_domains, privileged_users, trusted_ips, ...), before any rule runs.
	Prepare(ctx context.Context, inputs []InputTable) error
	// RunRule runs one rule, given as Spark SQL with its tunables and period filled in,
	// and returns what it found.
	RunRule(ctx context.Context, r Rule, query string) ([]Finding, error)
}

// InputTable is one of the small tables a run makes for the rules.
type InputTable struct {
	Name    string
	Columns []string // name and Spark SQL type: "ip STRING"
	Rows    [][]any  // string, float64, or nil
}

// Finding is one row a rule returns: the columns every rule has.
type Finding struct {
	DetectionKey      string
	UserPrincipalName *string
	IPAddress         *string
	FirstSeen         time.Time
	LastSeen          time.Time
	EventCount        int64
	Severity          string
	Evidence          *string
	Target            *string
	EventTable        *string
	EventIDs          []string
}

// FindingColumns are the columns a rule returns, in order.
var FindingColumns = []string{"detection_key", "user_principal_name", "ip_address", "first_seen", "last_seen",
	"event_count", "severity", "evidence", "target", "event_table", "event_ids"}

// inputTables reads the run's input tables, for an Engine.
func inputTables(ctx context.Context, tx *sql.Tx) ([]InputTable, error) {
	defs := []InputTable{
		{Name: "trusted_ips", Columns: []string{"ip STRING"}},
		{Name: "threat_intel_ips", Columns: []string{"ip STRING", "indicator STRING"}},
		{Name: "tenant_domains", Columns: []string{"domain STRING"}},
		{Name: "privileged_roles", Columns: []string{"role_name STRING"}},
		{Name: "privileged_users", Columns: []string{"user_principal_name STRING"}},
		{Name: "country_centroids", Columns: []string{"country STRING", "latitude DOUBLE", "longitude DOUBLE"}},
	}
	for i := range defs {
		t := &defs[i]
		rows, err := tx.QueryContext(ctx, "SELECT * FROM "+t.Name+" ORDER BY ALL")
		if err != nil {
			return nil, fmt.Errorf("analyze: read %s: %w", t.Name, err)
		}
		for rows.Next() {
			vals := make([]any, len(t.Columns))
			ptrs := make([]any, len(vals))
			for k := range vals {
				ptrs[k] = &vals[k]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("analyze: read %s: %w", t.Name, err)
			}
			t.Rows = append(t.Rows, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("analyze: read %s: %w", t.Name, err)
		}
	}
	return defs, nil
}

// stageFindings puts what an Engine found into er_stage, as the rule's own INSERT would.
func stageFindings(ctx context.Context, tx *sql.Tx, ruleID string, fs []Finding) error {
	for len(fs) > 0 {
		k := min(200, len(fs))
		q := "INSERT INTO er_stage VALUES "
		args := make([]any, 0, k*12)
		for i, f := range fs[:k] {
			if i > 0 {
				q += ", "
			}
			n := len(args)
			q += fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12)
			var ids any
			if f.EventIDs != nil {
				ids = f.EventIDs
			}
			args = append(args, ruleID, f.DetectionKey, f.UserPrincipalName, f.IPAddress, f.FirstSeen, f.LastSeen,
				f.EventCount, f.Severity, f.Evidence, f.Target, f.EventTable, ids)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("rule %s: store findings: %w", ruleID, err)
		}
		fs = fs[k:]
	}
	return nil
}

// CountryCentroids returns the country_centroids rows the rules read: country, latitude,
// longitude.
func CountryCentroids() [][]any {
	recs, err := csv.NewReader(strings.NewReader(countryCentroidsCSV)).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil
	}
	var rows [][]any
	for _, rec := range recs[1:] {
		lat, err1 := strconv.ParseFloat(rec[1], 64)
		lon, err2 := strconv.ParseFloat(rec[2], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		rows = append(rows, []any{rec[0], lat, lon})
	}
	return rows
}
