package ingest

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// The collector samples (testdata/collectors, issue 13) and what a loader must make of them
// (expected.json). TestCollectorSamples holds the samples to their expectations on their
// own (each is well formed, holds the rows it says, and its culture-formatted dates decide
// the order the expectation names and read to its times); TestCollectorSamplesLoad holds
// ingest to them.

type collectorSample struct {
	File    string           `json:"file"`
	Outcome string           `json:"outcome"`
	Table   string           `json:"table"`
	Rows    int              `json:"rows"`
	Dates   *collectorDates  `json:"dates"`
	Records []map[string]any `json:"records"`
	Refusal []string         `json:"refusal_mentions"`
}

type collectorDates struct {
	Columns []string `json:"columns"`
	Order   string   `json:"order"`
	Basis   string   `json:"basis"`
	Warn    bool     `json:"warn"`
}

const collectorsDir = "testdata/collectors"

func loadCollectorSamples(t *testing.T) []collectorSample {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(collectorsDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Samples []collectorSample }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if len(doc.Samples) == 0 {
		t.Fatal("expected.json lists no samples")
	}
	return doc.Samples
}

// sampleText is a sample's text, its byte order mark removed and UTF-16 decoded.
func sampleText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(collectorsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) {
		u := make([]uint16, (len(b)-2)/2)
		for i := range u {
			u[i] = uint16(b[2+2*i]) | uint16(b[3+2*i])<<8
		}
		return string(utf16.Decode(u))
	}
	return strings.TrimPrefix(string(b), "\ufeff")
}

func TestCollectorSamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(collectorsDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range loadCollectorSamples(t) {
		t.Run(s.File, func(t *testing.T) {
			if !bytes.Contains(readme, []byte(filepath.Base(s.File))) {
				t.Errorf("README.md does not name %s", filepath.Base(s.File))
			}
			switch s.Outcome {
			case "refuse":
				if len(s.Refusal) == 0 {
					t.Errorf("a refusal that names no export to make instead")
				}
				return
			case "load":
			default:
				t.Fatalf("outcome %q; want load or refuse", s.Outcome)
			}
			text := sampleText(t, s.File)
			var n int
			if strings.HasSuffix(s.File, ".csv") {
				n = checkCSVSample(t, s, text)
			} else {
				n = countJSONRecords(t, text)
			}
			if n != s.Rows {
				t.Errorf("holds %d records; expected.json says %d", n, s.Rows)
			}
		})
	}
}

// countJSONRecords counts the records of a JSON sample: any run of values (arrays, bare
// objects, one a line), Graph pages by their value, Azure Monitor's records wrapper.
func countJSONRecords(t *testing.T, text string) int {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	n := 0
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("not a run of JSON values: %v", err)
		}
		switch x := v.(type) {
		case []any:
			n += len(x)
		case map[string]any:
			if page, ok := x["value"].([]any); ok {
				n += len(page)
			} else {
				n++
			}
		default:
			t.Fatalf("a JSON %T where a record belongs", v)
		}
	}
}

// timeColumns names, per canonical column, the CSV columns a sample may hold it in.
var timeColumns = map[string][]string{
	"risk_last_updated_at": {"RiskLastUpdatedDateTime"},
	"detected_at":          {"DetectedDateTime"},
	"activity_at":          {"ActivityDateTime"},
	"created_at":           {"CreationDate", "createdDateTime", "CreatedDateTime [UTC]"},
}

var idColumns = []string{"Id", "id", "Identity"}

