// Command gen writes the collector samples under ingest/testdata/collectors and their
// expectations (expected.json), from the records in data.go and the serialisations in
// serialise.go. Run from ingest/testdata/collectors: go run ./gen
//
// The samples are committed; this program says exactly how each byte of them was made, so a
// reviewer can check the rules (README.md beside it gives the source of each) rather than
// the bytes.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// expectation is what a loader must make of one sample.
type expectation struct {
	File      string           `json:"file"`
	Collector string           `json:"collector"`
	Command   string           `json:"command"`
	Shell     string           `json:"shell"`
	Shape     string           `json:"shape"`
	Source    string           `json:"source"`
	Outcome   string           `json:"outcome"` // load | refuse
	Table     string           `json:"table,omitempty"`
	Rows      int              `json:"rows,omitempty"`
	Dates     *dateExpectation `json:"dates,omitempty"`
	Records   []map[string]any `json:"records,omitempty"`
	// Refusal lists words the message must hold (the export to make instead).
	Refusal []string `json:"refusal_mentions,omitempty"`
	// Extra lists keys that must be kept in the row's extra column.
	Extra []string `json:"extra_keys,omitempty"`
}

// dateExpectation is the per-file decision on culture-formatted dates.
type dateExpectation struct {
	Columns []string `json:"columns"`
	Order   string   `json:"order"` // month first | day first | year first
	Basis   string   `json:"basis"` // field above 12 | separator | clock | none
	Warn    bool     `json:"warn"`  // the user is told the order was assumed
}

type sample struct {
	path  string
	bytes string
	exp   expectation
}

