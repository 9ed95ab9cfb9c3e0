package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// source is what sniffing learned about one input file.
type source struct {
	path     string
	gz       bool
	csv      bool
	format   *format
	name     string   // the format's name as the manifest shows it
	spec     normSpec // JSON: how to normalize it
	flat     bool     // JSON: read the format's columns by key, not its nested fields
	header   []string // CSV: the header row as written
	delim    rune     // CSV: the field separator
	hint     string   // a sign-in category the file name suggests
	empty    bool     // JSON with no records at all (an empty page)
	lines    bool     // JSON: one record a line
	envelope []string // Azure Monitor: the envelope's members as the fast plan's sample spells them
	utf16    bool     // CSV in UTF-16 (Export-Csv -Encoding Unicode): transcoded before DuckDB reads it
	fast     *fastPlan
}

// rejectError says why a file as a whole cannot be loaded.
type rejectError struct {
	line   int // 0 when no line applies
	reason string
}

func (e *rejectError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%d: %s", e.line, e.reason)
	}
	return e.reason
}

func reject(line int, format string, args ...any) error {
	return &rejectError{line: line, reason: fmt.Sprintf(format, args...)}
}

// openInput opens a file, decompressing it when it is gzip (by content, not by name).
func openInput(path string) (io.ReadCloser, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, true, reject(0, "gzip: %v", err)
		}
		return &readCloser{Reader: zr, close: func() error { zr.Close(); return f.Close() }}, true, nil
	}
	return &readCloser{Reader: br, close: f.Close}, false, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }

const sniffBytes = 64 << 10

// sniff recognises a file's format from its content.
func sniff(path string, formats map[string]*format) (*source, error) {
	return sniffSample(path, formats, fastSampleRecords)
}

// sniffSample is sniff deciding the fast path from at most sample records: a file that
// follows another of the same shape in a batch needs only a glance.
func sniffSample(path string, formats map[string]*format, sample int) (*source, error) {
	r, gz, err := openInput(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		if gz {
			return nil, reject(0, "gzip: %v", err)
		}
		return nil, err
	}
	head = head[:n]
	src := &source{path: path, gz: gz, hint: categoryHint(path)}
	body := bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		if n == 0 {
			return nil, reject(0, "empty file")
		}
		return nil, reject(0, "the file holds only white space")
	}
	if text, ok := utf16Text(head); ok {
		// Windows PowerShell's Export-Csv -Encoding Unicode: UTF-16 with its byte order mark.
		src.utf16 = true
		t := strings.TrimLeft(text, " \t\r\n")
		switch {
		case t == "":
			return nil, reject(0, "the file holds only white space")
		case t[0] == '{' || t[0] == '[':
			return nil, reject(0, "JSON in UTF-16 is not read: write it as UTF-8 (PowerShell: Out-File -Encoding utf8)")
		}
		return sniffCSV(src, []byte(text), formats)
	}
	if bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimUTF8Tail(head)) {
		return nil, reject(0, "binary data, not a text export (is it a .zip or an .xlsx? unpack or save it as CSV or JSON)")
	}
	switch trimmed[0] {
	case '{', '[':
		return sniffJSON(src, formats, sample)
	default:
		return sniffCSV(src, body, formats)
	}
}