func checkCSVSample(t *testing.T, s collectorSample, text string) int {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	header, rows := rows[0], rows[1:]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	if s.Dates == nil {
		return len(rows)
	}
	var e dateEvidence
	for _, c := range s.Dates.Columns {
		i, ok := col[c]
		if !ok {
			t.Fatalf("no column %q", c)
		}
		for line, r := range rows {
			if err := e.add(r[i], line+2); err != nil {
				t.Fatal(err)
			}
		}
	}
	d, err := e.decide(nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.order.String() != s.Dates.Order || d.basis.String() != s.Dates.Basis || (d.basis == basisNone) != s.Dates.Warn {
		t.Errorf("dates %s by %s (warn %v); want %s by %s (warn %v): %s", d.order, d.basis, d.basis == basisNone,
			s.Dates.Order, s.Dates.Basis, s.Dates.Warn, d)
	}
	idCol := -1
	for _, c := range idColumns {
		if i, ok := col[c]; ok {
			idCol = i
			break
		}
	}
	for _, rec := range s.Records {
		var row []string
		for _, r := range rows {
			if r[idCol] == rec["id"] {
				row = r
			}
		}
		if row == nil {
			t.Errorf("no row with id %v", rec["id"])
			continue
		}
		for field, cols := range timeColumns {
			want, ok := rec[field].(string)
			if !ok {
				continue
			}
			for _, c := range cols {
				if i, ok := col[c]; ok {
					got, err := d.parse(row[i])
					if err != nil || rfc3339(got) != want {
						t.Errorf("%v %s: %q reads %s, %v; want %s", rec["id"], c, row[i], rfc3339(got), err, want)
					}
				}
			}
		}
	}
	return len(rows)
}

// TestCollectorSamplesLoad loads every collector sample on its own and holds the store to
// expected.json: the file is loaded into its table with the rows it holds (or refused with
// a message naming what to export instead), the chosen records carry the expected values,
// and a file whose culture dates give no evidence says so in a warning and the manifest.
func TestCollectorSamplesLoad(t *testing.T) {
	for _, s := range loadCollectorSamples(t) {
		t.Run(s.File, func(t *testing.T) {
			st := openStore(t)
			sum := runIngest(t, st, filepath.Join(collectorsDir, s.File))
			if len(sum.Files) != 1 {
				t.Fatalf("%d files in the summary; want 1", len(sum.Files))
			}
			res := sum.Files[0]
			if s.Outcome == "refuse" {
				if res.Status != "rejected" {
					t.Fatalf("status %s (format %s, %d rows); want rejected", res.Status, res.Format, res.Added)
				}
				for _, m := range s.Refusal {
					if !strings.Contains(res.Reason, m) {
						t.Errorf("reason %q does not mention %q", res.Reason, m)
					}
				}
				return
			}
			if res.Status != "loaded" {
				t.Fatalf("status %s: %s", res.Status, res.Reason)
			}
			if res.Table != s.Table {
				t.Errorf("table %s; want %s", res.Table, s.Table)
			}
			if res.Added != int64(s.Rows) || res.Rejected != 0 {
				t.Errorf("%d rows added, %d set aside %v; want %d added", res.Added, res.Rejected, res.Rejects, s.Rows)
			}
			if s.Dates != nil && strings.HasSuffix(s.File, ".csv") {
				if !strings.Contains(res.DateOrder, "dates read "+s.Dates.Order) {
					t.Errorf("date order %q; want %s", res.DateOrder, s.Dates.Order)
				}
				warned := false
				for _, w := range res.Warnings {
					warned = warned || strings.Contains(w, "assumed")
				}
				if warned != s.Dates.Warn {
					t.Errorf("warnings %q; want a warning %v", res.Warnings, s.Dates.Warn)
				}
				var manifest sql.NullString
				if err := st.DB.QueryRow(`SELECT date_order FROM ingest_files`).Scan(&manifest); err != nil {
					t.Fatal(err)
				}
				if manifest.String != res.DateOrder {
					t.Errorf("manifest date_order %q; want %q", manifest.String, res.DateOrder)
				}
			}
			for _, rec := range s.Records {
				checkRecord(t, st.DB, s.Table, rec)
			}
		})
	}
}

// checkRecord compares one stored row, found by id, with the expected canonical values:
// times to the microsecond in UTC, numbers and text as they are, null as null.
func checkRecord(t *testing.T, db *sql.DB, table string, rec map[string]any) {
	t.Helper()
	id := rec["id"]
	var cols []string
	for k := range rec {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = quoteIdent(c)
	}
	rows, err := db.Query(fmt.Sprintf("SELECT %s FROM %s WHERE id = $1", strings.Join(sel, ", "), table), id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Errorf("no %s row with id %v", table, id)
		return
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	for i, c := range cols {
		want, got := rec[c], vals[i]
		switch w := want.(type) {
		case nil:
			if got != nil {
				t.Errorf("%v %s = %v; want null", id, c, got)
			}
		case float64:
			if fmt.Sprint(got) != fmt.Sprint(int64(w)) {
				t.Errorf("%v %s = %v; want %v", id, c, got, w)
			}
		case string:
			if tm, ok := got.(time.Time); ok {
				wt, err := time.Parse(time.RFC3339Nano, w)
				if err != nil {
					t.Fatalf("expected.json: %s %q: %v", c, w, err)
				}
				if !tm.UTC().Equal(wt.Truncate(time.Microsecond)) {
					t.Errorf("%v %s = %s; want %s", id, c, tm.UTC().Format(time.RFC3339Nano), w)
				}
				continue
			}
			if fmt.Sprint(got) != w {
				t.Errorf("%v %s = %q; want %q", id, c, fmt.Sprint(got), w)
			}
		default:
			t.Fatalf("expected.json: %s is a %T", c, want)
		}
	}
}

// sharedRefused are the public samples that are not whole exports, and why each is refused.
var sharedRefused = map[string]string{
	// Microsoft's documentation example is not valid JSON.
	"msgraph-docs_v1.0_signin-list_example1_response.json": "trailing comma before ']'",
	// Hunting query results: counts per address, no records.
	"sentinel-traininglab_AuditLogs_Hunting.csv": "no time column",
	"sentinel-traininglab_signinLogs.csv":        "CSV header matches no export",
}

// TestSharedSamplesLoad loads the public samples of ../shared/samples beside the checkout (when present):
// each JSON or CSV file loads whole, nothing set aside, or is refused for the reason
// sharedRefused gives.
func TestSharedSamplesLoad(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "samples") // the package's directory is the checkout's ingest/
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no shared samples here")
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".csv")) {
			files = append(files, p)
		}
		return nil
	})
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sum := runIngest(t, openStore(t), f)
			res := sum.Files[0]
			if why, ok := sharedRefused[filepath.Base(f)]; ok {
				if res.Status != "rejected" || !strings.Contains(res.Reason, why) {
					t.Errorf("status %s (%s); want rejected: %s", res.Status, res.Reason, why)
				}
				return
			}
			if res.Status != "loaded" || res.Added == 0 || res.Rejected > 0 {
				t.Errorf("status %s, %d added, %d set aside: %s %v", res.Status, res.Added, res.Rejected, res.Reason, res.Rejects)
			}
		})
	}
}