func main() {
	var all []sample
	for _, f := range []func() []sample{extractorRisk, extractorGraphLogs, extractorUAL, extractorUALGraph, goose, azureMonitor} {
		all = append(all, f()...)
	}
	var exps []expectation
	for _, s := range all {
		if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(s.path, []byte(s.bytes), 0o644); err != nil {
			fail(err)
		}
		s.exp.File = filepath.ToSlash(s.path)
		exps = append(exps, s.exp)
	}
	out, err := json.MarshalIndent(map[string]any{
		"about":   "What a loader must make of each sample under ingest/testdata/collectors (README.md there says how each was derived). Times are UTC to the second or finer; records list chosen rows by their canonical columns.",
		"samples": exps,
	}, "", "  ")
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile("expected.json", append(out, '\n'), 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("%d samples\n", len(all))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func utc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func boolText(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// nullable is a record's expected value for an empty text.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// --- Microsoft-Extractor-Suite: Get-RiskyUsers, Get-RiskyDetections ---

const (
	srcRiskyV3 = "invictus-ir/Microsoft-Extractor-Suite Scripts/Get-RiskyEvents.ps1 (3.x/4.x: Invoke-MgGraphRequest, [PSCustomObject]@{...} per record, Export-Csv -Path $script:outputFile -NoTypeInformation -Encoding $Encoding; file name from Init-OutputDir in Microsoft-Extractor-Suite.psm1: <yyyyMMdd>-<FilePostfix>.csv)"
	srcRiskyV2 = "invictus-ir/Microsoft-Extractor-Suite Scripts/Get-RiskyEvents.ps1 at d1f4586893f4f60f87e9cc428fa12602356e24c8 (before 3.0: Get-MgRiskyUser / Get-MgRiskDetection -All, Location fields | out-string, $OutputDir\\RiskyUsers.csv / RiskyDetections.csv)"
)

func riskyUserRows(culture string, v2 bool) (header []string, rows [][]string) {
	header = []string{"Id", "IsDeleted", "IsProcessing", "RiskDetail", "RiskLastUpdatedDateTime", "RiskLevel", "RiskState",
		"UserDisplayName", "UserPrincipalName", "AdditionalProperties"}
	if v2 {
		header = append([]string{"History"}, header...)
	}
	for _, r := range riskyUsers {
		row := []string{r.u.id, "False", "False", r.detail, inCulture(culture, r.updated), r.level, r.state, r.u.name, r.u.upn, ""}
		if v2 {
			row = append([]string{""}, row...)
		}
		rows = append(rows, row)
	}
	return header, rows
}

func riskyUserRecords() []map[string]any {
	var out []map[string]any
	for _, r := range riskyUsers {
		out = append(out, map[string]any{"id": r.u.id, "user_principal_name": r.u.upn, "risk_last_updated_at": utc(r.updated),
			"risk_level": r.level, "risk_state": r.state, "risk_detail": r.detail})
	}
	return out
}

func detectionRows(culture string, v2 bool, list []riskDetection) (header []string, rows [][]string) {
	header = []string{"Activity", "ActivityDateTime", "AdditionalInfo", "CorrelationId", "DetectedDateTime", "IPAddress", "Id",
		"LastUpdatedDateTime", "City", "CountryOrRegion", "State", "RequestId", "RiskDetail", "RiskEventType", "RiskLevel",
		"RiskState", "DetectionTimingType", "Source", "TokenIssuerType", "UserDisplayName", "UserId", "UserPrincipalName",
		"AdditionalProperties"}
	if v2 {
		header[15], header[16] = "riskState", "detectionTimingType"
	}
	loc := func(s string) string {
		if v2 && s != "" {
			return s + "\r\n" // | out-string ends each value with a line break
		}
		return s
	}
	for _, d := range list {
		rows = append(rows, []string{d.act, inCulture(culture, d.activity), d.additionalInfo, d.correlationID,
			inCulture(culture, d.detected), d.ip, d.id, inCulture(culture, d.updated), loc(d.city), loc(d.country), loc(d.region),
			d.requestID, d.detail, d.eventType, d.level, d.state, d.timing, d.source, d.issuer, d.u.name, d.u.id, d.u.upn, ""})
	}
	return header, rows
}

func detectionRecords(list []riskDetection, shift func(time.Time) time.Time) []map[string]any {
	var out []map[string]any
	for _, d := range list {
		out = append(out, map[string]any{"id": d.id, "user_principal_name": d.u.upn, "detected_at": utc(shift(d.detected)),
			"activity_at": utc(shift(d.activity)), "risk_event_type": d.eventType, "risk_level": d.level,
			"ip_address": nullable(d.ip), "country": nullable(d.country), "city": nullable(d.city)})
	}
	return out
}

func same(t time.Time) time.Time { return t }

func extractorRisk() []sample {
	var out []sample
	riskyCols := []string{"RiskLastUpdatedDateTime"}
	detCols := []string{"ActivityDateTime", "DetectedDateTime", "LastUpdatedDateTime"}

	for _, v := range []struct {
		path, culture, command, shell, shape, order, basis string
		encode                                             func(string) string
	}{
		{"20260323-RiskyUsers.csv", "en-US", "Get-RiskyUsers", "PowerShell 7.4, en-US",
			"Export-Csv: every cell quoted, CRLF, UTF-8 without BOM (PowerShell 7's UTF8); PascalCase Graph property names; en-US dates (12-hour clock, AM/PM); no value with a day above 12",
			"month first", "clock", func(s string) string { return s }},
		{"20260323-RiskyUsers_nl-NL_ps51.csv", "nl-NL", "Get-RiskyUsers", "Windows PowerShell 5.1, nl-NL",
			"Export-Csv -Encoding UTF8: UTF-8 with BOM, CRLF, every cell quoted; nl-NL dates d-M-yyyy HH:mm:ss",
			"day first", "separator", func(s string) string { return bom + s }},
		{"20260323-RiskyUsers_utf16.csv", "de-DE", "Get-RiskyUsers -Encoding unicode", "Windows PowerShell 5.1, de-DE",
			"Export-Csv -Encoding Unicode: UTF-16 little endian with BOM (the functions' -Encoding is passed through; their help shows utf32); de-DE dates dd.MM.yyyy HH:mm:ss",
			"day first", "separator", utf16le},
	} {
		h, r := riskyUserRows(v.culture, false)
		out = append(out, sample{"extractor-suite/v3/RiskyEvents/" + v.path, v.encode(exportCSV(h, r)), expectation{
			Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: v.command, Shell: v.shell, Shape: v.shape,
			Source: srcRiskyV3, Outcome: "load", Table: "risky_users", Rows: 3,
			Dates:   &dateExpectation{riskyCols, v.order, v.basis, false},
			Records: riskyUserRecords()}})
	}

	h, r := detectionRows("de-DE", false, riskDetections)
	out = append(out, sample{"extractor-suite/v3/RiskyEvents/20260323-RiskyEvents_de-DE_ps51.csv", bom + exportCSV(h, r), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-RiskyDetections", Shell: "Windows PowerShell 5.1, de-DE",
		Shape:  "Export-Csv -Encoding UTF8: BOM, CRLF; Location flattened into City, CountryOrRegion, State; AdditionalInfo the JSON text Graph returns; de-DE dates; an offline detection without IP or location",
		Source: srcRiskyV3, Outcome: "load", Table: "risk_detections", Rows: 4,
		Dates:   &dateExpectation{detCols, "day first", "separator", false},
		Records: detectionRecords(riskDetections, same)}})

	h, r = detectionRows("en-GB", false, riskDetections)
	out = append(out, sample{"extractor-suite/v3/RiskyEvents/20260323-RiskyEvents_en-GB.csv", exportCSV(h, r), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-RiskyDetections", Shell: "PowerShell 7.4, en-GB",
		Shape:  "the ambiguous case: en-GB dd/MM/yyyy HH:mm:ss and no value with a day above 12 (2, 5, 10, 11 March); the 24-hour clock without AM/PM decides day first",
		Source: srcRiskyV3, Outcome: "load", Table: "risk_detections", Rows: 4,
		Dates:   &dateExpectation{detCols, "day first", "clock", false},
		Records: detectionRecords(riskDetections, same)}})

	// PowerShell 7 on Linux with LANG=en_AU.UTF-8 (ICU): lower-case am/pm, day first, and no
	// value that proves it. The file cannot say; month first is assumed and the user warned,
	// so the times expected are the assumed (month-first) reading.
	h, r = detectionRows("en-AU-icu", false, riskDetections)
	swap := func(t time.Time) time.Time {
		return time.Date(t.Year(), time.Month(t.Day()), int(t.Month()), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	out = append(out, sample{"extractor-suite/v3/RiskyEvents/20260323-RiskyEvents_no-evidence.csv", exportCSV(h, r), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-RiskyDetections", Shell: "PowerShell 7.4 on Linux, LANG=en_AU.UTF-8",
		Shape:  "no evidence: d/MM/yyyy h:mm:ss am|pm (lower case names no culture), every day 12 or less; the true dates are day first (2 March), the file cannot show it",
		Source: srcRiskyV3, Outcome: "load", Table: "risk_detections", Rows: 4,
		Dates:   &dateExpectation{detCols, "month first", "none", true},
		Records: detectionRecords(riskDetections, swap)}})

	h, r = riskyUserRows("en-GB", true)
	r[1][5] = inCulture("en-GB", at("2026-03-23T14:22:09Z")) // a day above 12 proves day first
	v2users := riskyUserRecords()
	v2users[1]["risk_last_updated_at"] = "2026-03-23T14:22:09Z"
	out = append(out, sample{"extractor-suite/v2/UserInfo/RiskyUsers.csv", bom + exportCSV(h, r), expectation{
		Collector: "Microsoft-Extractor-Suite before 3.0", Command: "Get-RiskyUsers", Shell: "Windows PowerShell 5.1, en-GB",
		Shape:  "columns before 3.0: History first (empty: Get-MgRiskyUser does not expand it), AdditionalProperties last; BOM; en-GB dates, one with day 23",
		Source: srcRiskyV2, Outcome: "load", Table: "risky_users", Rows: 3,
		Dates:   &dateExpectation{riskyCols, "day first", "field above 12", false},
		Records: v2users}})

	h, r = detectionRows("en-US", true, riskDetections)
	out = append(out, sample{"extractor-suite/v2/UserInfo/RiskyDetections.csv", bom + exportCSV(h, r), expectation{
		Collector: "Microsoft-Extractor-Suite before 3.0", Command: "Get-RiskyDetections", Shell: "Windows PowerShell 5.1, en-US",
		Shape:  "before 3.0: City, CountryOrRegion, State through | out-string, so each ends in CRLF inside its quotes; headers riskState and detectionTimingType in lower camel case; en-US dates",
		Source: srcRiskyV2, Outcome: "load", Table: "risk_detections", Rows: 4,
		Dates:   &dateExpectation{detCols, "month first", "clock", false},
		Records: detectionRecords(riskDetections, same)}})
	return out
}

// --- Microsoft-Extractor-Suite: Get-GraphEntraSignInLogs, Get-GraphEntraAuditLogs ---

const srcGraphLogs = "invictus-ir/Microsoft-Extractor-Suite Scripts/Get-AzureEntraGraphLogs.ps1 at 0fd4a080d12bd9102fe1d7ebba98c34dfaa2ddc0 (Invoke-MgGraphRequest -OutputType Json | ConvertFrom-Json; per page $responseJson.value | ConvertTo-Json -Depth 100 | Out-File -Append -Encoding $Encoding; -Output SOF-ELK: each record ConvertTo-Json -Compress)"

func signInRecords(list []obj) []map[string]any {
	var out []map[string]any
	for _, s := range list {
		cat := "interactive"
		if s.get("signInEventTypes").([]any)[0] == "nonInteractiveUser" {
			cat = "non_interactive"
		}
		out = append(out, map[string]any{"id": s.get("id"), "user_principal_name": s.get("userPrincipalName"),
			"created_at": s.get("createdDateTime"), "ip_address": s.get("ipAddress"),
			"error_code": s.get("status").(obj).get("errorCode"), "app_display_name": s.get("appDisplayName"),
			"category": cat, "country": s.get("location").(obj).get("countryOrRegion")})
	}
	return out
}

func auditRecords() []map[string]any {
	a0, a1, a2 := directoryAudits[0], directoryAudits[1], directoryAudits[2]
	return []map[string]any{
		{"id": a0.get("id"), "activity_at": "2026-03-02T08:20:31.4471234Z", "activity": "Update application – Certificates and secrets management",
			"actor_upn": nil, "actor_app_name": "Contoso Sync", "actor_ip": nil, "result": "success", "target_name": "Payroll Connector"},
		{"id": a1.get("id"), "activity_at": "2026-03-02T08:31:02.118Z", "activity": "Add member to role",
			"actor_upn": megan.upn, "actor_ip": "203.0.113.45", "result": "success", "target_upn": lee.upn},
		{"id": a2.get("id"), "activity_at": "2026-03-02T08:33:47Z", "activity": "Update user", "actor_upn": christie.upn,
			"actor_ip": "198.51.100.23", "result": "failure", "result_reason": "Insufficient privileges to complete the operation.",
			"target_upn": adele.upn},
	}
}

// mergeJSON is Merge-OutputFiles -OutputType JSON: each file's text trimmed of one leading
// '[' and one trailing ']', joined with ",", inside "[" CRLF ... "]" CRLF.
func mergeJSON(files ...string) string {
	var parts []string
	for _, f := range files {
		c := strings.TrimSpace(strings.TrimPrefix(f, bom))
		c = strings.TrimPrefix(c, "[")
		c = strings.TrimSuffix(c, "]")
		if c = strings.TrimSpace(c); c != "" {
			parts = append(parts, c)
		}
	}
	return bom + "[\r\n" + strings.Join(parts, ",") + "]\r\n"
}

func extractorGraphLogs() []sample {
	var out []sample
	dir := "extractor-suite/v3/EntraID/20260302-SignInLogs/interactiveUser & nonInteractiveUser/"
	// Windows PowerShell 5.1: three pages in one second land in one file: an array, a
	// one-record page written bare, another array.
	p51 := bom + convertToJSON(signIns[0:2], ps51) + "\r\n" + convertToJSON(signIns[2:3], ps51) + "\r\n" +
		convertToJSON(signIns[3:5], ps51) + "\r\n"
	out = append(out, sample{dir + "20260302080517-interactiveUser-nonInteractiveUser-SignInLogs.json", p51, expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-GraphEntraSignInLogs", Shell: "Windows PowerShell 5.1",
		Shape:  "UTF-8 BOM, CRLF; camelCase keys (Graph's, through ConvertFrom-Json); 5.1 indentation (members 4 right of their bracket, two spaces after ':'); ' < > & as \\u0027 \\u003c \\u003e \\u0026; three pages appended: [..] then a one-record page as a bare {..} then [..]; dates stay Graph's ISO strings",
		Source: srcGraphLogs, Outcome: "load", Table: "signins", Rows: 5, Records: signInRecords(signIns)}})

	p7 := convertToJSON(signIns[0:3], ps7) + "\r\n" + convertToJSON(signIns[3:5], ps7) + "\r\n"
	out = append(out, sample{strings.Replace(dir, "20260302-", "20260303-", 1) + "20260303090112-interactiveUser-nonInteractiveUser-SignInLogs.json", p7, expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-GraphEntraSignInLogs", Shell: "PowerShell 7.4",
		Shape:  "UTF-8 without BOM, CRLF; two-space indentation, \"key\": value, [] for empty arrays; ' not escaped, non-ASCII as is; two pages appended (][ between them); ConvertFrom-Json made the times DateTimes and ConvertTo-Json wrote them back in the same ISO form",
		Source: srcGraphLogs, Outcome: "load", Table: "signins", Rows: 5, Records: signInRecords(signIns)}})

	var sof strings.Builder
	sof.WriteString(bom)
	for _, s := range signIns {
		sof.WriteString(compact(s, ps51) + "\r\n")
	}
	out = append(out, sample{"extractor-suite/v3/EntraID/20260302-SignInLogs-SOF-ELK/interactiveUser & nonInteractiveUser/20260302080517-interactiveUser-nonInteractiveUser-SignInLogs.json",
		sof.String(), expectation{
			Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-GraphEntraSignInLogs -Output SOF-ELK", Shell: "Windows PowerShell 5.1",
			Shape:  "one record a line (ConvertTo-Json -Compress), CRLF, a BOM before the first line only (Out-File -Append -Encoding UTF8), \\u0027 escapes",
			Source: srcGraphLogs, Outcome: "load", Table: "signins", Rows: 5, Records: signInRecords(signIns)}})

	out = append(out, sample{dir + "Merged/SignInLogs-interactiveUser-nonInteractiveUser-Combined.json", mergeJSON(p51), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-GraphEntraSignInLogs -MergeOutput", Shell: "Windows PowerShell 5.1",
		Shape:   "Merge-OutputFiles -OutputType JSON (Microsoft-Extractor-Suite.psm1): '[' CRLF, each file stripped of its outer brackets, joined with ',', ']' CRLF; a file that held several pages leaves its inner ] [ in place, so the merged file is arrays and a bare object run together",
		Source:  "invictus-ir/Microsoft-Extractor-Suite Microsoft-Extractor-Suite.psm1, function Merge-OutputFiles, case 'JSON'",
		Outcome: "load", Table: "signins", Rows: 5, Records: signInRecords(signIns)}})

	audits := bom + convertToJSON(directoryAudits, ps51) + "\r\n"
	out = append(out, sample{"extractor-suite/v3/EntraID/20260302-AuditLogs/20260302083512-AuditLogs.json", audits, expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-GraphEntraAuditLogs", Shell: "Windows PowerShell 5.1",
		Shape:  "one page, 5.1 indentation, BOM; an activity name with an en dash and a trailing space; an app-initiated change (initiatedBy.app, no address), a role assignment, a failure",
		Source: srcGraphLogs, Outcome: "load", Table: "directory_audits", Rows: 3, Records: auditRecords()}})
	return out
}

