package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// complianceFiles are the files of the compliance export set (CONTRACT.md).
var complianceFiles = []string{"compliance.xlsx", "mfa_coverage.csv", "legacy_auth.csv", "conditional_access.csv",
	"sensitive_operations.csv", "privileged_roles.csv", "mfa_prompts.csv", "manifest.json"}

func checkComplianceSet(t *testing.T, dir string) {
	t.Helper()
	for _, name := range complianceFiles {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v; want 0600", name, fi.Mode().Perm())
		}
	}
}

// entrarisk compliance over a store: the set for the period, exit 0; and run --compliance
// writes the same set beside the report set.
func TestComplianceCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	out := filepath.Join(dir, "reports")
	_, errs := mustRun(t, "run", "--compliance", "--db", db, "--out", out, fixtures(t))
	checkComplianceSet(t, filepath.Join(out, "compliance"))
	if !strings.Contains(errs, "compliance: ") {
		t.Errorf("run --compliance says nothing of the compliance set:\n%s", errs)
	}
	q := filepath.Join(dir, "q3")
	_, errs = mustRun(t, "compliance", "--db", db, "--out", q, "--since", "2020-01-01", "--until", "2030-01-01", "--tz", "Europe/Berlin")
	checkComplianceSet(t, q)
	if !strings.Contains(errs, "users in MFA coverage") {
		t.Errorf("compliance prints no summary:\n%s", errs)
	}
	a, _ := os.ReadFile(filepath.Join(out, "compliance", "mfa_coverage.csv"))
	rows := readCSV(t, filepath.Join(q, "mfa_coverage.csv"))
	if len(rows) < 2 || len(a) == 0 {
		t.Errorf("mfa_coverage.csv has %d rows; want the fixtures' users", len(rows))
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"compliance", "--db", db, "extra"}, exitUsage, "takes no arguments"},
		{[]string{"compliance", "--db", db, "--since", "last quarter"}, exitUsage, "is not a time"},
		{[]string{"compliance", "--db", db, "--since", "2026-10-02", "--until", "2026-10-01"}, exitUsage, "is not before"},
		{[]string{"compliance", "--db", db, "--tz", "Mars/Olympus"}, exitUsage, "unknown time zone"},
		{[]string{"compliance", "--db", filepath.Join(dir, "missing.duckdb"), "--out", filepath.Join(dir, "x")}, exitFailure, "missing.duckdb"},
	} {
		code, stdout, stderr := entrarisk(t, context.Background(), tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.msg) {
			t.Errorf("entrarisk %s: got exit %d, %q; want %d mentioning %q", strings.Join(tt.args, " "), code, stdout+stderr, tt.code, tt.msg)
		}
	}
}

// A job with compliance: true writes the compliance set into its run folder; a mistake in
// the option names the file, the line, the job and the key.
func TestRunConfigJobCompliance(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "jobs.yaml")
	os.WriteFile(cfg, []byte(`privileged_roles: [Global Administrator]
jobs:
  - name: quarterly
    inputs: [`+fixtures(t)+`]
    db: tenant.duckdb
    out: reports
    period: all
    compliance: true
`), 0o600)
	mustRun(t, "run", "--config", cfg, "--job", "quarterly")
	latest, err := os.Readlink(filepath.Join(dir, "reports", "latest"))
	if err != nil {
		t.Fatalf("no latest pointer: %v", err)
	}
	run := filepath.Join(dir, "reports", latest)
	checkComplianceSet(t, filepath.Join(run, "compliance"))
	m, _ := os.ReadFile(filepath.Join(run, "compliance", "manifest.json"))
	if !strings.Contains(string(m), `"privileged_roles": [
      "global administrator"
    ]`) {
		t.Errorf("the compliance manifest does not use the configured privileged roles:\n%s", m)
	}
	os.WriteFile(cfg+".bad", []byte("jobs:\n  - name: quarterly\n    inputs: [x]\n    db: d\n    out: o\n    compliance: quarterly\n"), 0o600)
	code, _, errs := entrarisk(t, context.Background(), "run", "--config", cfg+".bad")
	if code != exitUsage || !strings.Contains(errs, `jobs.yaml.bad:6: job "quarterly": compliance: expected true or false, found "quarterly"`) {
		t.Errorf("a bad compliance option: got exit %d, %q; want 2 naming the file, line, job and key", code, errs)
	}
}
