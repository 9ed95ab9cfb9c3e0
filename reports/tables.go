package reports

import (
	"database/sql"
	"strings"
)

// colKind is how a column's value is written.
type colKind int

const (
	kText  colKind = iota // text
	kWrap                 // text that wraps on the sheet
	kLevel                // risk level or severity: coloured on the sheet
	kTime                 // a time: RFC 3339 in the CSV, a real date on the sheet
	kInt                  // a count: a number with thousands separators on the sheet
	kCode                 // a code (error code): a number shown without separators
	kShare                // a share from 0 to 1: a decimal in the CSV, a percentage on the sheet
	kBool                 // true or false
)

// column is one column of a data table: a CSV column, a sheet column, or both.
type column struct {
	csv    string  // CSV header; "" = not in the CSV
	title  string  // sheet header; "" = not on the sheet
	width  float64 // sheet column width, in characters
	kind   colKind
	derive func(v []value) string // a text column computed from the others; nil = the query's
}

// value is one scanned value.
type value struct {
	kind colKind
	s    sql.NullString
	t    sql.NullTime
	n    sql.NullInt64
	x    sql.NullFloat64
	b    sql.NullBool
}

func (v *value) dest() any {
	switch v.kind {
	case kTime:
		return &v.t
	case kInt, kCode:
		return &v.n
	case kShare:
		return &v.x
	case kBool:
		return &v.b
	}
	return &v.s
}

// str is the value's text ("" for NULL).
func (v *value) str() string { return v.s.String }

// tableSpec is a data table: one query written to a CSV file and a sheet in one pass.
type tableSpec struct {
	file, sheet string
	cols        []column
	sheetCols   []int  // the sheet's columns, as indexes into cols, in sheet order
	query       string // one column per cols entry without derive, in order; $1, $2 = the period
	count       string // the number of rows query returns
	keeps       string // which rows the sheet keeps when they do not fit
	// onRow is called for every row written to the sheet with the sheet row; it may add
	// links to the row's cells (sheet column numbers are 1-based positions in sheetCols).
	onRow func(v []value, w *sheetWriter, row int) error
}

// writeTable runs a table's query once and streams every row into the CSV file and, as
// far as Excel's row limit allows, into the sheet.
func (r *run) writeTable(t tableSpec) (int64, error) {
	tw := tableWriter{ctx: r.ctx, q: r.db, f: r.f, st: r.st, loc: r.loc, limit: r.limit, bom: r.opts.ExcelCSV, create: r.create}
	n, onSheet, truncated, err := tw.write(t, r.lo, r.hi)
	r.sheetRows += onSheet
	if truncated {
		r.res.Truncated = append(r.res.Truncated, t.sheet)
	}
	return n, err
}

// The period, as every query binds it: $1 inclusive start, $2 exclusive end.

func (r *run) writeRiskySignins() error {
	cols := []column{
		{csv: "created_at", title: "Time", width: 19, kind: kTime},
		{csv: "user_principal_name", title: "User", width: 30},
		{csv: "ip_address", title: "IP address", width: 16},
		{csv: "location", title: "Location", width: 22},
		{csv: "status", title: "Status", width: 10},
		{csv: "error_code", title: "Error code", width: 10, kind: kCode},
		{csv: "app", title: "App", width: 24},
		{csv: "client_app", title: "Client app", width: 18},
		{csv: "user_agent", title: "User agent", width: 40},
		{csv: "risk_level", title: "Risk level", width: 10, kind: kLevel},
		{csv: "rule_ids", title: "Rules", width: 26},
		{csv: "request_id", title: "Request id", width: 38},
		{csv: "country", title: "Country", width: 8},
		{csv: "detection_ids", title: "Detections", width: 40},
	}
	n, err := r.writeTable(tableSpec{
		file: FileRiskySignins, sheet: SheetRiskySignins, cols: cols, keeps: "newest",
		sheetCols: []int{0, 1, 9, 10, 2, 3, 12, 4, 5, 6, 7, 8, 11, 13},
		count:     `SELECT count(*) FROM risky_signins WHERE created_at >= $1 AND created_at < $2`,
		query: `SELECT created_at, user_principal_name, ip_address, location, status, error_code, app, client_app,
				user_agent, risk_level, rule_ids, request_id, country, array_to_string(list_sort(detection_ids), ' ')
			FROM risky_signins
			WHERE created_at >= $1 AND created_at < $2
			ORDER BY created_at DESC, signin_id, rule_ids, request_id`,
		onRow: r.linkUser(1, 2),
	})
	r.res.RiskySignins = n
	return err
}