// --- Microsoft-Extractor-Suite: Get-UAL ---

const srcUAL = "invictus-ir/Microsoft-Extractor-Suite Scripts/Get-UAL.ps1 (3.x/4.x Get-UAL: Search-UnifiedAuditLog -ResultSize 5000 per window; file UAL-<start>-<end> in Output\\UnifiedAuditLog\\<yyyyMMdd>; -Output CSV|JSON|JSONL|SOF-ELK, -AuditDataOnly)"

// searchResult is one Search-UnifiedAuditLog result object, as its properties stand.
func searchResult(r obj, i int) obj {
	rt := r.get("RecordType").(int)
	return obj{{"RunspaceId", "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f"}, {"RecordType", recordType[rt]},
		{"CreationDate", netDate(ualTime(r))}, {"UserIds", r.get("UserId")}, {"Operations", r.get("Operation")},
		{"AuditData", compact(r, graph)}, {"ResultIndex", i + 1}, {"ResultCount", len(ualRecords)}, {"Identity", r.get("Id")},
		{"IsValid", true}, {"ObjectState", "Unchanged"}}
}

func ualExpect() []map[string]any {
	var out []map[string]any
	for _, r := range ualRecords {
		ip, _ := r.get("ClientIP").(string)
		if ip == "" {
			ip, _ = r.get("ClientIPAddress").(string)
		}
		if i := strings.LastIndex(ip, ":"); i > 0 && strings.Count(ip, ":") == 1 {
			ip = ip[:i]
		}
		out = append(out, map[string]any{"id": r.get("Id"), "created_at": utc(ualTime(r)), "operation": r.get("Operation"),
			"user_id": r.get("UserId"), "client_ip": ip, "record_type": recordType[r.get("RecordType").(int)]})
	}
	return out
}

