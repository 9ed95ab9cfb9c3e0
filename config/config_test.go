package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

const fullConfig = `# A tenant with two jobs.
tenant: {name: Contoso, domains: [Contoso.com, contoso.onmicrosoft.com]}
trusted_ips: [203.0.113.0/24, 198.51.100.10]
threat_intel: [192.0.2.66, 198.51.100.0/24]
threat_intel_files: [ti/ips.txt]
privileged_roles: [Global Administrator, Security Administrator]
rules:
  password_spray: {min_users: 5, window_minutes: 20}
  legacy_auth: {enabled: false}
  new_country: false
defaults: &defaults
  db: store/tenant.duckdb
  tz: Europe/Berlin
jobs:
  - name: nightly
    cron: "0 2 * * *"
    inputs: [/srv/exports, exports/extra]
    db: /srv/tenant.duckdb
    out: /srv/reports
    period: last 24h
    formats: [xlsx, csv]
    tz: UTC
    excel_csv: true
    keep_reports: 30
    keep_store: 400d
    summary: text
    compliance: true
    rules:
      password_spray: {min_users: 8}
      legacy_auth: {enabled: true}
      mfa_fatigue: {window_minutes: 30, apps: [Outlook, Teams]}
    trusted_ips: [192.0.2.0/28]
  - name: weekly
    cron: "@weekly"
    inputs: /srv/exports
    db: /srv/tenant.duckdb
    out: reports/weekly
    tenant: {name: Contoso EU}
    privileged_roles: [Global Administrator]
`

// fullConfig has a key the top level does not allow ("defaults") on purpose in one test;
// the valid version drops it.
func validFull() string {
	return strings.Replace(fullConfig, "defaults: &defaults\n  db: store/tenant.duckdb\n  tz: Europe/Berlin\n", "", 1)
}