func (r *run) writeDetections() error {
	r.detRow = map[string]int{}
	cols := []column{
		{csv: "detection_id", title: "Detection id", width: 34},
		{csv: "rule_id", title: "Rule", width: 22},
		{csv: "rule_name", title: "Title", width: 34},
		{csv: "severity", title: "Severity", width: 10, kind: kLevel},
		{csv: "user_principal_name", title: "User", width: 30},
		{csv: "ip_address", title: "IP address", width: 16},
		{csv: "first_seen", title: "First seen", width: 19, kind: kTime},
		{csv: "last_seen", title: "Last seen", width: 19, kind: kTime},
		{csv: "event_count", title: "Events", width: 9, kind: kInt},
		{csv: "state", title: "State", width: 21},
		{csv: "evidence", title: "Evidence", width: 60},
		{csv: "tactic", title: "Tactic", width: 16},
		{csv: "technique", title: "ATT&CK", width: 11},
		{csv: "remediation", title: "Recommended action", width: 50, derive: func(v []value) string {
			return r.ruleRemediation(v[1].str())
		}},
	}
	n, err := r.writeTable(tableSpec{
		file: FileDetections, sheet: SheetDetections, cols: cols, keeps: "newest",
		sheetCols: []int{7, 3, 2, 4, 5, 8, 9, 10, 6, 1, 12, 13, 0},
		count:     `SELECT count(*) FROM detections WHERE last_seen >= $1 AND first_seen < $2`,
		query: `SELECT detection_id, rule_id, rule_name, severity, user_principal_name, ip_address, first_seen, last_seen,
				event_count, state, evidence, tactic, technique
			FROM detections
			WHERE last_seen >= $1 AND first_seen < $2
			ORDER BY last_seen DESC, first_seen DESC, detection_id, rule_id`,
		onRow: func(v []value, w *sheetWriter, row int) error {
			if u := strings.ToLower(v[4].str()); u != "" && r.detRow[u] == 0 {
				r.detRow[u] = row
			}
			return r.linkUser(4, 4)(v, w, row)
		},
	})
	r.res.Detections = n
	return err
}

func (r *run) writeAuditFindings() error {
	cols := []column{
		{csv: "activity_time", title: "Time", width: 19, kind: kTime},
		{csv: "rule_id", title: "Rule", width: 26},
		{csv: "severity", title: "Severity", width: 10, kind: kLevel},
		{csv: "actor", title: "Actor", width: 30},
		{csv: "target", title: "Target", width: 30},
		{csv: "activity", title: "Activity", width: 30},
		{csv: "details", title: "Details", width: 60},
		{csv: "source", title: "Source", width: 16},
		{csv: "detection_id", title: "Detection id", width: 34},
		{csv: "event_id", title: "Record id", width: 38},
		{csv: "remediation", title: "Recommended action", width: 50, derive: func(v []value) string {
			return r.ruleRemediation(v[1].str())
		}},
	}
	n, err := r.writeTable(tableSpec{
		file: FileAuditFindings, sheet: SheetAuditFindings, cols: cols, keeps: "newest",
		sheetCols: []int{0, 2, 1, 3, 4, 5, 6, 10, 7, 8, 9},
		count:     `SELECT count(*) FROM audit_findings WHERE activity_time >= $1 AND activity_time < $2`,
		query: `SELECT activity_time, rule_id, severity, actor, target, activity, details, source, detection_id, event_id
			FROM audit_findings
			WHERE activity_time >= $1 AND activity_time < $2
			ORDER BY activity_time DESC, rule_id, event_id, detection_id, actor, target`,
	})
	r.res.AuditFindings = n
	return err
}

// linkUser returns an onRow hook that links the user cell (value idx, sheet column col)
// of a row to the user's row on the Flagged users sheet.
func (r *run) linkUser(idx, col int) func(v []value, w *sheetWriter, row int) error {
	return func(v []value, w *sheetWriter, row int) error {
		u := r.byUPN[strings.ToLower(v[idx].str())]
		if u == nil || u.sheetRow == 0 {
			return nil
		}
		return w.link(col, row, location(SheetFlaggedUsers, 1, u.sheetRow), "Flagged users: this user")
	}
}