// riskyUsersCSV writes an Extractor-Suite risky users CSV (3.x columns) with one row per
// date value, ids name/u1, name/u2, ... (risky users are kept once per id)
func riskyUsersCSV(t *testing.T, dir, name string, dates ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\"Id\",\"IsDeleted\",\"IsProcessing\",\"RiskDetail\",\"RiskLastUpdatedDateTime\",\"RiskLevel\",\"RiskState\",\"UserDisplayName\",\"UserPrincipalName\",\"AdditionalProperties\"\r\n")
	for i, d := range dates {
		fmt.Fprintf(&b, "\"%s/u%d\",\"False\",\"False\",\"none\",\"%s\",\"high\",\"atRisk\",\"User %d\",\"User%d.%s@Contoso.com\",\"\"\r\n", name, i+1, d, i+1, i+1, name)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func riskTimes(t *testing.T, db *sql.DB, file string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT id, risk_last_updated_at FROM risky_users WHERE source_file = $1 ORDER BY id`, file)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			t.Fatal(err)
		}
		_, id, _ = strings.Cut(id, "/")
		out = append(out, id+" "+at.UTC().Format(time.RFC3339))
	}
	return out
}

// TestCollectorDateOrderPerFile: the order of day and month is one decision for a whole
// file, from all its values, and each file of a run decides for itself.
func TestCollectorDateOrderPerFile(t *testing.T) {
	dir := t.TempDir()
	// The first two rows read either way; the third proves the file day first, so the
	// first two are 2 March and 11 March, not 3 February and 3 November.
	gb := riskyUsersCSV(t, dir, "gb.csv", "02/03/2026 08:05:17", "11/03/2026 14:22:09", "23/03/2026 09:12:44")
	// The same digits in a file whose last row proves it month first.
	us := riskyUsersCSV(t, dir, "us.csv", "02/03/2026 08:05:17", "11/03/2026 14:22:09", "03/23/2026 09:12:44")
	de := riskyUsersCSV(t, dir, "de.csv", "02.03.2026 08:05:17", "11.03.2026 14:22:09")
	nl := riskyUsersCSV(t, dir, "nl.csv", "2-3-2026 08:05:17", "11-3-2026 14:22:09")
	enUS := riskyUsersCSV(t, dir, "enus.csv", "3/2/2026 8:05:17 AM", "3/11/2026 2:22:09 PM")
	// Both proofs in one file: refused, the lines named.
	both := riskyUsersCSV(t, dir, "both.csv", "23/03/2026 09:12:44", "03/23/2026 09:12:44")
	// No evidence: month first assumed, and said.
	none := riskyUsersCSV(t, dir, "none.csv", "2/03/2026", "11/03/2026")

	st := openStore(t)
	sum := runIngest(t, st, dir)
	byPath := map[string]FileResult{}
	for _, f := range sum.Files {
		byPath[f.Path] = f
	}
	want := map[string][]string{
		gb:   {"u1 2026-03-02T08:05:17Z", "u2 2026-03-11T14:22:09Z", "u3 2026-03-23T09:12:44Z"},
		us:   {"u1 2026-02-03T08:05:17Z", "u2 2026-11-03T14:22:09Z", "u3 2026-03-23T09:12:44Z"},
		de:   {"u1 2026-03-02T08:05:17Z", "u2 2026-03-11T14:22:09Z"},
		nl:   {"u1 2026-03-02T08:05:17Z", "u2 2026-03-11T14:22:09Z"},
		enUS: {"u1 2026-03-02T08:05:17Z", "u2 2026-03-11T14:22:09Z"},
		none: {"u1 2026-02-03T00:00:00Z", "u2 2026-11-03T00:00:00Z"},
	}
	for p, w := range want {
		res := byPath[p]
		if res.Status != "loaded" {
			t.Errorf("%s: %s %s", filepath.Base(p), res.Status, res.Reason)
			continue
		}
		if got := riskTimes(t, st.DB, p); strings.Join(got, ", ") != strings.Join(w, ", ") {
			t.Errorf("%s: %v; want %v", filepath.Base(p), got, w)
		}
		if len(res.Warnings) > 0 != (p == none) {
			t.Errorf("%s: warnings %q", filepath.Base(p), res.Warnings)
		}
	}
	if w := byPath[none].Warnings; len(w) != 1 || !strings.Contains(w[0], "month first (en-US) assumed") {
		t.Errorf("no-evidence warning %q", w)
	}
	if !strings.Contains(byPath[gb].DateOrder, `"23/03/2026 09:12:44" (line 4)`) {
		t.Errorf("gb decided by %q; want the row that proves it", byPath[gb].DateOrder)
	}
	if r := byPath[both]; r.Status != "rejected" || !strings.Contains(r.Reason, "line 2") || !strings.Contains(r.Reason, "line 3") {
		t.Errorf("both: %s %q; want rejected naming lines 2 and 3", r.Status, r.Reason)
	}
	var recorded int
	if err := st.DB.QueryRow(`SELECT count(*) FROM ingest_files WHERE date_order LIKE 'dates read %'`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != len(want) {
		t.Errorf("%d files with a date order in the manifest; want %d", recorded, len(want))
	}
}

// TestCollectorCSVRefusals: what the collectors write that cannot be read right is refused
// as a whole file, the message naming the line or what to collect instead.
func TestCollectorCSVRefusals(t *testing.T) {
	dir := t.TempDir()
	utf16JSON := filepath.Join(dir, "signins_utf16.json")
	u := utf16.Encode([]rune(`[{"id":"x","createdDateTime":"2026-03-02T08:05:17Z","userPrincipalName":"a@b.c"}]`))
	b := []byte{0xff, 0xfe}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	if err := os.WriteFile(utf16JSON, b, 0o644); err != nil {
		t.Fatal(err)
	}
	twoFormats := riskyUsersCSV(t, dir, "two_formats.csv", "3/2/2026 8:05:17 AM", "02.03.2026 08:05:17")
	auditDataOnly := filepath.Join(collectorsDir, "extractor-suite/v3/UnifiedAuditLog/20260302-AuditDataOnly/UAL-20260302080000-20260302090000.csv")
	cases := []struct {
		path     string
		mentions []string
	}{
		{utf16JSON, []string{"UTF-16", "UTF-8"}},
		{twoFormats, []string{"RiskLastUpdatedDateTime", "line 3", "one date format"}},
		{auditDataOnly, []string{":1:", "Get-UAL -AuditDataOnly -Output CSV", "System.Object[]", "-Output JSONL"}},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			st := openStore(t)
			res := runIngest(t, st, c.path).Files[0]
			if res.Status != "rejected" {
				t.Fatalf("status %s (%s, %d rows); want rejected", res.Status, res.Format, res.Added)
			}
			if abs, _ := filepath.Abs(c.path); !strings.HasPrefix(res.Reason, abs) {
				t.Errorf("reason %q does not begin with the file", res.Reason)
			}
			for _, m := range c.mentions {
				if !strings.Contains(res.Reason, m) {
					t.Errorf("reason %q does not mention %q", res.Reason, m)
				}
			}
			var n int
			if err := st.DB.QueryRow(`SELECT count(*) FROM risky_users`).Scan(&n); err != nil || n != 0 {
				t.Errorf("%d risky users stored (%v); want none", n, err)
			}
		})
	}
}

// TestAzureEnvelopeKept: every member of an Azure Monitor record's envelope is in the row's
// extra as _az_<name>, whether DuckDB read the file directly or the normalizer did (a file
// whose records spell Level two ways), and the ones the formats fall back on as well.
func TestAzureEnvelopeKept(t *testing.T) {
	dir := t.TempDir()
	fallback := filepath.Join(collectorsDir, "azure-monitor/envelope-fallbacks/insights-logs-signinlogs/y=2026/m=03/d=02/h=08/m=00/PT1H.json")
	// The same records, the second spelling its Level in lower case as audits do.
	lines := strings.Split(strings.TrimSpace(sampleText(t, "azure-monitor/envelope-fallbacks/insights-logs-signinlogs/y=2026/m=03/d=02/h=08/m=00/PT1H.json")), "\n")
	if len(lines) < 2 {
		t.Fatal("the sample has fewer than two records")
	}
	lines[1] = strings.Replace(lines[1], `"Level"`, `"level"`, 1)
	mixed := filepath.Join(dir, "insights-logs-signinlogs", "PT1H.json")
	os.MkdirAll(filepath.Dir(mixed), 0o755)
	if err := os.WriteFile(mixed, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"signins":        fallback,
		"level_two_ways": mixed,
		"audits":         filepath.Join(collectorsDir, "azure-monitor/envelope-fallbacks/insights-logs-auditlogs/y=2026/m=03/d=02/h=08/m=00/PT1H.json"),
		"adfs":           filepath.Join(collectorsDir, "azure-monitor/insights-logs-adfssigninlogs/resourceId=/tenants/2f1c6a9e-5d43-4b8a-9e27-6c1d0b3a4f58/providers/Microsoft.aadiam/y=2026/m=03/d=02/h=07/m=00/PT1H.json"),
	}
	for name, f := range files {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			res := runIngest(t, st, f).Files[0]
			if res.Status != "loaded" || res.Rejected > 0 {
				t.Fatalf("%s %s %v", res.Status, res.Reason, res.Rejects)
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, line := range strings.Split(strings.TrimPrefix(string(b), "\ufeff"), "\n") {
				if strings.TrimSpace(line) == "" {
					continue
				}
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatal(err)
				}
				props, _ := rec["properties"].(map[string]any)
				id, _ := props["id"].(string)
				for k, v := range rec {
					if k == "properties" {
						continue
					}
					want := fmt.Sprint(v)
					if s, ok := v.(string); ok {
						want = s
					}
					var got sql.NullString
					err := st.DB.QueryRow(fmt.Sprintf(`SELECT extra->>'$._az_%s' FROM %s WHERE id = $1`, strings.ToLower(k), res.Table), id).Scan(&got)
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if got.String != want {
						t.Errorf("%s: extra._az_%s = %q; want %q", id, strings.ToLower(k), got.String, want)
					}
					checked++
				}
			}
			if checked < 20 {
				t.Errorf("only %d envelope members checked", checked)
			}
		})
	}
}

// TestADFSLogAnalyticsJSON: the Log Analytics ADFSSignInLogs table exported as JSON (az monitor
// log-analytics query: the CSV's columns as keys, without " [UTC]") loads as AD FS sign-ins too.
func TestADFSLogAnalyticsJSON(t *testing.T) {
	rows, err := csv.NewReader(strings.NewReader(sampleText(t, "log-analytics/ADFSSignInLogs_query_data.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			v := r[i]
			if strings.HasSuffix(h, " [UTC]") {
				// az writes ISO times: the CSV's "3/2/2026, 7:02:11.431 AM" as 2026-03-02T07:02:11.431Z.
				tm, err := time.Parse("1/2/2006, 3:04:05.999 PM", v)
				if err != nil {
					t.Fatalf("%s %q: %v", h, v, err)
				}
				v = tm.Format(time.RFC3339Nano)
			}
			m[strings.TrimSuffix(h, " [UTC]")] = v
		}
		recs = append(recs, m)
	}
	b, _ := json.Marshal(recs)
	p := filepath.Join(t.TempDir(), "adfs_query.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	res := runIngest(t, st, p).Files[0]
	if res.Status != "loaded" || res.Added != int64(len(recs)) || res.Format != "log_analytics_signins" {
		t.Fatalf("%s as %s, %d added: %s %v", res.Status, res.Format, res.Added, res.Reason, res.Rejects)
	}
	for _, s := range loadCollectorSamples(t) {
		if s.File == "log-analytics/ADFSSignInLogs_query_data.csv" {
			for _, rec := range s.Records {
				checkRecord(t, st.DB, "signins", rec)
			}
			return
		}
	}
	t.Fatal("expected.json has no ADFSSignInLogs CSV")
}