func extractorUAL() []sample {
	var out []sample
	dir := "extractor-suite/v3/UnifiedAuditLog/20260302/"
	name := "UAL-20260302080000-20260302090000"

	var rows [][]string
	var results []obj
	for i, r := range ualRecords {
		sr := searchResult(r, i)
		results = append(results, sr)
		var row []string
		for _, p := range sr {
			switch v := p.v.(type) {
			case netDate:
				row = append(row, inCulture("fr-FR", time.Time(v)))
			case bool:
				row = append(row, boolText(v))
			case int:
				row = append(row, fmt.Sprint(v))
			default:
				row = append(row, fmt.Sprint(v))
			}
		}
		rows = append(rows, row)
	}
	var header []string
	for _, p := range results[0] {
		header = append(header, p.k)
	}
	out = append(out, sample{dir + name + ".csv", bom + exportCSV(header, rows), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UAL (-Output CSV, the default)", Shell: "Windows PowerShell 5.1, fr-FR",
		Shape:  "Search-UnifiedAuditLog's objects through Export-Csv: RunspaceId, RecordType (name), CreationDate (fr-FR dd/MM/yyyy HH:mm:ss, UTC), UserIds, Operations, AuditData (compact JSON), ResultIndex, ResultCount, Identity, IsValid, ObjectState; BOM",
		Source: srcUAL, Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect(),
		Dates: &dateExpectation{[]string{"CreationDate"}, "day first", "clock", false}}})

	// -Output JSON: AuditData parsed back into an object, the window's results as an array,
	// then Add-Content "`n".
	var parsed []obj
	for _, r := range results {
		parsed = append(parsed, r.with("AuditData", ualRecords[r.get("ResultIndex").(int)-1]).with("RecordType", ualRecords[r.get("ResultIndex").(int)-1].get("RecordType")))
	}
	out = append(out, sample{dir + name + ".json", bom + convertToJSON(parsed, ps51) + "\r\n" + "\n\r\n", expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UAL -Output JSON", Shell: "Windows PowerShell 5.1",
		Shape:  "the results as a 5.1-indented array with AuditData as a nested object, CreationDate as \"\\/Date(ms)\\/\", RecordType as the enum's number, then an empty line (Add-Content \"`n\")",
		Source: srcUAL, Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})

	var jl strings.Builder
	for _, r := range results {
		jl.WriteString(compact(r.with("RecordType", ualRecordByID(r).get("RecordType")), ps7) + "\r\n")
	}
	out = append(out, sample{dir + name + ".jsonl", jl.String(), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UAL -Output JSONL", Shell: "PowerShell 7.4",
		Shape:  "one result object a line (ConvertTo-Json -Compress), AuditData still the JSON text Exchange returned, CreationDate as ISO 8601, no BOM",
		Source: srcUAL, Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})

	var ad strings.Builder
	ad.WriteString(bom)
	for _, r := range ualRecords {
		ad.WriteString(compact(r, graph) + "\r\n")
	}
	out = append(out, sample{"extractor-suite/v3/UnifiedAuditLog/20260302-AuditDataOnly/" + name + ".jsonl", ad.String(), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UAL -AuditDataOnly -Output JSONL", Shell: "Windows PowerShell 5.1",
		Shape:  "AuditData one a line as Exchange returned it (the Management Activity API's record shape), BOM before the first line",
		Source: srcUAL, Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})

	// -AuditDataOnly -Output CSV: ConvertFrom-Json of each AuditData, then Export-Csv: the
	// header is the first record's keys; later records lose what it lacks.
	first := ualRecords[0]
	var hdr []string
	for _, p := range first {
		hdr = append(hdr, p.k)
	}
	var adRows [][]string
	for _, r := range ualRecords {
		var row []string
		for _, k := range hdr {
			row = append(row, psText(r.get(k)))
		}
		adRows = append(adRows, row)
	}
	out = append(out, sample{"extractor-suite/v3/UnifiedAuditLog/20260302-AuditDataOnly/" + name + ".csv", bom + exportCSV(hdr, adRows), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UAL -AuditDataOnly -Output CSV", Shell: "Windows PowerShell 5.1",
		Shape:  "the header is the first record's AuditData keys (a UserLoggedIn); the New-InboxRule and MailItemsAccessed rows lose every key it lacks (Parameters, ClientIPAddress, MailboxOwnerUPN, ...); arrays are written System.Object[]; nested objects @{...}",
		Source: srcUAL, Outcome: "refuse",
		Refusal: []string{"Get-UAL", "-AuditDataOnly", "-Output JSONL"}}})
	return out
}

