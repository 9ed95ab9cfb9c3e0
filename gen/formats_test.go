package gen

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A sign-in as read back from a file.
type readSignIn struct {
	id, ua, upn, country string
	code                 int
	at                   time.Time
	file                 string
}

// jsonValues decodes every top-level JSON value of a file: one, several in a row ("[..][..]",
// a page a line), or one a line.
func jsonValues(t *testing.T, path string) []any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte(utf8BOM))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no JSON value", path)
	}
	return out
}

// jsonRecords flattens pages and arrays into their records.
func jsonRecords(t *testing.T, path string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, v := range jsonValues(t, path) {
		switch v := v.(type) {
		case []any:
			for _, r := range v {
				out = append(out, r.(map[string]any))
			}
		case map[string]any:
			if page, ok := v["value"].([]any); ok {
				for _, r := range page {
					out = append(out, r.(map[string]any))
				}
			} else {
				out = append(out, v)
			}
		}
	}
	return out
}

// csvRecords reads a CSV file strictly (every row as long as the header) and returns the
// header and the rows.
func csvRecords(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(utf8BOM)) {
		t.Errorf("%s: no byte order mark", filepath.Base(path))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(utf8BOM))))
	all, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return all[0], all[1:]
}

func col(header []string, name string) int {
	i := slices.Index(header, name)
	if i < 0 {
		panic("no column " + name)
	}
	return i
}