func writeTI(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "ti"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ti", "ips.txt"), []byte("# feed\n192.0.2.99\n\n2001:db8::/32 # v6\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFull(t *testing.T) {
	dir := t.TempDir()
	writeTI(t, dir)
	path := filepath.Join(dir, "jobs.yaml")
	if err := os.WriteFile(path, []byte(validFull()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := len(cfg.Jobs), 2; got != want {
		t.Fatalf("got %d jobs; want %d", got, want)
	}
	n, err := cfg.Job("nightly")
	if err != nil {
		t.Fatal(err)
	}
	pfx := func(ss ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range ss {
			out = append(out, netip.MustParsePrefix(s))
		}
		return out
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"name", n.Name, "nightly"},
		{"cron", n.Cron, "0 2 * * *"},
		{"inputs", n.Inputs, []string{"/srv/exports", filepath.Join(dir, "exports", "extra")}},
		{"db", n.DB, "/srv/tenant.duckdb"},
		{"out", n.Out, "/srv/reports"},
		{"period", n.Period, "last 24h"},
		{"formats", n.Formats, []string{"xlsx", "csv"}},
		{"tz", n.TZ, "UTC"},
		{"excel_csv", n.ExcelCSV, true},
		{"keep_reports", n.KeepReports, 30},
		{"keep_store", n.KeepStore, 400 * 24 * time.Hour},
		{"summary", n.Summary, "text"},
		{"compliance", n.Compliance, true},
		{"tenant", n.Tenant, Tenant{Name: "Contoso", Domains: []string{"contoso.com", "contoso.onmicrosoft.com"}}},
		{"trusted_ips", n.TrustedIPs, pfx("192.0.2.0/28", "198.51.100.10/32", "203.0.113.0/24")},
		{"threat_intel", n.ThreatIntel, pfx("192.0.2.66/32", "198.51.100.0/24")},
		{"threat_intel_files", n.ThreatIntelFiles, []string{filepath.Join(dir, "ti", "ips.txt")}},
		{"privileged_roles", n.PrivilegedRoles, []string{"Global Administrator", "Security Administrator"}},
		{"line", n.Line, 12},
		{"rule ids", n.Rules.IDs(), []string{"legacy_auth", "mfa_fatigue", "new_country", "password_spray"}},
		{"password_spray settings", n.Rules["password_spray"].Settings, map[string]any{"min_users": 8, "window_minutes": 20}},
		{"legacy_auth enabled", *n.Rules["legacy_auth"].Enabled, true},
		{"new_country enabled", *n.Rules["new_country"].Enabled, false},
		{"mfa_fatigue settings", n.Rules["mfa_fatigue"].Settings, map[string]any{"window_minutes": 30, "apps": []any{"Outlook", "Teams"}}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("nightly %s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
	w, err := cfg.Job("weekly")
	if err != nil {
		t.Fatal(err)
	}
	checks = []struct {
		name      string
		got, want any
	}{
		{"inputs", w.Inputs, []string{"/srv/exports"}},
		{"out", w.Out, filepath.Join(dir, "reports", "weekly")},
		{"period", w.Period, "all"},
		{"formats", w.Formats, []string{"xlsx", "csv"}},
		{"summary", w.Summary, "none"},
		{"compliance", w.Compliance, false},
		{"keep_store", w.KeepStore, time.Duration(0)},
		{"tenant", w.Tenant, Tenant{Name: "Contoso EU"}},
		{"trusted_ips", w.TrustedIPs, pfx("198.51.100.10/32", "203.0.113.0/24")},
		{"privileged_roles", w.PrivilegedRoles, []string{"Global Administrator"}},
		{"password_spray settings", w.Rules["password_spray"].Settings, map[string]any{"min_users": 5, "window_minutes": 20}},
		{"legacy_auth enabled", *w.Rules["legacy_auth"].Enabled, false},
		{"rule ids", w.Rules.IDs(), []string{"legacy_auth", "new_country", "password_spray"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("weekly %s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
	ti, err := n.ThreatIntelIPs()
	if err != nil {
		t.Fatal(err)
	}
	if want := pfx("192.0.2.66/32", "192.0.2.99/32", "198.51.100.0/24", "2001:db8::/32"); !reflect.DeepEqual(ti, want) {
		t.Errorf("ThreatIntelIPs: got %v; want %v", ti, want)
	}
	// The config's own rules are not changed by a job's overrides.
	if got := cfg.Rules["password_spray"].Settings["min_users"]; got != 5 {
		t.Errorf("top-level password_spray.min_users after merging: got %v; want 5", got)
	}
}

func TestParseErrors(t *testing.T) {
	dir := t.TempDir()
	writeTI(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "ti", "bad.txt"), []byte("192.0.2.1\n192.0.2.300\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "jobs.yaml")
	job := func(extra string) string {
		return "jobs:\n  - name: nightly\n    inputs: [/srv/exports]\n    db: /srv/t.duckdb\n    out: /srv/reports\n" + extra
	}
	cases := []struct {
		name, yaml, want string
	}{
		{"cron with four fields", job("    cron: \"0 2 * *\"\n"),
			`jobs.yaml:6: job "nightly": cron: expected 5 to 6 fields, found 4: [0 2 * *]`},
		{"cron with a bad field", job("    cron: \"0 25 * * *\"\n"),
			`jobs.yaml:6: job "nightly": cron: end of range (25) above maximum (23): 25`},
		{"cron every below a second", job("    cron: \"@every 500ms\"\n"),
			`jobs.yaml:6: job "nightly": cron: @every needs whole seconds, at least 1s, not 500ms`},
		{"cron zone without a schedule", job("    cron: CRON_TZ=UTC\n"),
			`jobs.yaml:6: job "nightly": cron: "CRON_TZ=UTC" names a time zone but no schedule`},
		{"unknown job key", job("    inptus: [/x]\n"),
			`jobs.yaml:6: job "nightly": unknown key "inptus" (did you mean "inputs"?)`},
		{"unknown top key", "trusted_ip: [192.0.2.1]\n" + job(""),
			`jobs.yaml:1: unknown key "trusted_ip" (did you mean "trusted_ips"?)`},
		{"unknown key without a near one", job("    colour: blue\n"),
			`jobs.yaml:6: job "nightly": unknown key "colour"`},
		{"unknown tenant key", "tenant: {nmae: Contoso}\n",
			`jobs.yaml:1: tenant: unknown key "nmae" (did you mean "name"?)`},
		{"bad tenant domain", "tenant:\n  name: Contoso\n  domains: [contoso.com, 'not a domain']\n",
			`jobs.yaml:3: tenant.domains[1]: "not a domain" is not a domain name such as contoso.com`},
		{"missing inputs", "jobs:\n  - name: nightly\n    db: /srv/t.duckdb\n    out: /srv/reports\n",
			`jobs.yaml:2: job "nightly": missing key "inputs": every job needs inputs (the export files or folders to read)`},
		{"missing name", "jobs:\n  - inputs: [/srv/exports]\n    db: /srv/t.duckdb\n    out: /srv/reports\n",
			`jobs.yaml:2: job #1: missing key "name": every job needs a name`},
		{"bad name", "jobs:\n  - name: night ly\n    inputs: [/srv/exports]\n    db: /srv/t.duckdb\n    out: /srv/reports\n",
			`jobs.yaml:2: job #1: name: "night ly": use letters, digits, '.', '_' and '-' (at most 64)`},
		{"duplicate job name", job("  - name: nightly\n    inputs: [/srv/exports]\n    db: /srv/t.duckdb\n    out: /srv/reports2\n"),
			`jobs.yaml:6: job "nightly": name: another job has this name (line 2)`},
		{"shared report folder", job("  - name: weekly\n    inputs: [/srv/exports]\n    db: /srv/t.duckdb\n    out: /srv/reports/\n"),
			`jobs.yaml:6: job "weekly": out: /srv/reports is also job "nightly"'s report folder; give each job its own`},
		{"reports inside an input", "jobs:\n  - name: nightly\n    inputs: [/srv/exports]\n    db: /srv/t.duckdb\n    out: /srv/exports/reports\n",
			`jobs.yaml:5: job "nightly": out: /srv/exports/reports is inside input /srv/exports: the reports would be read back as input`},
		{"key given twice", job("    db: /srv/other.duckdb\n"),
			`jobs.yaml:6: job "nightly": db: given twice (first on line 4)`},
		{"unknown time zone", job("    tz: Europe/Berln\n"),
			`jobs.yaml:6: job "nightly": tz: unknown time zone "Europe/Berln" (use an IANA name such as UTC or Europe/Berlin)`},
		{"bad period", job("    period: yesterday\n"),
			`jobs.yaml:6: job "nightly": period: "yesterday" is not a period: use all, last 24h, last 7d, since DATE, until DATE or since DATE until DATE`},
		{"bad period span", job("    period: last 0d\n"),
			`jobs.yaml:6: job "nightly": period: "last 0d": "0d": the number must be above zero and at most 100 years`},
		{"period backwards", job("    period: since 2026-12-01 until 2026-11-01\n"),
			`jobs.yaml:6: job "nightly": period: "since 2026-12-01 until 2026-11-01": since must come before until`},
		{"bad period date", job("    period: since 2026-13-01\n"),
			`jobs.yaml:6: job "nightly": period: since: "2026-13-01" is not a time: use a date (2026-11-01), a date and time (2026-11-01 02:00) or RFC 3339 (2026-11-01T02:00:00Z)`},
		{"keep_store shorter than the period", job("    period: last 7d\n    keep_store: 3d\n"),
			`jobs.yaml:7: job "nightly": keep_store: 3d is shorter than the period (last 7d): the next report would miss rows`},
		{"bad keep_store", job("    keep_store: forever\n"),
			`jobs.yaml:6: job "nightly": keep_store: "forever" is not a span: use a number and a unit, such as 36h, 7d or 12w`},
		{"negative keep_reports", job("    keep_reports: -1\n"),
			`jobs.yaml:6: job "nightly": keep_reports: -1: must be 0 (keep all) or more`},
		{"keep_reports not a number", job("    keep_reports: ten\n"),
			`jobs.yaml:6: job "nightly": keep_reports: expected a whole number, found "ten"`},
		{"bad summary", job("    summary: pdf\n"),
			`jobs.yaml:6: job "nightly": summary: "pdf": use text, html or none`},
		{"bad format", job("    formats: [xlsx, pdf]\n"),
			`jobs.yaml:6: job "nightly": formats[1]: "pdf": use xlsx or csv`},
		{"format twice", job("    formats: [csv, CSV]\n"),
			`jobs.yaml:6: job "nightly": formats[1]: "CSV" is listed twice`},
		{"no formats", job("    formats: []\n"),
			`jobs.yaml:6: job "nightly": formats: empty: name xlsx, csv or both (or leave the key out for both)`},
		{"excel_csv not a bool", job("    excel_csv: yes\n"),
			`jobs.yaml:6: job "nightly": excel_csv: expected true or false, found "yes"`},
		{"compliance not a bool", job("    compliance: quarterly\n"),
			`jobs.yaml:6: job "nightly": compliance: expected true or false, found "quarterly"`},
		{"compliance misspelt", job("    complaince: true\n"),
			`jobs.yaml:6: job "nightly": unknown key "complaince" (did you mean "compliance"?)`},
		{"inputs a mapping", "jobs:\n  - name: nightly\n    inputs: {a: b}\n    db: /srv/t.duckdb\n    out: /srv/reports\n",
			`jobs.yaml:3: job "nightly": inputs: expected a list, found a mapping`},
		{"db a list", "jobs:\n  - name: nightly\n    inputs: [/srv/exports]\n    db: [a, b]\n    out: /srv/reports\n",
			`jobs.yaml:4: job "nightly": db: expected a single value, found a list`},
		{"bad trusted ip", job("    trusted_ips: [192.0.2.0/24, 203.0.113.0/33]\n"),
			`jobs.yaml:6: job "nightly": trusted_ips[1]: "203.0.113.0/33" is not an IP address or CIDR range`},
		{"bad top-level threat intel", "threat_intel:\n  - 192.0.2.1\n  - 123.456.7.89\n",
			`jobs.yaml:3: threat_intel[1]: "123.456.7.89" is not an IP address or CIDR range`},
		{"missing threat intel file", "threat_intel_files: [ti/none.txt]\n",
			`jobs.yaml:1: threat_intel_files[0]: ip list: open ti/none.txt: no such file or directory`},
		{"bad line in a threat intel file", job("    threat_intel_files: [ti/ips.txt, ti/bad.txt]\n"),
			`jobs.yaml:6: job "nightly": threat_intel_files[1]: ti/bad.txt:2: "192.0.2.300" is not an IP address or CIDR range`},
		{"rule enabled not a bool", job("    rules:\n      legacy_auth: {enabled: nope}\n"),
			`jobs.yaml:7: job "nightly": rules.legacy_auth.enabled: expected true or false, found "nope"`},
		{"rule without settings", "rules:\n  legacy_auth:\n",
			`jobs.yaml:2: rules.legacy_auth: no settings: give a mapping such as {enabled: false}, or leave the rule out`},
		{"rule setting without a value", "rules:\n  password_spray:\n    min_users:\n",
			`jobs.yaml:3: rules.password_spray.min_users: no value`},
		{"rules a list", job("    rules: [password_spray]\n"),
			`jobs.yaml:6: job "nightly": rules: expected a mapping of keys and values, found a list`},
		{"jobs a mapping", "jobs:\n  nightly: {}\n",
			`jobs.yaml:2: jobs: expected a list of jobs (each starting with "- name: ..."), found a mapping`},
		{"job a scalar", "jobs:\n  - nightly\n",
			`jobs.yaml:2: job #1: expected a mapping of keys and values, found "nightly"`},
		{"top level a list", "- name: nightly\n",
			`jobs.yaml:1: expected a mapping of keys and values, found a list`},
		{"not YAML", "tenant: {name: Contoso}\ntrusted_ips: [192.0.2.1]\njobs\nrules: {}\n",
			`jobs.yaml:3: not valid YAML: could not find expected ':'`},
		{"tab indentation", "jobs:\n\t- name: nightly\n",
			`jobs.yaml:2: not valid YAML: found character that cannot start any token`},
		{"a merge key that brings in its own mapping", "jobs:\n  - &x\n    name: n\n    inputs: [/a]\n    db: /a.duckdb\n    out: /r\n    <<: *x\n",
			`jobs.yaml:2: job "n": a merge key (<<) brings in the mapping it is part of`},
		{"a job list merged into its own job", "jobs: &j\n  - <<: *j\n    name: n\n    inputs: [/a]\n    db: /a.duckdb\n    out: /r\n",
			`jobs.yaml:2: job "n": a merge key (<<) brings in the mapping it is part of`},
		{"a rule setting that holds itself", "rules: {x: &a {y: *a}}\n",
			`jobs.yaml:1: rules.x.y: anchor 'a' value contains itself`},
		{"an alias bomb", aliasBomb(), "jobs.yaml:1: unknown key \"l0\"\njobs.yaml:1: job #1: more than 100000 keys, counting merged copies: too many aliases\n" +
			"jobs.yaml:2: unknown key \"l1\"\njobs.yaml:3: unknown key \"l2\"\njobs.yaml:4: unknown key \"l3\"\njobs.yaml:5: unknown key \"l4\"\njobs.yaml:6: unknown key \"l5\""},
		{"many mistakes", strings.Repeat("x: 1\n", 1) + "jobs:\n" + strings.Repeat("  - {name: a}\n", 30),
			"71 more mistakes not shown"},
		{"empty file", "# nothing yet\n", `jobs.yaml: the file is empty`},
		{"two documents", "tenant: {name: A}\n---\ntenant: {name: B}\n",
			`jobs.yaml:2: a second YAML document: keep everything in one (no ---)`},
		{"several mistakes, in line order", job("    keep_reports: x\n    summary: pdf\n") + "rules: {a: {enabled: 1}}\n",
			`jobs.yaml:6: job "nightly": keep_reports: expected a whole number, found "x"` + "\n" +
				`jobs.yaml:7: job "nightly": summary: "pdf": use text, html or none` + "\n" +
				`jobs.yaml:8: rules.a.enabled: expected true or false, found "1"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse(file, []byte(c.yaml))
			if err == nil {
				t.Fatalf("got no error (config %+v); want %s", cfg, c.want)
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if strings.HasPrefix(c.name, "many") {
				got = got[strings.LastIndex(got, ": ")+2:]
			}
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("got %T; want an error holding *config.Error", err)
			}
		})
	}
}

// aliasBomb is a jobs file whose one job merges ten copies of a mapping that merges ten
// copies of ... six levels down: a million keys from a few hundred bytes.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("l0: &l0 {name: n}\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "l%d: &l%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	b.WriteString("jobs:\n  - <<: [" + strings.TrimSuffix(strings.Repeat("*l5, ", 10), ", ") + "]\n")
	return b.String()
}

func TestRuleErrorf(t *testing.T) {
	yaml := `rules:
  password_spray:
    min_users: 5
    window_minutes: 20
jobs:
  - name: nightly
    inputs: [/srv/exports]
    db: /srv/t.duckdb
    out: /srv/reports
    rules:
      password_spray:
        min_users: 1
      brute_force: {enabled: true}
`
	cfg, err := Parse("jobs.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	j, _ := cfg.Job("nightly")
	cases := []struct {
		name     string
		rules    Rules
		id, key  string
		wantText string
	}{
		{"job override", j.Rules, "password_spray", "min_users", `jobs.yaml:12: job "nightly": rules.password_spray.min_users: must be at least 2`},
		{"inherited setting", j.Rules, "password_spray", "window_minutes", `jobs.yaml:4: rules.password_spray.window_minutes: must be at least 2`},
		{"rule added by the job", j.Rules, "brute_force", "", `jobs.yaml:13: job "nightly": rules.brute_force: must be at least 2`},
		{"unknown key falls back to the rule", j.Rules, "brute_force", "treshold", `jobs.yaml:13: job "nightly": rules.brute_force.treshold: must be at least 2`},
		{"top level", cfg.Rules, "password_spray", "min_users", `jobs.yaml:3: rules.password_spray.min_users: must be at least 2`},
		{"built by hand", Rules{"x": {}}, "x", "y", `rules.x.y: must be at least 2`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.rules[c.id].Errorf(c.id, c.key, "must be at least %d", 2).Error(); got != c.wantText {
				t.Errorf("got  %s\nwant %s", got, c.wantText)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	f, tr := false, true
	base := Rules{"a": {Enabled: &f, Settings: map[string]any{"x": 1, "y": 2}}, "b": {Settings: map[string]any{"z": 3}}}
	over := Rules{"a": {Enabled: &tr, Settings: map[string]any{"y": 20}}, "c": {Enabled: &f}}
	got := base.Merge(over)
	want := Rules{
		"a": {Enabled: &tr, Settings: map[string]any{"x": 1, "y": 20}},
		"b": {Settings: map[string]any{"z": 3}},
		"c": {Enabled: &f},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v; want %#v", got, want)
	}
	if *base["a"].Enabled || base["a"].Settings["y"] != 2 {
		t.Errorf("base changed by Merge: %#v", base["a"])
	}
	if got := Rules(nil).Merge(nil); got != nil {
		t.Errorf("nil.Merge(nil): got %#v; want nil", got)
	}
}

func TestYAMLAnchorsAndMergeKeys(t *testing.T) {
	yaml := `jobs:
  - &base
    name: nightly
    inputs: [/srv/exports]
    db: /srv/t.duckdb
    out: /srv/reports/nightly
    period: last 24h
  - <<: *base
    name: weekly
    out: /srv/reports/weekly
    period: last 7d
`
	cfg, err := Parse("jobs.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	w, err := cfg.Job("weekly")
	if err != nil {
		t.Fatal(err)
	}
	if w.DB != "/srv/t.duckdb" || w.Period != "last 7d" || w.Out != "/srv/reports/weekly" || !reflect.DeepEqual(w.Inputs, []string{"/srv/exports"}) {
		t.Errorf("weekly: got db %q, period %q, out %q, inputs %v; want the base's db and inputs with its own period and out", w.DB, w.Period, w.Out, w.Inputs)
	}
}

func TestJob(t *testing.T) {
	two := "jobs:\n" +
		"  - {name: nightly, inputs: [/a], db: /a.duckdb, out: /r1}\n" +
		"  - {name: weekly, inputs: [/a], db: /a.duckdb, out: /r2}\n"
	one := "jobs:\n  - {name: nightly, inputs: [/a], db: /a.duckdb, out: /r1}\n"
	cases := []struct {
		name, yaml, job, want, wantErr string
	}{
		{"by name", two, "weekly", "weekly", ""},
		{"the only job", one, "", "nightly", ""},
		{"several jobs, none named", two, "", "", "jobs.yaml: 2 jobs; name one of: nightly, weekly"},
		{"a typo", two, "nightyl", "", `jobs.yaml: no job "nightyl" (did you mean "nightly"?); the jobs are: nightly, weekly`},
		{"no jobs", "tenant: {name: A}\n", "x", "", `jobs.yaml: no job "x"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse("jobs.yaml", []byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			j, err := cfg.Job(c.job)
			if c.wantErr != "" {
				if err == nil || err.Error() != c.wantErr {
					t.Errorf("got error %v; want %s", err, c.wantErr)
				}
				return
			}
			if err != nil || j.Name != c.want {
				t.Errorf("got %q, %v; want %q", j.Name, err, c.want)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	u := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t.UTC()
	}
	cases := []struct {
		spec         string
		now          time.Time
		since, until time.Time
		wantErr      string
	}{
		{"all", now, time.Time{}, time.Time{}, ""},
		{"", now, time.Time{}, time.Time{}, ""},
		{"last 24h", now, u("2026-11-24T02:00:00Z"), now, ""},
		{"Last  7d", now, u("2026-11-18T02:00:00Z"), now, ""},
		{"last 2w", now, u("2026-11-11T02:00:00Z"), now, ""},
		{"last 90m", now, u("2026-11-25T00:30:00Z"), now, ""},
		{"last 3 days", now, u("2026-11-22T02:00:00Z"), now, ""},
		{"since 2026-11-01", now, u("2026-11-01T00:00:00Z"), time.Time{}, ""},
		{"until 2026-11-01", now, time.Time{}, u("2026-11-02T00:00:00Z"), ""},
		{"since 2026-11-01 until 2026-11-30", now, u("2026-11-01T00:00:00Z"), u("2026-12-01T00:00:00Z"), ""},
		{"since 2026-11-01T06:00:00+02:00 until 2026-11-01 12:00", now, u("2026-11-01T04:00:00Z"), u("2026-11-01T12:00:00Z"), ""},
		{"since 2026-11-01", now.In(berlin), u("2026-10-31T23:00:00Z"), time.Time{}, ""},
		{"last", now, time.Time{}, time.Time{}, `"last" is not a period`},
		{"last 5y", now, time.Time{}, time.Time{}, `"last 5y": "5y" is not a span`},
		{"since 2026-11-01 until", now, time.Time{}, time.Time{}, `since: "2026-11-01 until" is not a time`},
		{"until 2026-11-01 since 2026-10-01", now, time.Time{}, time.Time{}, `until: "2026-11-01 since 2026-10-01" is not a time`},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			since, until, err := ParsePeriod(c.spec, c.now)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got error %v; want one containing %s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !since.Equal(c.since) || !until.Equal(c.until) {
				t.Errorf("got %v .. %v; want %v .. %v", since, until, c.since, c.until)
			}
		})
	}
}

func TestParseSinceUntil(t *testing.T) {
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	cases := []struct {
		value       string
		since, till string
	}{
		{"2026-11-20", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"},
		{"2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z"},
		{"2026-11-20T10:00:00.5-05:00", "2026-11-20T15:00:00.5Z", "2026-11-20T15:00:00.5Z"},
		{"7d", "2026-11-18T02:00:00Z", "2026-11-18T02:00:00Z"},
		{"24h", "2026-11-24T02:00:00Z", "2026-11-24T02:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			s, err := ParseSince(c.value, now)
			if err != nil {
				t.Fatal(err)
			}
			u, err := ParseUntil(c.value, now)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Format(time.RFC3339Nano); got != c.since {
				t.Errorf("since: got %s; want %s", got, c.since)
			}
			if got := u.Format(time.RFC3339Nano); got != c.till {
				t.Errorf("until: got %s; want %s", got, c.till)
			}
		})
	}
	if _, err := ParseSince("yesterday", now); err == nil {
		t.Errorf("ParseSince(yesterday): got no error; want one")
	}
}

func TestParseAge(t *testing.T) {
	cases := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"400d", 400 * 24 * time.Hour, false},
		{"12w", 12 * 7 * 24 * time.Hour, false},
		{"36h", 36 * time.Hour, false},
		{"90m", 90 * time.Minute, false},
		{"1h30m", 90 * time.Minute, false},
		{" 30 days ", 30 * 24 * time.Hour, false},
		{"0d", 0, true},
		{"-5d", 0, true},
		{"d", 0, true},
		{"1y", 0, true},
		{"99999999d", 0, true},
		{"", 0, true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseAge(c.in)
			if (err != nil) != c.wantErr {
				t.Fatalf("got error %v; want error %v", err, c.wantErr)
			}
			if got != c.want {
				t.Errorf("got %v; want %v", got, c.want)
			}
		})
	}
}

func TestParseSchedule(t *testing.T) {
	from := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) // winter: Berlin is UTC+1
	cases := []struct {
		spec, tz string
		want     string
	}{
		{"0 2 * * *", "UTC", "2026-11-26T02:00:00Z"},
		{"0 2 * * *", "Europe/Berlin", "2026-11-26T01:00:00Z"},
		{"CRON_TZ=Asia/Tokyo 0 2 * * *", "Europe/Berlin", "2026-11-25T17:00:00Z"},
		{"30 0 2 * * *", "UTC", "2026-11-26T02:00:30Z"},
		{"@daily", "UTC", "2026-11-26T00:00:00Z"},
		{"@every 1h", "", "2026-11-25T13:00:00Z"},
		{"*/15 * * * MON-FRI", "UTC", "2026-11-25T12:15:00Z"},
	}
	for _, c := range cases {
		t.Run(c.spec+" "+c.tz, func(t *testing.T) {
			s, err := ParseSchedule(c.spec, c.tz)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(from).UTC().Format(time.RFC3339); got != c.want {
				t.Errorf("next after %s: got %s; want %s", from.Format(time.RFC3339), got, c.want)
			}
		})
	}
	for _, bad := range []string{"", "0 2 * *", "@hourly2", "@every", "@every 1.5s", "TZ=", "CRON_TZ=Nowhere/City 0 2 * * *", "0-", "1-2-3 * * * *", "60 * * * *"} {
		t.Run("bad "+bad, func(t *testing.T) {
			if _, err := ParseSchedule(bad, ""); err == nil {
				t.Errorf("got no error; want one")
			}
		})
	}
}

func TestReadIPList(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ips.txt")
	if err := os.WriteFile(path, []byte("\ufeff# hostile\r\n192.0.2.66\r\n198.51.100.7/24  # a range with host bits\r\n\r\n::ffff:192.0.2.66\r\n2001:DB8::1\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadIPList(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("192.0.2.66/32"), netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8::1/128")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}

func TestJobScheduleAndWindow(t *testing.T) {
	cfg, err := Parse("jobs.yaml", []byte("jobs:\n  - {name: n, cron: '0 2 * * *', tz: Europe/Berlin, period: since 2026-11-01, inputs: [/a], db: /a.duckdb, out: /r}\n"))
	if err != nil {
		t.Fatal(err)
	}
	j := cfg.Jobs[0]
	s, err := j.Schedule()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Next(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)).UTC(); !got.Equal(time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("next run: got %v; want 2026-11-26 01:00 UTC", got)
	}
	since, until, err := j.Window(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !since.Equal(time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)) || !until.IsZero() {
		t.Errorf("window: got %v .. %v; want 2026-10-31 23:00 UTC (midnight in Berlin) .. unbounded", since, until)
	}
	j.Cron = ""
	if _, err := j.Schedule(); err == nil || err.Error() != `job "n": no cron spec` {
		t.Errorf("schedule without a spec: got %v; want job \"n\": no cron spec", err)
	}
}

func TestRelativePathsFromTheFilesFolder(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "etc")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sub, "jobs.yaml")
	if err := os.WriteFile(path, []byte("jobs:\n  - {name: n, inputs: [../exports, ./more], db: store.duckdb, out: ../reports}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	j := cfg.Jobs[0]
	if want := []string{filepath.Join(dir, "exports"), filepath.Join(sub, "more")}; !reflect.DeepEqual(j.Inputs, want) {
		t.Errorf("inputs: got %v; want %v", j.Inputs, want)
	}
	if want := filepath.Join(sub, "store.duckdb"); j.DB != want {
		t.Errorf("db: got %s; want %s", j.DB, want)
	}
	if want := filepath.Join(dir, "reports"); j.Out != want {
		t.Errorf("out: got %s; want %s", j.Out, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("Load of a missing file: got %v; want an error naming it", err)
	}
}

func TestUnknownTopKeyIsAnErrorEvenWithAnchors(t *testing.T) {
	_, err := Parse("jobs.yaml", []byte(fullConfig))
	if err == nil || !strings.Contains(err.Error(), `jobs.yaml:11: unknown key "defaults"`) {
		t.Errorf("got %v; want jobs.yaml:11: unknown key \"defaults\"", err)
	}
}

func TestExampleFile(t *testing.T) {
	cfg, err := Load(filepath.Join("testdata", "jobs.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range cfg.Jobs {
		enabled := "default"
		if e := j.Rules["legacy_auth"].Enabled; e != nil {
			enabled = strconv.FormatBool(*e)
		}
		got = append(got, fmt.Sprintf("%s %q %s %s legacy_auth=%s trusted=%d", j.Name, j.Cron, j.Period, j.Summary, enabled, len(j.TrustedIPs)))
	}
	want := []string{
		`nightly "0 2 * * *" last 24h text legacy_auth=false trusted=2`,
		`weekly "@weekly" last 7d html legacy_auth=true trusted=3`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q; want %q", got, want)
	}
	abs, _ := filepath.Abs("testdata")
	if j := cfg.Jobs[0]; j.DB != filepath.Join(abs, "tenant.duckdb") || j.Out != filepath.Join(abs, "reports", "nightly") {
		t.Errorf("paths: got db %s, out %s; want them under %s", j.DB, j.Out, abs)
	}
}

func TestErrorWithoutAFileName(t *testing.T) {
	_, err := Parse("", []byte("jobs:\n  - {name: n, inputs: [/a], db: /a.duckdb, out: /r, cron: '0 2 * *'}\n"))
	if want := `line 2: job "n": cron: expected 5 to 6 fields, found 4: [0 2 * *]`; err == nil || err.Error() != want {
		t.Errorf("got %v; want %s", err, want)
	}
}

// FuzzParse checks that no jobs file makes Parse panic, and that every error it returns
// names the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validFull()))
	f.Add([]byte("jobs:\n  - {name: n, inputs: [/a], db: /a.duckdb, out: /r, cron: 'CRON_TZ=UTC @every 1s'}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("jobs:\n  - <<: [*a, *b]\n"))
	f.Add([]byte("rules: {x: {y: &a [*a, *a]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse("f.yaml", data)
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Errorf("error without the file name: %v", err)
		}
	})
}
