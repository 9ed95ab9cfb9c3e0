package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// entrarisk runs the command in-process, as a user would from a shell.
func entrarisk(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errs := entrarisk(t, context.Background(), args...)
	if code != 0 {
		t.Fatalf("entrarisk %s: got exit %d; want 0\n%s", strings.Join(args, " "), code, errs)
	}
	return out, errs
}

// fixtures copies the ingest package's export fixtures into a fresh folder.
func fixtures(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "exports")
	if err := os.CopyFS(dir, os.DirFS("../../ingest/testdata/formats")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// The main job over exports with one bad file among them: the good files load, the bad
// one is named with its reason, the report set is written, and the exit status is 3.
func TestRunRejectedInputExit3(t *testing.T) {
	dir := t.TempDir()
	in := fixtures(t)
	if err := os.WriteFile(filepath.Join(in, "truncated.json"), []byte(`{"value":[{"id":"x","createdDateTime":`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "tenant.duckdb")
	out := filepath.Join(dir, "reports")
	code, _, stderr := entrarisk(t, context.Background(), "run", "--db", db, "--out", out, in)
	if code != exitRejected {
		t.Fatalf("got exit %d; want 3\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "rejected "+filepath.Join(in, "truncated.json")+":1: unexpected end of input") {
		t.Errorf("stderr does not name the bad file with its line and reason:\n%s", stderr)
	}
	for _, name := range []string{"report.xlsx", "flagged_users.csv", "risky_signins.csv", "detections.csv", "audit_findings.csv", "manifest.json", "remediation.ps1"} {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: got mode %v; want 0600 (the reports hold personal data)", name, fi.Mode().Perm())
		}
	}
	heads := map[string]string{
		"flagged_users.csv":  "user_principal_name,risk_level,risk_state,risk_score,detections,first_seen,last_seen,recommended_actions",
		"risky_signins.csv":  "created_at,user_principal_name,ip_address,location,status,error_code,app,client_app,user_agent,risk_level,rule_ids,request_id",
		"detections.csv":     "detection_id,rule_id,rule_name,severity,user_principal_name,ip_address,first_seen,last_seen,event_count,state,evidence",
		"audit_findings.csv": "activity_time,rule_id,severity,actor,target,activity,details,source",
	}
	for name, want := range heads {
		rows := readCSV(t, filepath.Join(out, name))
		if got := strings.Join(rows[0], ","); !strings.HasPrefix(got, want) {
			t.Errorf("%s header: got %s; want it to start with %s", name, got, want)
		}
	}
	// The fixtures hold megan.bowen's risky sign-in, the role she gave, and her
	// forwarding rule: she is flagged, and the forwarding is an audit finding.
	users := readCSV(t, filepath.Join(out, "flagged_users.csv"))
	found := false
	for _, r := range users[1:] {
		if r[0] == "megan.bowen@contoso.com" {
			found = true
			if r[1] != "high" {
				t.Errorf("megan.bowen: got risk level %s; want high (Microsoft's high risk, a role given, external forwarding)", r[1])
			}
		}
	}
	if !found {
		t.Errorf("megan.bowen@contoso.com is not among the flagged users: %v", users)
	}
	findings := readCSV(t, filepath.Join(out, "audit_findings.csv"))
	var rules []string
	for _, r := range findings[1:] {
		rules = append(rules, r[1])
	}
	for _, want := range []string{"inbox_forwarding_external", "mailbox_forwarding_external", "privileged_role_assigned"} {
		if !slices.Contains(rules, want) {
			t.Errorf("audit findings: got rules %v; want %s among them", rules, want)
		}
	}
	var m struct {
		Inputs []struct {
			Path, SHA256, Status string
		} `json:"inputs"`
		Outputs []struct {
			Name, SHA256 string
		} `json:"outputs"`
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if len(m.Inputs) < 20 || len(m.Outputs) < 6 {
		t.Errorf("manifest: got %d inputs and %d outputs; want every input and output listed", len(m.Inputs), len(m.Outputs))
	}
}

// Exit codes: usage mistakes are 2, a store that cannot be opened is 1.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	notADir := filepath.Join(dir, "file")
	os.WriteFile(notADir, []byte("x"), 0o600)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{}, exitUsage, "usage: entrarisk COMMAND"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"ingest", "--db", filepath.Join(dir, "a.duckdb")}, exitUsage, "give at least one file or folder"},
		{[]string{"ingest", "--no-such-flag", "x"}, exitUsage, "unknown flag: --no-such-flag"},
		{[]string{"triage", "shrug", "--db", filepath.Join(dir, "a.duckdb"), "--user", "a@b.c"}, exitUsage, "shrug"},
		{[]string{"report", "--db", filepath.Join(dir, "a.duckdb"), "--tz", "Mars/Olympus"}, exitUsage, `unknown time zone`},
		{[]string{"analyze", "--db", filepath.Join(dir, "a.duckdb"), "--since", "yesterday-ish"}, exitUsage, "is not a time"},
		{[]string{"analyze", "--db", filepath.Join(dir, "a.duckdb"), "--disable", "no_such_rule"}, exitUsage, "no such rule"},
		{[]string{"ingest", "--db", filepath.Join(dir, "a.duckdb"), filepath.Join(dir, "missing")}, exitFailure, "no such file"},
		{[]string{"ingest", "--db", filepath.Join(notADir, "s.duckdb"), dir}, exitFailure, "open store"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := entrarisk(t, context.Background(), tt.args...)
			if code != tt.code {
				t.Errorf("got exit %d; want %d\n%s%s", code, tt.code, out, errs)
			}
			if !strings.Contains(out+errs, tt.msg) {
				t.Errorf("got output\n%s%s\nwant it to mention %q", out, errs, tt.msg)
			}
		})
	}
}