func ualRecordByID(r obj) obj {
	for _, u := range ualRecords {
		if u.get("Id") == r.get("Identity") {
			return u
		}
	}
	panic("no record")
}

// psText is how Export-Csv writes a property PowerShell made from JSON.
func psText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		return "System.Object[]"
	case obj:
		var parts []string
		for _, p := range x {
			parts = append(parts, p.k+"="+psText(p.v))
		}
		return "@{" + strings.Join(parts, "; ") + "}"
	case bool:
		return boolText(x)
	}
	return fmt.Sprint(v)
}

// --- Microsoft-Extractor-Suite: Get-UALGraph ---

const srcUALGraph = "invictus-ir/Microsoft-Extractor-Suite Scripts/Get-UALGraph.ps1 (current: Invoke-MgGraphRequest -OutputType Json | ConvertFrom-Json -Depth 100, so PowerShell 7 only; CSV through Format-AuditRecordForCsv and Export-Csv -Append; JSONL: auditData | ConvertTo-Json -Compress, then \"`r`n\" | Out-File)"

// graphRecord is the Graph audit log query API's auditLogRecord for one AuditData.
func graphRecord(r obj) obj {
	rt := r.get("RecordType").(int)
	ip, _ := r.get("ClientIP").(string)
	if ip == "" {
		ip, _ = r.get("ClientIPAddress").(string)
	}
	return obj{{"id", r.get("Id")}, {"createdDateTime", r.get("CreationTime").(string) + "Z"},
		{"auditLogRecordType", graphRecordType[rt]}, {"operation", r.get("Operation")}, {"organizationId", tenant},
		{"userType", "regular"}, {"userId", r.get("UserId")}, {"service", r.get("Workload")}, {"objectId", r.get("ObjectId")},
		{"userPrincipalName", r.get("UserId")}, {"clientIp", ip}, {"administrativeUnits", []any{}},
		{"auditData", append(obj{{"@odata.type", graphODataType[rt]}}, r...)}}
}