// trimUTF8Tail drops a multi-byte character cut off at the end of a sniffed block.
func trimUTF8Tail(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

func categoryHint(path string) string {
	base := strings.ToLower(filepath.Base(path))
	switch {
	case strings.Contains(base, "noninteractive"):
		return "non_interactive"
	case strings.Contains(base, "msisignin"), strings.Contains(base, "managedidentity"):
		return "managed_identity"
	case strings.Contains(base, "applicationsignin"), strings.Contains(base, "serviceprincipal"):
		return "service_principal"
	case strings.Contains(base, "interactivesignin"):
		return "interactive"
	}
	return ""
}

// sniffJSON reads the first records of a JSON file and decides which format they are.
func sniffJSON(src *source, formats map[string]*format, sample int) (*source, error) {
	r, _, err := openInput(src.path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var buf bytes.Buffer
	res, err := normalizeJSON(r, &buf, normSpec{maxRecords: 5})
	if err != nil {
		var le *lineError
		if errors.As(err, &le) {
			return nil, reject(le.line, "%s", le.reason)
		}
		return nil, err
	}
	if res.records == 0 {
		if len(res.bad) > 0 {
			return nil, reject(res.bad[0].line, "%s", res.bad[0].reason)
		}
		src.empty = true
		src.name = "json_empty_" + res.shape
		return src, nil
	}
	line, _, _ := bytes.Cut(buf.Bytes(), []byte{'\n'})
	var rec map[string]any
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, reject(1, "first record: %v", err)
	}
	name, how, why := classifyJSON(rec)
	if name == "" {
		return nil, reject(0, "%s", why)
	}
	f := formats[name]
	if f == nil {
		return nil, fmt.Errorf("format %s is not defined", name)
	}
	src.format = f
	src.name = name
	switch how {
	case "azure":
		src.name = "azure_monitor_" + strings.TrimPrefix(name, "graph_")
		src.spec = normSpec{hoist: "properties", known: f.knownKeys()}
	case "wrap":
		src.spec = normSpec{wrap: f.wrap}
	case "flat":
		src.flat = true
		src.spec = normSpec{known: f.knownKeys(), keepNestedCase: true}
	default:
		src.spec = normSpec{known: f.knownKeys()}
	}
	src.spec.rawKeys = f.rawKeys()
	if f.table == "signins" || f.table == "directory_audits" || f.table == "unified_audit" {
		src.spec.idKey = idKeyFor(name, how)
	}
	src.lines = (res.shape == "ndjson" || res.shape == "object") && res.lineMode
	src.fast = planFast(src, sample)
	return src, nil
}

// idKeyFor names the key that identifies a record, for dropping repeats inside a file.
func idKeyFor(name, how string) string {
	switch {
	case how == "wrap":
		if name == "log_analytics_office_activity" {
			return "officeid"
		}
		return "id"
	case name == "unified_audit_log":
		return "" // the id is inside AuditData
	}
	return "id"
}

// classifyJSON names the format of a record (keys lower-cased) and how to read it:
// "" (nested, as Graph writes it), "azure" (fields under properties), "flat" (Log Analytics
// columns, nested values as JSON text) or "wrap" (the record read whole as JSON).
func classifyJSON(rec map[string]any) (name, how, why string) {
	has := func(k string) bool { _, ok := rec[k]; return ok }
	str := func(k string) string { s, _ := rec[k].(string); return strings.ToLower(s) }
	_, propsObj := rec["properties"].(map[string]any)
	if propsObj && (has("category") || has("operationname")) {
		switch cat := str("category"); cat {
		case "signinlogs", "noninteractiveusersigninlogs", "serviceprincipalsigninlogs", "managedidentitysigninlogs", "adfssigninlogs":
			return "graph_signins", "azure", ""
		case "auditlogs":
			return "graph_directory_audits", "azure", ""
		case "riskyusers":
			return "graph_risky_users", "azure", ""
		case "userriskevents":
			return "graph_risk_detections", "azure", ""
		default:
			return "", "", fmt.Sprintf("Azure Monitor category %q is not one entrarisk reads (it reads SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs, ADFSSignInLogs, AuditLogs, RiskyUsers, UserRiskEvents)", rec["category"])
		}
	}
	switch str("type") {
	case "signinlogs", "aadnoninteractiveusersigninlogs", "aadserviceprincipalsigninlogs", "aadmanagedidentitysigninlogs", "adfssigninlogs":
		return "log_analytics_signins", "flat", ""
	case "auditlogs":
		return "log_analytics_audit", "flat", ""
	case "officeactivity":
		return "log_analytics_office_activity", "wrap", ""
	}
	_, statusText := rec["status"].(string)
	_, initiatedText := rec["initiatedby"].(string)
	switch {
	case has("auditdata"):
		return "unified_audit_log", "flat", ""
	case has("creationtime") && has("operation") && (has("workload") || has("recordtype")):
		return "unified_audit_log", "wrap", ""
	case has("officeworkload") && has("operation"):
		return "log_analytics_office_activity", "wrap", ""
	case has("riskeventtype") || has("risktype") && has("detecteddatetime"):
		return "graph_risk_detections", "", ""
	case has("risklastupdateddatetime"):
		return "graph_risky_users", "", ""
	case has("createddatetime") && (statusText || has("locationdetails") || has("resulttype")):
		return "log_analytics_signins", "flat", ""
	case has("createddatetime") && (has("userprincipalname") || has("appid") || has("status") || has("ipaddress")):
		return "graph_signins", "", ""
	case has("activitydatetime") && (initiatedText || has("operationname")):
		return "log_analytics_audit", "flat", ""
	case has("activitydatetime") && has("activitydisplayname"):
		return "graph_directory_audits", "", ""
	}
	return "", "", "JSON records are not an export entrarisk reads (the first has " + describeKeys(rec) + ")"
}

func describeKeys(rec map[string]any) string {
	keys := make([]string, 0, len(rec))
	for k := range rec {
		if !strings.HasPrefix(k, "_") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return "no members"
	}
	if len(keys) > 8 {
		keys = append(keys[:8], "…")
	}
	return "members " + strings.Join(keys, ", ")
}

// normHeader folds a CSV header name for matching: lower case, single spaces, trimmed.
func normHeader(h string) string {
	return strings.Join(strings.Fields(strings.ToLower(h)), " ")
}

// sniffCSV reads a CSV header and decides which format it is.
func sniffCSV(src *source, head []byte, formats map[string]*format) (*source, error) {
	firstLine, _, _ := bytes.Cut(head, []byte{'\n'})
	src.delim = guessDelimiter(firstLine)
	cr := csv.NewReader(bytes.NewReader(head))
	cr.Comma = src.delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, reject(1, "neither JSON nor a CSV header: %v", err)
	}
	if len(header) < 2 {
		return nil, reject(1, "neither JSON nor a CSV header (the first line has one field: %.60q)", header[0])
	}
	set := map[string]bool{}
	for _, h := range header {
		set[normHeader(h)] = true
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if set[n] {
				return true
			}
		}
		return false
	}
	timeCols := func(names ...string) error {
		if has(names...) {
			return nil
		}
		return reject(1, "no time column (%s): this looks like a query result, not a full export", strings.Join(names, ", "))
	}
	var name string
	switch {
	case has("date (utc)", "date") && has("request id") && has("sign-in error code", "status"):
		name = "portal_signins_csv"
	case has("request id") && has("authentication method") && has("succeeded", "result detail"):
		name = "portal_auth_details_csv"
	case has("date (utc)", "date") && has("activity") && has("actortype", "actoruserprincipalname", "target1type"):
		name = "portal_audit_csv"
	case has("auditdata") && has("creationdate", "recordid", "createddatetime"):
		// Purview's audit search, Search-UnifiedAuditLog (Get-UAL), and Get-UALGraph's
		// camelCase columns (auditData written compact or indented over lines).
		name = "unified_audit_log"
	case has("creationtime") && has("operation") && has("id") && has("recordtype", "workload"):
		// Get-UAL -AuditDataOnly -Output CSV: the AuditData members as columns, the header
		// from the first record only (later records lose what it lacked) and every array as
		// System.Object[]. What was lost cannot be read back.
		return nil, reject(1, "this is Microsoft-Extractor-Suite's Get-UAL -AuditDataOnly -Output CSV, which keeps only the first record's fields and writes arrays as System.Object[]: collect with Get-UAL -AuditDataOnly -Output JSONL (or Get-UAL -Output JSONL, or plain Get-UAL's CSV with its AuditData column)")
	case has("risklastupdateddatetime") && has("risklevel") && has("id", "userprincipalname"):
		name = "extractor_risky_users_csv"
	case has("riskeventtype") && has("detecteddatetime", "activitydatetime") && has("id", "requestid"):
		name = "extractor_risk_detections_csv"
	case has("userprincipalname", "serviceprincipalid") && has("resulttype") && has("id") && has("createddatetime [utc]", "createddatetime", "timegenerated [utc]", "timegenerated", "authenticationdetails"):
		name = "log_analytics_signins"
	case has("operationname") && has("initiatedby", "activitydisplayname") && has("targetresources", "initiatedby"):
		if err := timeCols("activitydatetime [utc]", "activitydatetime", "timegenerated [utc]", "timegenerated"); err != nil {
			return nil, err
		}
		name = "log_analytics_audit"
	case has("operation") && (has("officeworkload") || has("recordtype") && has("officeid")):
		if err := timeCols("timegenerated [utc]", "timegenerated", "creationtime", "start_time [utc]", "elevationtime [utc]"); err != nil {
			return nil, err
		}
		name = "log_analytics_office_activity"
	case has("detection type", "risk event type", "risk type") && has("risk level"):
		name = "portal_risk_detections_csv"
	case has("risk level") && has("risk state") && has("risk last updated", "risk last updated (utc)", "last updated", "last updated (utc)"):
		name = "portal_risky_users_csv"
	default:
		shown := header
		if len(shown) > 6 {
			shown = shown[:6]
		}
		return nil, reject(1, "CSV header matches no export entrarisk reads (it begins %s)", strings.Join(quoteAll(shown), ", "))
	}
	src.csv = true
	src.header = header
	src.name = name
	src.format = formats[name]
	if src.format == nil {
		return nil, fmt.Errorf("format %s is not defined", name)
	}
	return src, nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%.40q", s)
	}
	return out
}

// guessDelimiter picks the separator that splits the header line most, outside quotes.
func guessDelimiter(line []byte) rune {
	counts := map[rune]int{',': 0, ';': 0, '\t': 0}
	inQuote := false
	for _, c := range string(line) {
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if _, ok := counts[c]; ok && !inQuote {
			counts[c]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}