// Same store, same CSV bytes; the run's times live in manifest.json only.
func TestReportDeterministic(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	mustRun(t, "ingest", "-q", "--db", db, fixtures(t))
	mustRun(t, "analyze", "--db", db)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustRun(t, "report", "--db", db, "--out", a)
	time.Sleep(1100 * time.Millisecond)
	mustRun(t, "report", "--db", db, "--out", b)
	for _, name := range []string{"flagged_users.csv", "risky_signins.csv", "detections.csv", "audit_findings.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two reports of the same store (%d and %d bytes)", name, len(x), len(y))
		}
	}
}

// A decision outlasts the next ingest and analyze, and shows in the reports.
func TestTriageSticks(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	in := fixtures(t)
	mustRun(t, "run", "-q", "--db", db, "--out", filepath.Join(dir, "r1"), in)
	rows := readCSV(t, filepath.Join(dir, "r1", "detections.csv"))
	var id string
	for _, r := range rows[1:] {
		if r[1] == "inbox_forwarding_external" {
			id = r[0]
		}
	}
	if id == "" {
		t.Fatalf("no inbox_forwarding_external detection to triage in %v", rows)
	}
	_, errs := mustRun(t, "triage", "false-positive", "--db", db, "--detection", id, "--note", "the CFO's own archive", "--analyst", "ana")
	if !strings.Contains(errs, "false-positive") {
		t.Errorf("triage said %q; want it to confirm the decision", errs)
	}
	mustRun(t, "run", "-q", "--reload", "--db", db, "--out", filepath.Join(dir, "r2"), in)
	rows = readCSV(t, filepath.Join(dir, "r2", "detections.csv"))
	for _, r := range rows[1:] {
		if r[0] == id && r[9] != "confirmedSafe" {
			t.Errorf("detection %s: got state %s after re-ingest and analyze; want confirmedSafe", id, r[9])
		}
	}
	out, _ := mustRun(t, "query", "--db", db, "--format", "json", "SELECT action, analyst, note FROM triage")
	if !strings.Contains(out, `"note":"the CFO's own archive"`) || !strings.Contains(out, `"analyst":"ana"`) {
		t.Errorf("triage table: got %s; want the decision with who and why", out)
	}
}

// rules lists exactly the rule ids of CONTRACT.md.
func TestRulesListed(t *testing.T) {
	out, _ := mustRun(t, "rules", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0])
	}
	want := []string{"app_credential_added", "brute_force", "bulk_download", "conditional_access_changed", "consent_grant_risky", "device_code_phishing",
		"disabled_account", "distributed_password_cracking", "federation_changed", "impossible_travel", "inbox_forwarding_external",
		"inbox_rule_hiding", "legacy_auth", "mail_bulk_access", "mailbox_delegate_added", "mailbox_forwarding_external", "mfa_denied_fraud", "mfa_fatigue", "mfa_method_registered",
		"microsoft_risk", "new_asn_privileged", "new_country", "password_spray", "privileged_role_assigned", "ropc_user_agent", "threat_intel_ip"}
	// Second round, sign-ins.
	want = append(want, "session_replay", "spray_campaign", "unfamiliar_sign_in_properties")
	// Second round, workload identities and directory persistence.
	want = append(want, "app_permission_granted", "security_info_removed", "sp_credential_then_use", "sp_new_network", "temporary_access_pass")
	slices.Sort(want)
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Errorf("got rules %v; want %v", ids, want)
	}
}