func extractorUALGraph() []sample {
	var out []sample
	dir := "extractor-suite/v3/UnifiedAuditLog/"
	cols := []string{"id", "createdDateTime", "auditLogRecordType", "operation", "organizationId", "userType", "userId",
		"service", "objectId", "userPrincipalName", "clientIp", "administrativeUnits", "auditData"}
	rowsWith := func(auditData func(obj) string) [][]string {
		var rows [][]string
		for _, r := range ualRecords {
			g := graphRecord(r)
			var row []string
			for _, k := range cols {
				switch k {
				case "createdDateTime":
					row = append(row, inCulture("en-US", ualTime(r)))
				case "auditData":
					row = append(row, auditData(g.get("auditData").(obj)))
				default:
					row = append(row, psText(g.get(k)))
				}
			}
			rows = append(rows, row)
		}
		return rows
	}
	exp := func(shape string) expectation {
		return expectation{Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UALGraph -searchName incident -Output CSV",
			Shell: "PowerShell 7.4, en-US", Shape: shape, Source: srcUALGraph, Outcome: "load", Table: "unified_audit", Rows: 3,
			Records: ualExpect(), Dates: &dateExpectation{[]string{"createdDateTime"}, "month first", "clock", false}}
	}
	out = append(out, sample{dir + "20260302090512-incident-UnifiedAuditLog.csv",
		exportCSV(cols, rowsWith(func(a obj) string { return compact(a, ps7) })), exp(
			"camelCase columns of Format-AuditRecordForCsv: id, createdDateTime (en-US culture, UTC), auditLogRecordType, operation, organizationId, userType, userId, service, objectId, userPrincipalName, clientIp, administrativeUnits (System.Object[]), auditData (compact JSON with @odata.type); no BOM")})
	out = append(out, sample{dir + "20260302090512-incident-UnifiedAuditLog_indented.csv",
		exportCSV(cols, rowsWith(func(a obj) string { return pretty7(a, 0) })), exp(
			"the same columns with auditData as indented JSON (ConvertTo-Json without -Compress) spanning lines inside its quoted cell, quotes doubled: the shape issue 13 reports; the Get-UALGraph versions read here compress it")})

	var jl strings.Builder
	for _, r := range ualRecords {
		jl.WriteString(compact(graphRecord(r).get("auditData"), ps7) + "\r\n" + "\r\n\r\n")
	}
	out = append(out, sample{dir + "20260302090512-incident-UnifiedAuditLog.jsonl", jl.String(), expectation{
		Collector: "Microsoft-Extractor-Suite 3.x/4.x", Command: "Get-UALGraph -searchName incident -Output JSONL", Shell: "PowerShell 7.4",
		Shape:  "auditData one a line (with @odata.type), each followed by two empty lines (\"`r`n\" | Out-File adds its own CRLF); UTF-8 without BOM",
		Source: srcUALGraph, Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})

	var vals []any
	for _, r := range ualRecords {
		vals = append(vals, graphRecord(r))
	}
	page := obj{{"@odata.context", "https://graph.microsoft.com/beta/$metadata#security/auditLog/queries('1c5e7a9b-3d5f-4b7d-9f1b-3d5f7b9d1f3b')/records"},
		{"value", vals}}
	out = append(out, sample{dir + "20260302090512-incident-UnifiedAuditLog-1.json", compact(page, graph), expectation{
		Collector: "Microsoft-Extractor-Suite before 3.0", Command: "Get-UALGraph -searchName incident", Shell: "any",
		Shape:   "the Graph page as the service sent it (Invoke-MgGraphRequest -OutputFilePath): {\"@odata.context\":...,\"value\":[auditLogRecord...]}, one file per page (-1, -2, ...), no BOM, no line break",
		Source:  "invictus-ir/Microsoft-Extractor-Suite Scripts/Get-UALGraph.ps1 at be15ea8cf9ce1cc83cc7357b9dc3ff7a5ecc2af1",
		Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})
	return out
}

// --- CISA's Untitled Goose Tool ---

func goose() []sample {
	var out []sample
	var si strings.Builder
	for _, s := range signIns[:3] {
		si.WriteString(compact(s, python) + "\n")
	}
	out = append(out, sample{"goose/entraid/signin_adfs/adfs_signin_log_2026-03-02.json", si.String(), expectation{
		Collector: "Untitled Goose Tool", Command: "goosey graze / honk (entraid: dump_signins_adfs)", Shell: "Python 3",
		Shape:   "one Graph beta signIn a line, json.dumps: \", \" and \": \" separators, non-ASCII as \\u escapes (ensure_ascii), LF (CRLF when run on Windows: text mode), no BOM; one file a day per source (adfs = interactive, rt = non-interactive, sp, msi)",
		Source:  "cisagov/untitledgoosetool goosey/entra_id_datadumper.py, _dump_signins (f.write(json.dumps(x)); f.write(\"\\n\"))",
		Outcome: "load", Table: "signins", Rows: 3, Records: signInRecords(signIns[:3])}})
	var ni strings.Builder
	for _, s := range signIns[3:] {
		ni.WriteString(compact(s, python) + "\n")
	}
	out = append(out, sample{"goose/entraid/signin_rt/rt_signin_log_2026-03-02.json", ni.String(), expectation{
		Collector: "Untitled Goose Tool", Command: "dump_signins_rt", Shell: "Python 3",
		Shape:  "as signin_adfs, non-interactive sign-ins; Patti Fern\\u00e1ndez escaped",
		Source: "cisagov/untitledgoosetool goosey/entra_id_datadumper.py, _dump_signins", Outcome: "load", Table: "signins", Rows: 2,
		Records: signInRecords(signIns[3:])}})
	var au []string
	for _, a := range directoryAudits {
		au = append(au, compact(a, python))
	}
	out = append(out, sample{"goose/entraid/entraid_audit_logs/entraidauditlog_2026-03-02.json", strings.Join(au, "\n") + "\n", expectation{
		Collector: "Untitled Goose Tool", Command: "dump_entraid_audit", Shell: "Python 3",
		Shape:   "one Graph beta directoryAudit a line, json.dumps as above (the en dash as \\u2013)",
		Source:  "cisagov/untitledgoosetool goosey/entra_id_datadumper.py, dump_entraid_audit (\"\\n\".join([json.dumps(x) for x in result['value']]) + '\\n')",
		Outcome: "load", Table: "directory_audits", Rows: 3, Records: auditRecords()}})
	var ual strings.Builder
	for _, r := range ualRecords {
		ual.WriteString(compact(r, python) + "\n")
	}
	out = append(out, sample{"goose/m365/ual_2026-03-02 08_00_00_2026-03-02 09_00_00.json", ual.String(), expectation{
		Collector: "Untitled Goose Tool", Command: "dump_ual", Shell: "Python 3",
		Shape:   "AuditData one a line (json.loads of Search-UnifiedAuditLog's AuditData, json.dumps again: Python separators); the name's times with ':' replaced by '_' (their exact form is the tool's startDate, not read here)",
		Source:  "cisagov/untitledgoosetool goosey/m365_datadumper.py, _new_ual_timeframe (ual_session_output_str += json.dumps(audit_data_dict) + \"\\n\")",
		Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})

	var arr []any
	for _, r := range ualRecords {
		arr = append(arr, r)
	}
	out = append(out, sample{"management-activity-api/Audit.AzureActiveDirectory_content.json", compact(arr, graph), expectation{
		Collector: "Office 365 Management Activity API", Command: "GET {contentUri} of /activity/feed/subscriptions/content?contentType=Audit.General",
		Shell: "any HTTP client", Shape: "one content blob: a JSON array of AuditData records on one line, as the service sends it",
		Source:  "Microsoft's Office 365 Management Activity API reference (content blobs are arrays of records with the common schema)",
		Outcome: "load", Table: "unified_audit", Rows: 3, Records: ualExpect()}})
	return out
}

// --- Azure Monitor: ADFSSignInLogs, and the envelope fields of sign-ins and audits ---

const srcADFS = "MicrosoftDocs/azure-reference-other azure-monitor-ref/tables/includes/adfssigninlogs-include.md (the ADFSSignInLogs columns); Azure/Azure-Sentinel Solutions/Microsoft Entra ID/Analytic Rules/ADFSSignInLogsPasswordSpray.yaml (success codes 0 and 50144, AuthenticationDetails[0].authenticationMethod)"

type adfs struct {
	id      string
	at      time.Time
	u       user
	ip      string
	code    int
	reason  string
	method  string
	success bool
}

var adfsSignIns = []adfs{
	{"c1a2b3d4-e5f6-4789-a0b1-c2d3e4f5a601", at("2026-03-02T07:02:11.431Z"), lee, "198.51.100.77", 50126,
		"Invalid username or password or Invalid on-premise username or password.", "Forms", false},
	{"c1a2b3d4-e5f6-4789-a0b1-c2d3e4f5a602", at("2026-03-02T07:02:12.016Z"), alex, "198.51.100.77", 50126,
		"Invalid username or password or Invalid on-premise username or password.", "Forms", false},
	{"c1a2b3d4-e5f6-4789-a0b1-c2d3e4f5a603", at("2026-03-02T07:15:40.250Z"), christie, "203.0.113.9", 0, "Other.",
		"Integrated Windows Authentication", true},
}

func adfsProperties(a adfs) obj {
	return obj{{"id", a.id}, {"createdDateTime", a.at.Format("2006-01-02T15:04:05.0000000Z07:00")}, {"userDisplayName", a.u.name},
		{"userPrincipalName", a.u.upn}, {"userId", a.u.id}, {"appId", ""}, {"appDisplayName", ""}, {"ipAddress", a.ip},
		{"status", obj{{"errorCode", a.code}, {"failureReason", a.reason}}}, {"userAgent", chrome}, {"isInteractive", true},
		{"tokenIssuerName", "ADFS-01.contoso.com"}, {"tokenIssuerType", "ADFederationServices"},
		{"resourceDisplayName", "Microsoft Office 365 Identity Platform"}, {"resourceIdentity", "urn:federation:MicrosoftOnline"},
		{"authenticationRequirement", "singleFactorAuthentication"}, {"requirement", "primaryAuthentication"},
		{"authenticationDetails", []any{obj{{"authenticationStepDateTime", a.at.Format("2006-01-02T15:04:05.0000000Z07:00")},
			{"authenticationMethod", a.method}, {"succeeded", a.success}}}},
		{"networkLocationDetails", []any{}}, {"deviceDetail", obj{{"deviceId", ""}, {"operatingSystem", "Windows 10"}, {"browser", "Chrome"}}},
		{"uniqueTokenIdentifier", "ADFS" + a.id[4:]}, {"originalRequestId", a.id}, {"processingTimeInMs", "63"}}
}

func envelope(t time.Time, category, op, resultType, desc, caller, corr, identity, location string, props obj) obj {
	e := obj{{"time", t.Format("2006-01-02T15:04:05.0000000Z")}, {"resourceId", "/tenants/" + tenant + "/providers/Microsoft.aadiam"},
		{"operationName", op}, {"operationVersion", "1.0"}, {"category", category}, {"tenantId", tenant},
		{"resultType", resultType}, {"resultSignature", "None"}, {"resultDescription", desc}, {"durationMs", 0},
		{"callerIpAddress", caller}, {"correlationId", corr}, {"identity", identity}, {"Level", 4}, {"location", location},
		{"properties", props}}
	if location == "" {
		e = e.without("location")
	}
	return e
}

func adfsRecords() []map[string]any {
	var out []map[string]any
	for _, a := range adfsSignIns {
		out = append(out, map[string]any{"id": a.id, "user_principal_name": a.u.upn, "created_at": utc(a.at), "ip_address": a.ip,
			"error_code": a.code, "category": "adfs", "token_issuer_type": "ADFederationServices"})
	}
	return out
}

func azureMonitor() []sample {
	var out []sample
	var lines strings.Builder
	for _, a := range adfsSignIns {
		lines.WriteString(compact(envelope(a.at.Add(95*time.Second), "ADFSSignInLogs", "Sign-in activity", fmt.Sprint(a.code),
			a.reason, a.ip, a.id, a.u.name, "", adfsProperties(a)), graph) + "\r\n")
	}
	out = append(out, sample{"azure-monitor/insights-logs-adfssigninlogs/resourceId=/tenants/" + tenant +
		"/providers/Microsoft.aadiam/y=2026/m=03/d=02/h=07/m=00/PT1H.json", lines.String(), expectation{
		Collector: "Azure Monitor diagnostic settings (Entra Connect Health for AD FS)", Command: "Diagnostic settings: ADFSSignInLogs to a storage account; azcopy the insights-logs-adfssigninlogs container",
		Shell: "-", Shape: "one record a line, CRLF, the usual envelope (time, resourceId, operationName, category ADFSSignInLogs, resultType as text, resultDescription, callerIpAddress, identity, Level) around properties with tokenIssuerType ADFederationServices",
		Source: srcADFS, Outcome: "load", Table: "signins", Rows: 3, Records: adfsRecords(),
		Extra: []string{"resourceId", "operationVersion", "durationMs", "resultSignature", "tokenIssuerName", "resourceIdentity", "processingTimeInMs"}}})

	cols := []string{"TenantId", "SourceSystem", "TimeGenerated [UTC]", "OperationName", "OperationVersion", "Category", "ResultType",
		"ResultSignature", "ResultDescription", "DurationMs", "CorrelationId", "ResourceGroup", "Identity", "Level", "Location",
		"AlternateSignInName", "AppDisplayName", "AppId", "AuthenticationDetails", "AuthenticationProcessingDetails",
		"AuthenticationRequirement", "AuthenticationRequirementPolicies", "ConditionalAccessPolicies", "ConditionalAccessStatus",
		"CreatedDateTime [UTC]", "DeviceDetail", "Id", "IPAddress", "IsInteractive", "NetworkLocationDetails", "OriginalRequestId",
		"ProcessingTimeInMs", "Requirement", "ResourceDisplayName", "ResourceIdentity", "ResourceTenantId", "Status",
		"TokenIssuerName", "TokenIssuerType", "UniqueTokenIdentifier", "UserAgent", "UserDisplayName", "UserId",
		"UserPrincipalName", "Type"}
	var b strings.Builder
	b.WriteString(bom + strings.Join(cols, ",") + "\r\n")
	for _, a := range adfsSignIns {
		p := adfsProperties(a)
		cells := []string{tenant, "Azure AD", inCulture("log-analyt", a.at.Add(95*time.Second)), "Sign-in activity", "1.0",
			"ADFSSignInLogs", fmt.Sprint(a.code), "None", a.reason, "0", a.id, "", a.u.name, "4", "", "", "", "",
			pretty7(p.get("authenticationDetails"), 0), "", "singleFactorAuthentication", "", "", "notApplied",
			inCulture("log-analyt", a.at), pretty7(p.get("deviceDetail"), 0), a.id, a.ip, boolText(true), "[]", a.id, "63",
			"primaryAuthentication", "Microsoft Office 365 Identity Platform", "urn:federation:MicrosoftOnline", "",
			pretty7(p.get("status"), 0), "ADFS-01.contoso.com", "ADFederationServices", "ADFS" + a.id[4:], chrome, a.u.name,
			a.u.id, a.u.upn, "ADFSSignInLogs"}
		for i := range cells {
			cells[i] = laCell(cells[i])
		}
		b.WriteString(strings.Join(cells, ",") + "\r\n")
	}
	out = append(out, sample{"log-analytics/ADFSSignInLogs_query_data.csv", b.String(), expectation{
		Collector: "Log Analytics / Microsoft Sentinel", Command: "ADFSSignInLogs | where TimeGenerated > ago(1d), Export to CSV (all columns)",
		Shell: "-", Shape: "BOM, CRLF, quoted only where needed; JSON columns (AuthenticationDetails, DeviceDetail, Status) as indented JSON across lines; times \"3/2/2026, 7:02:11.431 AM\" in UTC; the documented columns (the docs list them alphabetically: the order here is a query's, so a reader must go by name)",
		Source: srcADFS, Outcome: "load", Table: "signins", Rows: 3, Records: adfsRecords(),
		Dates: &dateExpectation{[]string{"TimeGenerated [UTC]", "CreatedDateTime [UTC]"}, "month first", "clock", false}}})

	// The envelope's fields as fallbacks: an app's change (no address inside), a failure whose
	// text is only in resultDescription, a record without activityDateTime.
	a0 := directoryAudits[0]
	a2 := directoryAudits[2].with("resultReason", "")
	a3 := obj{{"id", "Directory_7e9a1c3b-5d7f-4b9d-8f1b-3d5f7b9d1f3b_2PLK9_14142135"}, {"category", "ApplicationManagement"},
		{"correlationId", "6c8e0a2c-4e6a-4c8e-b0a2-4c6e8a0c2e4a"}, {"result", "success"}, {"resultReason", ""},
		{"activityDisplayName", "Add service principal"}, {"loggedByService", "Core Directory"}, {"operationType", "Add"},
		{"initiatedBy", obj{{"user", obj{{"id", megan.id}, {"userPrincipalName", megan.upn}, {"ipAddress", "203.0.113.45"}}}}},
		{"targetResources", []any{obj{{"id", "0a2c4e6a-8c0e-4a2c-9e4a-6c8e0a2c4e6a"}, {"displayName", "mail-sync-helper"}, {"type", "ServicePrincipal"}}}},
		{"additionalDetails", []any{}}}
	var al strings.Builder
	al.WriteString(compact(envelope(at("2026-03-02T08:20:33.9012345Z"), "AuditLogs", "Update application – Certificates and secrets management ",
		"", "", "198.51.100.200", "3f9a1c7e-2d4b-4a86-b0e5-6c8d2f1a9e47", "Contoso Sync", "", a0).without("resultType"), graph) + "\r\n")
	al.WriteString(compact(envelope(at("2026-03-02T08:33:49.5Z"), "AuditLogs", "Update user", "",
		"Insufficient privileges to complete the operation.", "198.51.100.23", "4d2b0f8e-6c4a-4b2d-9f7e-5d3b1f9e7c5a", christie.name, "", a2).without("resultType"), graph) + "\r\n")
	al.WriteString(compact(envelope(at("2026-03-02T08:40:05.25Z"), "AuditLogs", "Add service principal", "", "",
		"203.0.113.45", "6c8e0a2c-4e6a-4c8e-b0a2-4c6e8a0c2e4a", megan.name, "", a3).without("resultType"), graph) + "\r\n")
	out = append(out, sample{"azure-monitor/envelope-fallbacks/insights-logs-auditlogs/y=2026/m=03/d=02/h=08/m=00/PT1H.json", al.String(), expectation{
		Collector: "Azure Monitor diagnostic settings", Command: "Diagnostic settings: AuditLogs to a storage account", Shell: "-",
		Shape:   "the envelope as the only source: callerIpAddress for an app's change (initiatedBy.app has no address), resultDescription for a failure with an empty resultReason, time for a record without properties.activityDateTime",
		Source:  "MicrosoftDocs/entra-docs reference-azure-monitor-audit-log-schema (envelope: time, resourceId, operationName, operationVersion, category, tenantId, resultSignature, resultDescription, durationMs, callerIpAddress, correlationId, identity, level, properties)",
		Outcome: "load", Table: "directory_audits", Rows: 3,
		Records: []map[string]any{
			{"id": a0.get("id"), "activity_at": "2026-03-02T08:20:31.4471234Z", "actor_app_name": "Contoso Sync", "actor_ip": "198.51.100.200"},
			{"id": a2.get("id"), "activity_at": "2026-03-02T08:33:47Z", "result": "failure", "result_reason": "Insufficient privileges to complete the operation.", "actor_ip": "198.51.100.23"},
			{"id": a3.get("id"), "activity_at": "2026-03-02T08:40:05.25Z", "activity": "Add service principal", "actor_upn": megan.upn, "actor_ip": "203.0.113.45"},
		},
		Extra: []string{"resourceId", "operationVersion", "durationMs", "resultSignature", "identity", "correlationId"}}})

	s0 := signIns[0].without("location")
	s1 := signIns[1].without("createdDateTime")
	var sl strings.Builder
	sl.WriteString(compact(envelope(at("2026-03-02T08:07:02.1234567Z"), "SignInLogs", "Sign-in activity", "0", "Other.",
		"203.0.113.45", "5d"+s0.get("id").(string)[2:], megan.name, "NL", s0), graph) + "\r\n")
	sl.WriteString(compact(envelope(at("2026-03-02T08:04:51Z"), "SignInLogs", "Sign-in activity", "50126",
		"Error validating credentials due to invalid username or password.", "203.0.113.45", "5d"+s1.get("id").(string)[2:],
		megan.name, "NL", s1), graph) + "\r\n")
	out = append(out, sample{"azure-monitor/envelope-fallbacks/insights-logs-signinlogs/y=2026/m=03/d=02/h=08/m=00/PT1H.json", sl.String(), expectation{
		Collector: "Azure Monitor diagnostic settings", Command: "Diagnostic settings: SignInLogs to a storage account", Shell: "-",
		Shape:   "a sign-in without properties.location (the envelope's location is then the country) and one without properties.createdDateTime (the envelope's time is then its time: loaded, not set aside)",
		Source:  "MicrosoftDocs/entra-docs reference-azure-monitor-sign-ins-log-schema (envelope: time, resourceId, operationName, operationVersion, category, tenantId, resultType, resultSignature, resultDescription, durationMs, callerIpAddress, correlationId, identity, Level, location, properties)",
		Outcome: "load", Table: "signins", Rows: 2,
		Records: []map[string]any{
			{"id": s0.get("id"), "created_at": "2026-03-02T08:05:17Z", "country": "NL", "ip_address": "203.0.113.45", "error_code": 0},
			{"id": s1.get("id"), "created_at": "2026-03-02T08:04:51Z", "country": "NL", "error_code": 50126},
		},
		Extra: []string{"resourceId", "operationVersion", "durationMs", "resultSignature", "resultDescription", "identity", "Level"}}})
	return out
}