// cellOf is a row's value in a column, or "" when the file has no such column (the
// workload identity downloads have no user columns).
func cellOf(header, row []string, name string) string {
	if i := slices.Index(header, name); i >= 0 {
		return row[i]
	}
	return ""
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func num(m map[string]any, key string) int {
	switch v := m[key].(type) {
	case json.Number:
		n, _ := strconv.Atoi(v.String())
		return n
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return -1
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

var psDate = regexp.MustCompile(`^/Date\((\d+)\)/$`)

// parseTime reads the times the formats write.
func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	if m := psDate.FindStringSubmatch(s); m != nil {
		ms, _ := strconv.ParseInt(m[1], 10, 64)
		return time.UnixMilli(ms).UTC()
	}
	for _, layout := range []string{time.RFC3339Nano, "1/2/2006, 3:04:05.000 PM", "1/2/2006 3:04:05 PM", "2006-01-02T15:04:05"} {
		if at, err := time.Parse(layout, s); err == nil {
			return at.UTC()
		}
	}
	t.Fatalf("time %q is in no known layout", s)
	return time.Time{}
}

// readSignIns reads back every sign-in a format's files hold.
func readSignIns(t *testing.T, f Format, paths []string) []readSignIn {
	t.Helper()
	var out []readSignIn
	for _, p := range paths {
		base := filepath.Base(p)
		switch f {
		case GraphPages, GraphNDJSON, GraphPowerShell:
			if !strings.Contains(strings.ToLower(base), "signins_") {
				continue
			}
			ps := f == GraphPowerShell
			k := func(s string) string {
				if ps {
					return titleCase(s)
				}
				return s
			}
			for _, r := range jsonRecords(t, p) {
				out = append(out, readSignIn{id: str(r, k("id")), ua: str(r, k("userAgent")), upn: str(r, k("userPrincipalName")),
					country: str(obj(r, k("location")), k("countryOrRegion")), code: num(obj(r, k("status")), k("errorCode")),
					at: parseTime(t, str(r, k("createdDateTime"))), file: base})
			}
		case AzureMonitor:
			if !strings.Contains(p, "signinlogs") {
				continue
			}
			for _, env := range jsonRecords(t, p) {
				r := obj(env, "properties")
				out = append(out, readSignIn{id: str(r, "id"), ua: str(r, "userAgent"), upn: str(r, "userPrincipalName"),
					country: str(obj(r, "location"), "countryOrRegion"), code: num(obj(r, "status"), "errorCode"),
					at: parseTime(t, str(r, "createdDateTime")), file: base})
			}
		case PortalCSV:
			if !strings.Contains(base, "SignIns_") || strings.Contains(base, "AuthDetails") {
				continue
			}
			h, rows := csvRecords(t, p)
			for _, row := range rows {
				loc := strings.Split(row[col(h, "Location")], ", ")
				code, _ := strconv.Atoi(row[col(h, "Sign-in error code")])
				out = append(out, readSignIn{id: row[col(h, "Request ID")], ua: cellOf(h, row, "User agent"), upn: cellOf(h, row, "Username"),
					country: loc[len(loc)-1], code: code, at: parseTime(t, row[col(h, "Date (UTC)")]), file: base})
			}
		case LogAnalyticsCSV:
			if !strings.Contains(strings.ToLower(base), "signin") {
				continue
			}
			h, rows := csvRecords(t, p)
			for _, row := range rows {
				code, _ := strconv.Atoi(row[col(h, "ResultType")])
				out = append(out, readSignIn{id: row[col(h, "Id")], ua: cellOf(h, row, "UserAgent"), upn: cellOf(h, row, "UserPrincipalName"),
					country: row[col(h, "Location")], code: code, at: parseTime(t, row[col(h, "CreatedDateTime [UTC]")]), file: base})
			}
		case LogAnalyticsJSON:
			if !strings.Contains(strings.ToLower(base), "signin") {
				continue
			}
			for _, r := range jsonRecords(t, p) {
				out = append(out, readSignIn{id: str(r, "Id"), ua: str(r, "UserAgent"), upn: str(r, "UserPrincipalName"),
					country: str(r, "Location"), code: num(r, "ResultType"), at: parseTime(t, str(r, "CreatedDateTime")), file: base})
			}
		}
	}
	return out
}

// precision is how finely a format writes sign-in times.
func precision(f Format) time.Duration {
	switch f {
	case PortalCSV:
		return time.Second
	case LogAnalyticsCSV, LogAnalyticsJSON, GraphPowerShell:
		return time.Millisecond
	}
	return 100 * time.Nanosecond
}

// TestSignInsRoundTrip reads every sign-in back from every format that carries them and
// compares it with the model: each once (Azure Monitor may repeat), same time to the
// format's precision, same user, error code, country and user agent (hostile text too).
func TestSignInsRoundTrip(t *testing.T) {
	tn := New(Options{Seed: 31, Users: 45, SignInsPerUserDay: 2, Attacks: true, Decoys: true})
	model := map[string]*SignIn{}
	all := allSignIns(t, tn)
	for i := range all {
		model[all[i].ID] = &all[i]
	}
	for _, f := range []Format{GraphPages, GraphNDJSON, GraphPowerShell, AzureMonitor, PortalCSV, LogAnalyticsCSV, LogAnalyticsJSON} {
		t.Run(string(f), func(t *testing.T) {
			paths, err := tn.Write(t.TempDir(), f)
			if err != nil {
				t.Fatal(err)
			}
			got := readSignIns(t, f, paths)
			seen := map[string]int{}
			hostile := 0
			for _, r := range got {
				seen[r.id]++
				m := model[r.id]
				if m == nil {
					t.Fatalf("%s: sign-in %q is not in the model", r.file, r.id)
				}
				if seen[r.id] > 1 {
					continue
				}
				want := m.CreatedAt.Truncate(precision(f))
				if !r.at.Equal(want) {
					t.Errorf("%s: %s at %s; want %s", r.file, r.id, r.at.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
				}
				if r.ua != m.UserAgent || r.upn != m.UserPrincipalName || r.code != m.ErrorCode || r.country != m.Country {
					t.Errorf("%s: %s got ua %q upn %q code %d country %q; want %q %q %d %q", r.file, r.id, r.ua, r.upn, r.code, r.country,
						m.UserAgent, m.UserPrincipalName, m.ErrorCode, m.Country)
				}
				if r.ua == HostileUserAgent {
					hostile++
				}
			}
			if len(seen) != len(model) {
				t.Errorf("got %d distinct sign-ins; want %d", len(seen), len(model))
			}
			if hostile == 0 {
				t.Errorf("no sign-in carried the hostile user agent intact")
			}
			dups := len(got) - len(seen)
			switch {
			case f == AzureMonitor && (dups*100 < len(model)*2 || dups*100 > len(model)*8):
				t.Errorf("got %d repeated deliveries of %d records; want about 3-4 %% of records repeated", dups, len(model))
			case f != AzureMonitor && dups != 0:
				t.Errorf("got %d repeated sign-ins; want none", dups)
			}
		})
	}
}

func readLine(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := bytes.Cut(bytes.TrimPrefix(b, []byte(utf8BOM)), []byte("\n"))
	return strings.TrimSuffix(string(line), "\r")
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "headers", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(string(b), "\r\n")
}

// TestHeaders compares the header lines with those of real exports.
func TestHeaders(t *testing.T) {
	signIns, authDetails, audits := portalHeaders()
	if want := golden(t, "portal_signins_2026.txt"); signIns != want {
		t.Errorf("portal sign-in header differs from the 2026 download's:\ngot  %s\nwant %s", signIns, want)
	}
	if n := len(strings.Split(signIns, ",")); n != 57 {
		t.Errorf("portal sign-in header has %d columns; want 57", n)
	}
	if want := golden(t, "portal_audit_2026.txt"); audits != want {
		t.Errorf("portal audit header differs from the download's")
	}
	if authDetails != `"Date (UTC)","Request ID","Authentication method","Authentication method detail","Succeeded","Result detail","Requirement"` {
		t.Errorf("auth details header is %s", authDetails)
	}
	union, plain, _, office := logAnalyticsHeaders()
	if want := golden(t, "la_office_activity.txt"); strings.Join(office, ",") != want {
		t.Errorf("OfficeActivity header differs from the Sentinel export's")
	}
	// The exported sign-in columns all appear, in their order; newer columns may follow.
	for name, got := range map[string][]string{"la_signinlogs_union.txt": union, "la_signinlogs.txt": plain} {
		want := strings.Split(golden(t, name), ",")
		i := 0
		for _, c := range got {
			if i < len(want) && c == want[i] {
				i++
			}
		}
		if i != len(want) {
			t.Errorf("%s: column %q of the real export is missing or out of order", name, want[i])
		}
	}
	cur, old := purviewHeaders()
	if cur != "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames" || old != "CreationDate,UserIds,Operations,AuditData" {
		t.Errorf("Purview headers are %q and %q", cur, old)
	}
}

// TestFiles checks each format's files: names, encodings, line ends, header lines, and
// that every file parses as what it claims to be.
func TestFiles(t *testing.T) {
	tn := New(Options{Seed: 32, Users: 45, SignInsPerUserDay: 2, Attacks: true, Decoys: true})
	dir := t.TempDir()
	write := func(t *testing.T, f Format) []string {
		paths, err := tn.Write(filepath.Join(dir, string(f)), f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.IsSorted(paths) {
			t.Errorf("paths are not sorted")
		}
		for _, p := range paths {
			if filepath.Base(p) == ThreatIntelFile {
				t.Errorf("the threat-intel list is among the export's files")
			}
		}
		if _, err := os.Stat(filepath.Join(dir, string(f), ThreatIntelFile)); err != nil {
			t.Errorf("no %s beside the export: %v", ThreatIntelFile, err)
		}
		return paths
	}
	t.Run("graph-pages", func(t *testing.T) {
		seven := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`)
		for _, p := range write(t, GraphPages) {
			pages := jsonValues(t, p)
			for i, v := range pages {
				page := v.(map[string]any)
				values := page["value"].([]any)
				if !strings.HasPrefix(str(page, "@odata.context"), "https://graph.microsoft.com/") || len(values) > 1000 {
					t.Errorf("%s page %d: context %q, %d records; want a Graph context and at most 1000", filepath.Base(p), i, str(page, "@odata.context"), len(values))
				}
				if _, more := page["@odata.nextLink"]; more != (i < len(pages)-1) {
					t.Errorf("%s page %d of %d: nextLink %v", filepath.Base(p), i+1, len(pages), more)
				}
				for _, r := range values {
					rec := r.(map[string]any)
					for _, k := range []string{"createdDateTime", "activityDateTime", "detectedDateTime"} {
						if s := str(rec, k); s != "" && !seven.MatchString(s) {
							t.Fatalf("%s: %s %q; want 7 fractional digits and Z", filepath.Base(p), k, s)
						}
					}
				}
			}
			base := filepath.Base(p)
			if strings.HasPrefix(base, "signIns_nonInteractive") {
				if !strings.Contains(str(pages[0].(map[string]any), "@odata.context"), "/beta/") {
					t.Errorf("%s: non-interactive sign-ins come from the beta API", base)
				}
				for _, r := range jsonRecords(t, p) {
					if r["isInteractive"] != false {
						t.Fatalf("%s: an interactive sign-in among the non-interactive", base)
					}
				}
			}
		}
	})
	t.Run("graph-ndjson", func(t *testing.T) {
		for _, p := range write(t, GraphNDJSON) {
			b, _ := os.ReadFile(p)
			for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
				if !json.Valid(line) {
					t.Fatalf("%s:%d: not one JSON value", filepath.Base(p), i+1)
				}
			}
		}
	})
	t.Run("graph-powershell", func(t *testing.T) {
		for _, p := range write(t, GraphPowerShell) {
			b, _ := os.ReadFile(p)
			if !bytes.HasPrefix(b, []byte(utf8BOM+"[")) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
				t.Errorf("%s: want a BOM, a JSON array and CRLF line ends", filepath.Base(p))
			}
			if !bytes.Contains(b, []byte(`"\/Date(`)) || !bytes.Contains(b, []byte(`":  `)) {
				t.Errorf("%s: want Windows PowerShell 5.1 dates and layout", filepath.Base(p))
			}
			arrays := 0
			for _, v := range jsonValues(t, p) {
				arrays++
				for _, r := range v.([]any) {
					rec := r.(map[string]any)
					if _, ok := rec["Id"]; !ok {
						t.Fatalf("%s: a record without Id; keys are PascalCase", filepath.Base(p))
					}
				}
			}
			if strings.HasPrefix(filepath.Base(p), "NonInteractive") && arrays < 2 {
				t.Errorf("%s: %d arrays; want one per page, appended", filepath.Base(p), arrays)
			}
		}
	})
	t.Run("azure-monitor", func(t *testing.T) {
		blob := regexp.MustCompile(`^insights-logs-(signinlogs|noninteractiveusersigninlogs|serviceprincipalsigninlogs|managedidentitysigninlogs|auditlogs|riskyusers|userriskevents)/resourceId=/tenants/` +
			tn.TenantID + `/providers/Microsoft\.aadiam/y=\d{4}/m=\d\d/d=\d\d/h=\d\d/m=00/PT1H\.json$`)
		offsets, late := 0, 0
		for _, p := range write(t, AzureMonitor) {
			rel, _ := filepath.Rel(filepath.Join(dir, string(AzureMonitor)), p)
			if !blob.MatchString(filepath.ToSlash(rel)) {
				t.Errorf("blob path %s", rel)
			}
			b, _ := os.ReadFile(p)
			if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
				t.Errorf("%s: want JSON Lines with CRLF", rel)
			}
			for _, env := range jsonRecords(t, p) {
				props := obj(env, "properties")
				if props == nil || str(env, "category") == "" {
					t.Fatalf("%s: an envelope without category or properties", rel)
				}
				if created := str(props, "createdDateTime"); created != "" {
					if strings.HasSuffix(created, "+00:00") {
						offsets++
					}
					delay := parseTime(t, str(env, "time")).Sub(parseTime(t, created))
					if delay < time.Second || delay > 15*time.Minute {
						t.Errorf("%s: ingested %s after it happened; want seconds to minutes", rel, delay)
					}
					if delay > 3*time.Minute {
						late++
					}
					if _, ok := env["resultType"].(string); !ok || env["Level"] != json.Number("4") {
						t.Errorf("%s: resultType %v Level %v; want a string and 4", rel, env["resultType"], env["Level"])
					}
				}
			}
		}
		if offsets == 0 {
			t.Errorf("no createdDateTime with a +00:00 offset")
		}
	})
	t.Run("portal-csv", func(t *testing.T) {
		signIns, authDetails, audits := portalHeaders()
		appSignIns, msiSignIns, _, _ := workloadHeaders()
		for _, p := range write(t, PortalCSV) {
			base := filepath.Base(p)
			want := signIns
			switch {
			case strings.Contains(base, "AuthDetails"):
				want = authDetails
			case strings.HasPrefix(base, "AuditLogs_"):
				want = audits
			case strings.HasPrefix(base, "ApplicationSignIns_"):
				want = appSignIns
			case strings.HasPrefix(base, "MSISignIns_"):
				want = msiSignIns
			}
			if got := readLine(t, p); got != want {
				t.Errorf("%s: header line %q", base, got)
			}
			if !regexp.MustCompile(`^(Interactive|NonInteractive|Application|MSI)SignIns_(AuthDetails_)?\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$|^AuditLogs_`).MatchString(base) {
				t.Errorf("file name %s", base)
			}
			h, rows := csvRecords(t, p)
			if want == signIns || want == appSignIns || want == msiSignIns {
				for _, row := range rows {
					if loc := row[col(h, "Location")]; len(strings.Split(loc, ", ")) != 3 {
						t.Fatalf("%s: Location %q; want City, State, CC", base, loc)
					}
				}
			}
		}
	})
	t.Run("log-analytics-csv", func(t *testing.T) {
		union, plain, auditCols, office := logAnalyticsHeaders()
		_, _, spCols, msiCols := workloadHeaders()
		usTime := regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{4}, \d{1,2}:\d\d:\d\d\.\d{3} [AP]M$`)
		for _, p := range write(t, LogAnalyticsCSV) {
			h, rows := csvRecords(t, p)
			want := map[string][]string{"SigninLogs.csv": union, "AADNonInteractiveUserSignInLogs.csv": plain, "AuditLogs.csv": auditCols, "OfficeActivity.csv": office,
				"AADServicePrincipalSignInLogs.csv": spCols, "AADManagedIdentitySignInLogs.csv": msiCols}[filepath.Base(p)]
			if !slices.Equal(h, want) {
				t.Errorf("%s: header differs", filepath.Base(p))
			}
			timeCol := col(h, "TimeGenerated [UTC]")
			for _, row := range rows {
				if !usTime.MatchString(row[timeCol]) {
					t.Fatalf("%s: TimeGenerated %q", filepath.Base(p), row[timeCol])
				}
				for i, c := range h {
					if v := row[i]; looksJSON(v) && !json.Valid([]byte(v)) {
						t.Fatalf("%s: %s is not valid JSON: %s", filepath.Base(p), c, v)
					}
				}
			}
		}
	})
	t.Run("log-analytics-json", func(t *testing.T) {
		for _, p := range write(t, LogAnalyticsJSON) {
			vals := jsonValues(t, p)
			if len(vals) != 1 {
				t.Fatalf("%s: %d JSON values; want one array", filepath.Base(p), len(vals))
			}
			for _, r := range vals[0].([]any) {
				rec := r.(map[string]any)
				if str(rec, "Type") == "" {
					t.Fatalf("%s: a record without Type", filepath.Base(p))
				}
				for k, v := range rec {
					if s, ok := v.(string); ok && looksJSON(s) && !json.Valid([]byte(s)) {
						t.Fatalf("%s: %s is not valid JSON text", filepath.Base(p), k)
					}
				}
			}
		}
	})
	t.Run("purview-csv", func(t *testing.T) {
		cur, old := purviewHeaders()
		ids := map[string]int{}
		var rows int
		noZone := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`)
		for _, p := range write(t, PurviewCSV) {
			h, recs := csvRecords(t, p)
			if got := strings.Join(h, ","); got != cur && got != old {
				t.Errorf("%s: header %s", filepath.Base(p), got)
			}
			for _, row := range recs {
				rows++
				var ad map[string]any
				if err := json.Unmarshal([]byte(row[col(h, "AuditData")]), &ad); err != nil {
					t.Fatalf("%s: AuditData: %v", filepath.Base(p), err)
				}
				if !noZone.MatchString(str(ad, "CreationTime")) || str(ad, "Id") == "" || str(ad, "Operation") == "" || str(ad, "Workload") == "" {
					t.Fatalf("%s: AuditData %v", filepath.Base(p), ad)
				}
				if slices.Contains(h, "CreationDate") {
					parseTime(t, row[col(h, "CreationDate")])
				}
				ids[str(ad, "Id")]++
			}
		}
		if len(ids) != len(tn.Mailbox) {
			t.Errorf("got %d distinct records; want %d", len(ids), len(tn.Mailbox))
		}
		if rows == len(ids) {
			t.Errorf("no record repeated; Purview exports repeat some")
		}
	})
	t.Run("risk-json", func(t *testing.T) {
		n := 0
		for _, p := range write(t, RiskJSON) {
			for _, r := range jsonRecords(t, p) {
				n++
				if info := str(r, "additionalInfo"); strings.Contains(filepath.Base(p), "riskDetections") && !json.Valid([]byte(info)) {
					t.Errorf("additionalInfo %q is not JSON text", info)
				}
			}
		}
		if want := len(tn.RiskDetections) + len(tn.RiskyUsers); n != want || n == 0 {
			t.Errorf("got %d records; want %d", n, want)
		}
	})
}

// looksJSON tells JSON text from other text that starts with a bracket ("[2001:db8::1]:443").
func looksJSON(s string) bool {
	for _, p := range []string{"{", "[{", "[\"", "[]", "[\n"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// TestAuditsRoundTrip reads audits back from the JSON and CSV formats: every record once,
// with its activity (en dash and trailing space kept) and the hostile user agent intact.
func TestAuditsRoundTrip(t *testing.T) {
	tn := New(Options{Seed: 33, Users: 45, SignInsPerUserDay: 1, Attacks: true, Decoys: true})
	byID := map[string]*Audit{}
	for i := range tn.Audits {
		byID[tn.Audits[i].ID] = &tn.Audits[i]
	}
	uaOf := func(details []any) string {
		for _, d := range details {
			m := d.(map[string]any)
			if str(m, "key") == "User-Agent" || str(m, "Key") == "User-Agent" {
				return str(m, "value") + str(m, "Value")
			}
		}
		return ""
	}
	for _, f := range []Format{GraphPages, GraphNDJSON, GraphPowerShell, AzureMonitor, PortalCSV, LogAnalyticsCSV, LogAnalyticsJSON} {
		t.Run(string(f), func(t *testing.T) {
			paths, err := tn.Write(t.TempDir(), f)
			if err != nil {
				t.Fatal(err)
			}
			type got struct{ id, activity, ua string }
			var recs []got
			for _, p := range paths {
				base := filepath.Base(p)
				switch {
				case f == PortalCSV && strings.HasPrefix(base, "AuditLogs_"):
					h, rows := csvRecords(t, p)
					for _, row := range rows {
						recs = append(recs, got{"", row[col(h, "Activity")], row[col(h, "User Agent")]})
					}
				case f == LogAnalyticsCSV && base == "AuditLogs.csv":
					h, rows := csvRecords(t, p)
					for _, row := range rows {
						var details []any
						if err := json.Unmarshal([]byte(row[col(h, "AdditionalDetails")]), &details); err != nil {
							t.Fatal(err)
						}
						recs = append(recs, got{row[col(h, "Id")], row[col(h, "ActivityDisplayName")], uaOf(details)})
					}
				case f == LogAnalyticsJSON && base == "AuditLogs.json":
					for _, r := range jsonRecords(t, p) {
						var details []any
						if err := json.Unmarshal([]byte(str(r, "AdditionalDetails")), &details); err != nil {
							t.Fatal(err)
						}
						recs = append(recs, got{str(r, "Id"), str(r, "ActivityDisplayName"), uaOf(details)})
					}
				case f == AzureMonitor && strings.Contains(p, "auditlogs"):
					for _, env := range jsonRecords(t, p) {
						r := obj(env, "properties")
						details, _ := r["additionalDetails"].([]any)
						recs = append(recs, got{str(r, "id"), str(r, "activityDisplayName"), uaOf(details)})
					}
				case (f == GraphPages || f == GraphNDJSON) && strings.HasPrefix(base, "directoryAudits"):
					for _, r := range jsonRecords(t, p) {
						details, _ := r["additionalDetails"].([]any)
						recs = append(recs, got{str(r, "id"), str(r, "activityDisplayName"), uaOf(details)})
					}
				case f == GraphPowerShell && strings.HasPrefix(base, "DirectoryAudits"):
					for _, r := range jsonRecords(t, p) {
						details, _ := r["AdditionalDetails"].([]any)
						recs = append(recs, got{str(r, "Id"), str(r, "ActivityDisplayName"), uaOf(details)})
					}
				}
			}
			ids := map[string]bool{}
			activities := map[string]int{}
			hostile := false
			for _, r := range recs {
				if r.id != "" {
					if byID[r.id] == nil {
						t.Fatalf("audit %s is not in the model", r.id)
					}
					if byID[r.id].Activity != r.activity {
						t.Errorf("audit %s: activity %q; want %q", r.id, r.activity, byID[r.id].Activity)
					}
					ids[r.id] = true
				}
				activities[r.activity]++
				hostile = hostile || r.ua == HostileUserAgent
			}
			if f != PortalCSV && len(ids) != len(tn.Audits) {
				t.Errorf("got %d distinct audits; want %d", len(ids), len(tn.Audits))
			}
			if f == PortalCSV && len(recs) != len(tn.Audits) {
				t.Errorf("got %d audit rows; want %d", len(recs), len(tn.Audits))
			}
			if activities["Update application – Certificates and secrets management "] == 0 {
				t.Errorf("no activity named exactly %q", "Update application – Certificates and secrets management ")
			}
			if !hostile {
				t.Errorf("the hostile user agent did not come back intact")
			}
		})
	}
}

// TestEscaping writes hostile text through the JSON and CSV encoders and reads it back.
func TestEscaping(t *testing.T) {
	cases := []string{
		HostileUserAgent,
		`"quoted", with comma`,
		"line\r\nbreak and \x00 nul \x1f unit",
		"=cmd|' /C calc'!A0",
		"</script><script>alert(1)</script>",
		"back\\slash \\\" and \u2028\u2029",
		"bad utf-8 \xff\xfe end",
		"",
		" leading and trailing ",
	}
	for _, s := range cases {
		want := string([]rune(s)) // each invalid byte becomes U+FFFD, as encoding/json does
		for _, ps := range []bool{false, true} {
			b := appendJSONString(nil, s, ps)
			var got string
			if err := json.Unmarshal(b, &got); err != nil || got != want {
				t.Errorf("JSON (ps %v) of %q: got %q, %v; want %q", ps, s, got, err, want)
			}
			if bytes.ContainsAny(b, "\n\r\u2028") {
				t.Errorf("JSON of %q holds a raw line break: %s", s, b)
			}
		}
		for _, quoteAll := range []bool{false, true} {
			row := csvRow{quoteAll: quoteAll}
			row.cell(s)
			row.cell("x")
			row.end()
			rec, err := csv.NewReader(bufio.NewReader(bytes.NewReader(row.b))).Read()
			// encoding/csv turns \r\n inside a quoted cell into \n.
			wantCSV := strings.ReplaceAll(s, "\r\n", "\n")
			if err != nil || len(rec) != 2 || rec[0] != wantCSV {
				t.Errorf("CSV (quoteAll %v) of %q: got %q, %v", quoteAll, s, rec, err)
			}
		}
	}
}

func ExampleTenant_Write() {
	t := New(Options{Seed: 1, Users: 40, Days: 8, SignInsPerUserDay: 1, Attacks: true})
	dir, _ := os.MkdirTemp("", "tenant")
	defer os.RemoveAll(dir)
	paths, err := t.Write(dir, PortalCSV)
	if err != nil {
		panic(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// ApplicationSignIns_2026-10-01_2026-10-07.csv
	// ApplicationSignIns_2026-10-08_2026-10-08.csv
	// AuditLogs_2026-10-01_2026-10-09.csv
	// InteractiveSignIns_2026-10-01_2026-10-07.csv
	// InteractiveSignIns_2026-10-08_2026-10-08.csv
	// InteractiveSignIns_AuthDetails_2026-10-01_2026-10-07.csv
	// InteractiveSignIns_AuthDetails_2026-10-08_2026-10-08.csv
	// MSISignIns_2026-10-01_2026-10-07.csv
	// MSISignIns_2026-10-08_2026-10-08.csv
	// NonInteractiveSignIns_2026-10-01_2026-10-07.csv
	// NonInteractiveSignIns_2026-10-08_2026-10-08.csv
}