// query is read-only and prints CSV and JSON for scripts.
func TestQuery(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	mustRun(t, "ingest", "-q", "--db", db, fixtures(t))
	out, _ := mustRun(t, "query", "--db", db, "--format", "csv", "SELECT user_principal_name, error_code FROM signins ORDER BY id")
	if want := "user_principal_name,error_code\nadele.vance@contoso.com,0\nlee.gu@contoso.com,50126\nmegan.bowen@contoso.com,500121\nadele.vance@contoso.com,0\n"; out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	code, _, errs := entrarisk(t, context.Background(), "query", "--db", db, "DELETE FROM signins")
	if code == 0 || !strings.Contains(errs, "read-only") {
		t.Errorf("DELETE through query: got exit %d (%s); want it refused as read-only", code, errs)
	}
}

// run --config runs a job of the jobs file once, into a run folder, and moves latest.
func TestRunConfigJob(t *testing.T) {
	dir := t.TempDir()
	in := fixtures(t)
	cfg := filepath.Join(dir, "jobs.yaml")
	os.WriteFile(cfg, []byte(`tenant: {name: Contoso, domains: [contoso.com]}
rules:
  legacy_auth: {enabled: false}
jobs:
  - name: nightly
    cron: "0 2 * * *"
    inputs: [`+in+`]
    db: tenant.duckdb
    out: reports
    period: all
    keep_reports: 2
`), 0o600)
	mustRun(t, "run", "--config", cfg, "--job", "nightly")
	latest, err := os.Readlink(filepath.Join(dir, "reports", "latest"))
	if err != nil {
		t.Fatalf("no latest pointer: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", latest, "report.xlsx")); err != nil {
		t.Errorf("latest points at %s, which has no report: %v", latest, err)
	}
	os.WriteFile(cfg+".bad", []byte("jobs:\n  - name: nightly\n    cron: \"0 2 * *\"\n    inputs: [x]\n    db: d\n    out: o\n"), 0o600)
	code, _, errs := entrarisk(t, context.Background(), "run", "--config", cfg+".bad")
	if code != exitUsage || !strings.Contains(errs, `jobs.yaml.bad:3: job "nightly": cron`) {
		t.Errorf("a bad cron spec: got exit %d, %q; want 2 naming the file, line, job and key", code, errs)
	}
	os.WriteFile(cfg+".rule", []byte("rules:\n  password_spray: {min_user: 5}\njobs:\n  - name: n\n    inputs: [x]\n    db: d\n    out: o\n"), 0o600)
	code, _, errs = entrarisk(t, context.Background(), "run", "--config", cfg+".rule")
	if code != exitUsage || !strings.Contains(errs, "jobs.yaml.rule:2") || !strings.Contains(errs, "rules.password_spray.min_user") {
		t.Errorf("an unknown rule setting: got exit %d, %q; want 2 naming the line and key", code, errs)
	}
}

// schedule runs its job on the spec and stops cleanly, exit 0, when told to.
func TestScheduleStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	in := fixtures(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"schedule", "--cron", "@every 1s", "--db", filepath.Join(dir, "s.duckdb"), "--out", filepath.Join(dir, "out"), "--period", "all", in}, &bytes.Buffer{}, &errb)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Readlink(filepath.Join(dir, "out", "latest")); err == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("got exit %d after a clean stop; want 0\n%s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the scheduler did not stop within 30 s of being told to")
	}
	if _, err := os.Readlink(filepath.Join(dir, "out", "latest")); err != nil {
		t.Errorf("no run completed: %v\n%s", err, errb.String())
	}
	if !strings.Contains(errb.String(), "run finished") {
		t.Errorf("no run line in the log:\n%s", errb.String())
	}
}

// A first-time user runs entrarisk run with nothing else and gets a report over the demo.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads a demo tenant")
	}
	t.Chdir(t.TempDir())
	_, errs := mustRun(t, "run")
	for _, want := range []string{"demo:", "rows added", "flagged users", "entrarisk-demo/reports"} {
		if !strings.Contains(errs, want) {
			t.Errorf("demo output lacks %q:\n%s", want, errs)
		}
	}
	users := readCSV(t, filepath.Join("entrarisk-demo", "reports", "flagged_users.csv"))
	high := 0
	for _, r := range users[1:] {
		if r[1] == "high" {
			high++
		}
	}
	if high == 0 {
		t.Errorf("the demo flags no user high; its planted compromise chain should be")
	}
}

// A run keeps its history as Parquet, and analyze reads only the period's days from it.
func TestHistory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	hist := filepath.Join(dir, "history")
	mustRun(t, "run", "-q", "--db", db, "--out", filepath.Join(dir, "r"), "--history", hist, fixtures(t))
	if _, err := os.Stat(filepath.Join(hist, "signins", "date=2026-10-05", "data_0.parquet")); err != nil {
		t.Fatalf("the run wrote no history: %v", err)
	}
	// A second store, empty but for what analyze writes, reads the history.
	other := filepath.Join(dir, "other.duckdb")
	mustRun(t, "analyze", "--db", other, "--history", hist, "--since", "2026-10-05", "--until", "2026-10-06")
	out, _ := mustRun(t, "query", "--db", other, "--format", "csv", "SELECT count(*) FROM detections WHERE rule_id = 'microsoft_risk'")
	if out != "count_star()\n2\n" && out != "count_star()\n1\n" {
		t.Errorf("detections from the history: got %q; want Microsoft's risk found", out)
	}
	mustRun(t, "analyze", "--db", other, "--history", hist, "--since", "2026-11-01", "--until", "2026-11-02")
	out, _ = mustRun(t, "query", "--db", other, "--format", "csv", "SELECT count(*) FROM detections")
	if out != "count_star()\n0\n" {
		t.Errorf("a period with no history: got %q; want no detections", out)
	}
	code, _, errs := entrarisk(t, context.Background(), "analyze", "--db", other, "--history", filepath.Join(dir, "nowhere"))
	if code != exitFailure || !strings.Contains(errs, "history") {
		t.Errorf("a missing history: got exit %d (%s); want 1 naming it", code, errs)
	}
}

// What responders' collectors write (issue 13): Get-UAL -AuditDataOnly -Output CSV is refused
// with exit 3 and a message naming the collector's JSONL option; a risk detections CSV whose
// culture dates give no evidence loads, with a warning on stderr that names the file and
// the assumption; a day-first one loads without a word.
func TestIngestCollectorRefusalAndDateWarning(t *testing.T) {
	src := "../../ingest/testdata/collectors/extractor-suite/v3"
	in := filepath.Join(t.TempDir(), "collected")
	for _, f := range []string{
		"UnifiedAuditLog/20260302-AuditDataOnly/UAL-20260302080000-20260302090000.csv",
		"RiskyEvents/20260323-RiskyEvents_no-evidence.csv",
		"RiskyEvents/20260323-RiskyEvents_en-GB.csv",
	} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(in, f)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "tenant.duckdb")
	code, _, stderr := entrarisk(t, context.Background(), "ingest", "--db", db, in)
	if code != exitRejected {
		t.Fatalf("got exit %d; want 3\n%s", code, stderr)
	}
	refused := "rejected " + filepath.Join(in, "UnifiedAuditLog/20260302-AuditDataOnly/UAL-20260302080000-20260302090000.csv") + ":1: "
	if !strings.Contains(stderr, refused) || !strings.Contains(stderr, "Get-UAL -AuditDataOnly -Output JSONL") {
		t.Errorf("stderr does not refuse the -AuditDataOnly CSV naming -Output JSONL:\n%s", stderr)
	}
	warning := "warning: " + filepath.Join(in, "RiskyEvents/20260323-RiskyEvents_no-evidence.csv") + ": dates read month first"
	if !strings.Contains(stderr, warning) || !strings.Contains(stderr, "month first (en-US) assumed") {
		t.Errorf("stderr does not warn of the assumed month-first dates:\n%s", stderr)
	}
	if strings.Contains(stderr, "RiskyEvents_en-GB.csv") {
		t.Errorf("stderr names the en-GB file, which the clock decides:\n%s", stderr)
	}
	if n := strings.Count(stderr, "warning:"); n != 1 {
		t.Errorf("%d warnings; want 1:\n%s", n, stderr)
	}
	out, _ := mustRun(t, "query", "--db", db, "--format", "csv",
		"SELECT count(*) AS n FROM ingest_files WHERE status = 'loaded' AND target_table = 'risk_detections' AND rows_read = 4")
	if strings.TrimSpace(out) != "n\n2" {
		t.Errorf("loaded risk detection files: %q; want both CSVs with their 4 records", out)
	}
}
