package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Keys a jobs file may hold, at the top level and in a job.
var (
	topKeys = []string{"tenant", "trusted_ips", "threat_intel", "threat_intel_files", "privileged_roles", "rules", "jobs"}
	jobKeys = []string{"name", "cron", "inputs", "db", "out", "period", "formats", "tz", "excel_csv",
		"keep_reports", "keep_store", "summary", "rules", "tenant", "trusted_ips", "threat_intel",
		"threat_intel_files", "privileged_roles", "compliance", "engine", "spark_remote", "history"}
	tenantKeys = []string{"name", "domains"}
)

// Parse parses a jobs file. name is the file's name, used in messages and as the folder
// relative paths in the file are read against.
func Parse(name string, data []byte) (*Config, error) {
	dir := "."
	if name != "" {
		dir = filepath.Dir(name)
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	p := &parser{file: name, dir: absDir}
	root, err := p.document(data)
	if err != nil {
		return nil, err
	}
	cfg := p.config(root)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		var errs []error
		for i, e := range p.errs {
			if i == maxErrors {
				errs = append(errs, &Error{File: p.file, Msg: fmt.Sprintf("%d more mistakes not shown", len(p.errs)-maxErrors)})
				break
			}
			errs = append(errs, e)
		}
		return nil, errors.Join(errs...)
	}
	return cfg, nil
}

type parser struct {
	file string
	dir  string
	errs []*Error

	merging map[*yaml.Node]bool // mappings whose merge keys are being expanded: a cycle guard
	work    int                 // keys read, counting each merged copy: a guard against alias bombs
	aborted bool                // work went past maxKeys: read no further
	seen    map[Error]bool      // errors reported, so that merged copies report theirs once
}

// maxErrors bounds the mistakes one Parse reports.
const maxErrors = 20

// maxKeys bounds the keys a file may hold, merged copies included.
const maxKeys = 100000

// scope is where in the file a value sits: in a job (by name, or "#N") or at the top.
type scope struct{ job string }

func (p *parser) errorf(n *yaml.Node, sc scope, key, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	e := Error{File: p.file, Line: line, Job: sc.job, Key: key, Msg: fmt.Sprintf(format, args...)}
	if p.seen[e] {
		return
	}
	if p.seen == nil {
		p.seen = map[Error]bool{}
	}
	p.seen[e] = true
	p.errs = append(p.errs, &e)
}

func (p *parser) document(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: p.file, Msg: "the file is empty"}
		}
		return nil, p.syntaxError(err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return nil, &Error{File: p.file, Line: extra.Line, Msg: "a second YAML document: keep everything in one (no ---)"}
	case !errors.Is(err, io.EOF):
		return nil, p.syntaxError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, &Error{File: p.file, Msg: "the file is empty"}
		}
		root = root.Content[0]
	}
	return root, nil
}

// syntaxError turns "yaml: line 5: did not find expected key" into an Error at line 5.
func (p *parser) syntaxError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, after
			}
		}
	}
	return &Error{File: p.file, Line: line, Msg: "not valid YAML: " + msg}
}

func (p *parser) config(root *yaml.Node) *Config {
	cfg := &Config{File: p.file}
	sc := scope{}
	// Keys in error are left out and reported; the rest are still read, for their errors.
	fields, _ := p.mapping(root, sc, "", topKeys)
	var jobsNode *yaml.Node
	for _, f := range fields {
		switch f.key {
		case "tenant":
			cfg.Tenant = p.tenant(f.val, sc)
		case "trusted_ips":
			cfg.TrustedIPs = p.prefixes(f.val, sc, "trusted_ips")
		case "threat_intel":
			cfg.ThreatIntel = p.prefixes(f.val, sc, "threat_intel")
		case "threat_intel_files":
			cfg.ThreatIntelFiles = p.ipFiles(f.val, sc)
		case "privileged_roles":
			cfg.PrivilegedRoles = p.roles(f.val, sc)
		case "rules":
			cfg.Rules = p.rules(f.val, sc)
		case "jobs":
			jobsNode = f.val
		}
	}
	if jobsNode != nil {
		p.jobs(jobsNode, cfg)
	}
	return cfg
}

func (p *parser) jobs(n *yaml.Node, cfg *Config) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, scope{}, "jobs", "expected a list of jobs (each starting with \"- name: ...\"), found %s", describe(n))
		return
	}
	names := map[string]int{}
	outs := map[string]string{}
	for i, item := range n.Content {
		job, ok := p.job(item, i+1, cfg)
		if !ok {
			continue
		}
		sc := scope{job: job.Name}
		if line, dup := names[job.Name]; dup {
			p.errorf(item, sc, "name", "another job has this name (line %d)", line)
			continue
		}
		names[job.Name] = job.Line
		if other, dup := outs[job.Out]; dup {
			p.errorf(item, sc, "out", "%s is also job %q's report folder; give each job its own", job.Out, other)
			continue
		}
		outs[job.Out] = job.Name
		cfg.Jobs = append(cfg.Jobs, job)
	}
}

// job reads one job; ok is false when it had a mistake (already recorded).
func (p *parser) job(item *yaml.Node, index int, cfg *Config) (Job, bool) {
	errsBefore := len(p.errs)
	item = resolve(item)
	sc := scope{job: fmt.Sprintf("#%d", index)}
	if name := peekName(item); validName(name) {
		sc.job = name
	}
	job := Job{
		Period:  "all",
		Formats: []string{FormatXLSX, FormatCSV},
		Summary: SummaryNone,
		File:    p.file,
		Line:    item.Line,
	}
	if item.Kind != yaml.MappingNode {
		p.errorf(item, sc, "", "expected a mapping of keys and values, found %s", describe(item))
		return job, false
	}
	fields, _ := p.mapping(item, sc, "", jobKeys)
	if p.aborted {
		return job, false
	}
	var (
		seen                          = map[string]*yaml.Node{}
		rules                         Rules
		trusted, ti                   []netip.Prefix
		tiFiles, roles                []string
		tenant                        *Tenant
		cronNode, periodNode, keepSto *yaml.Node
	)
	for _, f := range fields {
		seen[f.key] = f.key0
		switch f.key {
		case "name":
			s, ok := p.str(f.val, sc, "name")
			if ok && !validName(s) {
				p.errorf(f.val, sc, "name", "%q: use letters, digits, '.', '_' and '-' (at most 64)", s)
			}
			job.Name = s
		case "cron":
			job.Cron, _ = p.str(f.val, sc, "cron")
			cronNode = f.val
		case "inputs":
			job.Inputs = p.paths(f.val, sc, "inputs")
		case "db":
			job.DB = p.path(f.val, sc, "db")
		case "out":
			job.Out = p.path(f.val, sc, "out")
		case "period":
			if s, _ := p.str(f.val, sc, "period"); s != "" {
				job.Period = s
			}
			periodNode = f.val
		case "formats":
			if fs := p.formats(f.val, sc); fs != nil {
				job.Formats = fs
			}
		case "tz":
			job.TZ, _ = p.str(f.val, sc, "tz")
			if job.TZ != "" {
				if _, err := time.LoadLocation(job.TZ); err != nil {
					p.errorf(f.val, sc, "tz", "unknown time zone %q (use an IANA name such as UTC or Europe/Berlin)", job.TZ)
					job.TZ = ""
				}
			}
		case "excel_csv":
			job.ExcelCSV, _ = p.bool(f.val, sc, "excel_csv")
		case "compliance":
			job.Compliance, _ = p.bool(f.val, sc, "compliance")
		case "engine":
			if s, _ := p.str(f.val, sc, "engine"); s != "" {
				switch strings.ToLower(s) {
				case EngineDuckDB, EngineSpark:
					job.Engine = strings.ToLower(s)
				default:
					p.errorf(f.val, sc, "engine", "%q: use duckdb or spark", s)
				}
			}
		case "spark_remote":
			if s, _ := p.str(f.val, sc, "spark_remote"); s != "" {
				if !strings.HasPrefix(s, "sc://") {
					p.errorf(f.val, sc, "spark_remote", "%q: want sc://HOST:PORT (Spark Connect)", s)
				}
				job.SparkRemote = s
			}
		case "history":
			if s, _ := p.str(f.val, sc, "history"); s != "" && strings.Contains(s, "://") {
				job.History = s // a URL the Spark cluster reads
			} else {
				job.History = p.path(f.val, sc, "history")
			}
		case "keep_reports":
			if n, ok := p.int(f.val, sc, "keep_reports"); ok {
				if n < 0 {
					p.errorf(f.val, sc, "keep_reports", "%d: must be 0 (keep all) or more", n)
				}
				job.KeepReports = n
			}
		case "keep_store":
			if s, _ := p.str(f.val, sc, "keep_store"); s != "" {
				d, err := ParseAge(s)
				if err != nil {
					p.errorf(f.val, sc, "keep_store", "%v", err)
				}
				job.KeepStore = d
				keepSto = f.val
			}
		case "summary":
			if s, _ := p.str(f.val, sc, "summary"); s != "" {
				switch strings.ToLower(s) {
				case SummaryText, SummaryHTML, SummaryNone:
					job.Summary = strings.ToLower(s)
				default:
					p.errorf(f.val, sc, "summary", "%q: use text, html or none", s)
				}
			}
		case "rules":
			rules = p.rules(f.val, sc)
		case "tenant":
			t := p.tenant(f.val, sc)
			tenant = &t
		case "trusted_ips":
			trusted = p.prefixes(f.val, sc, "trusted_ips")
		case "threat_intel":
			ti = p.prefixes(f.val, sc, "threat_intel")
		case "threat_intel_files":
			tiFiles = p.ipFiles(f.val, sc)
		case "privileged_roles":
			roles = p.roles(f.val, sc)
		}
	}
	for _, k := range []string{"name", "inputs", "db", "out"} {
		if seen[k] == nil {
			p.errorf(item, sc, "", "missing key %q: every job needs %s", k, map[string]string{
				"name": "a name", "inputs": "inputs (the export files or folders to read)",
				"db": "db (the store)", "out": "out (the folder for its reports)"}[k])
		}
	}
	if cronNode != nil && job.Cron != "" {
		if _, err := ParseSchedule(job.Cron, job.TZ); err != nil {
			p.errorf(cronNode, sc, "cron", "%v", err)
		}
	}
	var periodSpan time.Duration
	if periodNode != nil {
		loc := time.UTC
		if job.TZ != "" {
			loc, _ = time.LoadLocation(job.TZ)
		}
		ref := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
		since, until, err := ParsePeriod(job.Period, ref)
		if err != nil {
			p.errorf(periodNode, sc, "period", "%v", err)
		} else if strings.HasPrefix(strings.ToLower(strings.TrimSpace(job.Period)), "last") {
			periodSpan = until.Sub(since)
		}
	}
	if keepSto != nil && job.KeepStore > 0 && job.KeepStore < periodSpan {
		p.errorf(keepSto, sc, "keep_store", "%s is shorter than the period (%s): the next report would miss rows", fmtAge(job.KeepStore), job.Period)
	}
	for _, in := range job.Inputs {
		if job.Out != "" && within(job.Out, in) {
			p.errorf(seen["out"], sc, "out", "%s is inside input %s: the reports would be read back as input", job.Out, in)
		}
	}
	if len(p.errs) > errsBefore {
		return job, false
	}
	job.Tenant = cfg.Tenant
	if tenant != nil {
		job.Tenant = *tenant
	}
	job.TrustedIPs = uniquePrefixes(append(append([]netip.Prefix(nil), cfg.TrustedIPs...), trusted...))
	job.ThreatIntel = uniquePrefixes(append(append([]netip.Prefix(nil), cfg.ThreatIntel...), ti...))
	job.ThreatIntelFiles = uniqueStrings(append(append([]string(nil), cfg.ThreatIntelFiles...), tiFiles...))
	job.PrivilegedRoles = cfg.PrivilegedRoles
	if roles != nil {
		job.PrivilegedRoles = roles
	}
	job.Rules = cfg.Rules.Merge(rules)
	return job, true
}

func (p *parser) tenant(n *yaml.Node, sc scope) Tenant {
	var t Tenant
	fields, _ := p.mapping(n, sc, "tenant", tenantKeys)
	for _, f := range fields {
		switch f.key {
		case "name":
			t.Name, _ = p.str(f.val, sc, "tenant.name")
		case "domains":
			list, nodes := p.strList(f.val, sc, "tenant.domains")
			for i, d := range list {
				d = strings.ToLower(strings.TrimSpace(d))
				if d == "" || strings.ContainsAny(d, " /@:") || !strings.Contains(d, ".") {
					p.errorf(nodes[i], sc, fmt.Sprintf("tenant.domains[%d]", i), "%q is not a domain name such as contoso.com", list[i])
					continue
				}
				t.Domains = append(t.Domains, d)
			}
			t.Domains = uniqueStrings(t.Domains)
		}
	}
	return t
}

func (p *parser) prefixes(n *yaml.Node, sc scope, key string) []netip.Prefix {
	list, nodes := p.strList(n, sc, key)
	var out []netip.Prefix
	for i, s := range list {
		pfx, err := ParsePrefix(s)
		if err != nil {
			p.errorf(nodes[i], sc, fmt.Sprintf("%s[%d]", key, i), "%v", err)
			continue
		}
		out = append(out, pfx)
	}
	return uniquePrefixes(out)
}

func (p *parser) ipFiles(n *yaml.Node, sc scope) []string {
	list, nodes := p.strList(n, sc, "threat_intel_files")
	var out []string
	for i, s := range list {
		key := fmt.Sprintf("threat_intel_files[%d]", i)
		path := p.resolvePath(nodes[i], sc, key, s)
		if path == "" {
			continue
		}
		if _, err := ReadIPList(path); err != nil {
			p.errorf(nodes[i], sc, key, "%v", err)
			continue
		}
		out = append(out, path)
	}
	return out
}

func (p *parser) roles(n *yaml.Node, sc scope) []string {
	list, nodes := p.strList(n, sc, "privileged_roles")
	out := []string{}
	for i, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			p.errorf(nodes[i], sc, fmt.Sprintf("privileged_roles[%d]", i), "empty role name")
			continue
		}
		out = append(out, s)
	}
	return out
}

func (p *parser) formats(n *yaml.Node, sc scope) []string {
	list, nodes := p.strList(n, sc, "formats")
	var out []string
	seen := map[string]bool{}
	for i, s := range list {
		key := fmt.Sprintf("formats[%d]", i)
		f := strings.ToLower(strings.TrimSpace(s))
		switch {
		case f != FormatXLSX && f != FormatCSV:
			p.errorf(nodes[i], sc, key, "%q: use xlsx or csv", s)
		case seen[f]:
			p.errorf(nodes[i], sc, key, "%q is listed twice", s)
		default:
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(list) > 0 && len(out) == 0 {
		return nil
	}
	if isEmptyList(n) {
		p.errorf(n, sc, "formats", "empty: name xlsx, csv or both (or leave the key out for both)")
	}
	return out
}

func (p *parser) rules(n *yaml.Node, sc scope) Rules {
	fields, ok := p.mapping(n, sc, "rules", nil)
	if !ok || len(fields) == 0 {
		return nil
	}
	out := Rules{}
	for _, f := range fields {
		id := f.key
		key := "rules." + id
		rule := Rule{origin: map[string]origin{"": {file: p.file, job: sc.job, line: f.key0.Line}}}
		v := resolve(f.val)
		switch {
		case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool":
			b, _ := p.bool(v, sc, key)
			rule.Enabled = &b
			rule.origin["enabled"] = origin{file: p.file, job: sc.job, line: v.Line}
		case isNull(v):
			p.errorf(f.key0, sc, key, "no settings: give a mapping such as {enabled: false}, or leave the rule out")
			continue
		default:
			settings, ok := p.mapping(v, sc, key, nil)
			if !ok {
				continue
			}
			for _, s := range settings {
				skey := key + "." + s.key
				rule.origin[s.key] = origin{file: p.file, job: sc.job, line: s.key0.Line}
				if s.key == "enabled" {
					b, ok := p.bool(s.val, sc, skey)
					if ok {
						rule.Enabled = &b
					}
					continue
				}
				if isNull(resolve(s.val)) {
					p.errorf(s.key0, sc, skey, "no value")
					continue
				}
				var val any
				if err := s.val.Decode(&val); err != nil {
					p.errorf(s.val, sc, skey, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
					continue
				}
				if rule.Settings == nil {
					rule.Settings = map[string]any{}
				}
				rule.Settings[s.key] = val
			}
		}
		out[id] = rule
	}
	return out
}

// field is one key and value of a mapping.
type field struct {
	key  string
	key0 *yaml.Node // the key's node, for its line
	val  *yaml.Node
}

// mapping lists the keys of n, with YAML merge keys (<<: *defaults) applied. Keys not in
// allowed (when allowed is not nil) and keys given twice are errors. where names the
// mapping in messages ("" for the top of a job or of the file).
func (p *parser) mapping(n *yaml.Node, sc scope, where string, allowed []string) ([]field, bool) {
	n = resolve(n)
	if p.aborted {
		return nil, false
	}
	if isNull(n) {
		return nil, true
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, sc, where, "expected a mapping of keys and values, found %s", describe(n))
		return nil, false
	}
	if p.merging[n] {
		p.errorf(n, sc, where, "a merge key (<<) brings in the mapping it is part of")
		return nil, false
	}
	if p.work += len(n.Content) / 2; p.work > maxKeys {
		p.errorf(n, sc, where, "more than %d keys, counting merged copies: too many aliases", maxKeys)
		p.aborted = true
		return nil, false
	}
	if p.merging == nil {
		p.merging = map[*yaml.Node]bool{}
	}
	p.merging[n] = true
	defer delete(p.merging, n)
	var explicit, merged []field
	first := map[string]int{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			for _, m := range mergeSources(v) {
				fs, mok := p.mapping(m, sc, where, allowed)
				ok = ok && mok
				merged = append(merged, fs...)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode || isNull(k) {
			p.errorf(k, sc, where, "a key must be a plain word, found %s", describe(k))
			ok = false
			continue
		}
		if line, dup := first[k.Value]; dup {
			p.errorf(k, sc, joinKey(where, k.Value), "given twice (first on line %d)", line)
			ok = false
			continue
		}
		first[k.Value] = k.Line
		if allowed != nil && !contains(allowed, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if s := suggest(k.Value, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			p.errorf(k, sc, where, "%s", msg)
			ok = false
			continue
		}
		explicit = append(explicit, field{key: k.Value, key0: k, val: v})
	}
	out := explicit
	for _, f := range merged {
		if _, dup := first[f.key]; !dup {
			first[f.key] = f.key0.Line
			out = append(out, f)
		}
	}
	return out, ok
}

func mergeSources(v *yaml.Node) []*yaml.Node {
	v = resolve(v)
	if v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return []*yaml.Node{v}
}

func (p *parser) str(n *yaml.Node, sc scope, key string) (string, bool) {
	n = resolve(n)
	if isNull(n) {
		return "", true
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, sc, key, "expected a single value, found %s", describe(n))
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// strList reads a list of values; a single value is a list of one.
func (p *parser) strList(n *yaml.Node, sc scope, key string) ([]string, []*yaml.Node) {
	n = resolve(n)
	switch {
	case isNull(n):
		return nil, nil
	case n.Kind == yaml.ScalarNode:
		return []string{strings.TrimSpace(n.Value)}, []*yaml.Node{n}
	case n.Kind != yaml.SequenceNode:
		p.errorf(n, sc, key, "expected a list, found %s", describe(n))
		return nil, nil
	}
	var out []string
	var nodes []*yaml.Node
	for i, item := range n.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || isNull(item) {
			p.errorf(item, sc, fmt.Sprintf("%s[%d]", key, i), "expected a single value, found %s", describe(item))
			continue
		}
		out = append(out, strings.TrimSpace(item.Value))
		nodes = append(nodes, item)
	}
	return out, nodes
}

func (p *parser) int(n *yaml.Node, sc scope, key string) (int, bool) {
	n = resolve(n)
	if isNull(n) {
		return 0, true
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		p.errorf(n, sc, key, "expected a whole number, found %s", describe(n))
		return 0, false
	}
	return v, true
}

func (p *parser) bool(n *yaml.Node, sc scope, key string) (bool, bool) {
	n = resolve(n)
	if isNull(n) {
		return false, true
	}
	var v bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&v) != nil {
		p.errorf(n, sc, key, "expected true or false, found %s", describe(n))
		return false, false
	}
	return v, true
}

func (p *parser) path(n *yaml.Node, sc scope, key string) string {
	s, ok := p.str(n, sc, key)
	if !ok {
		return ""
	}
	return p.resolvePath(resolve(n), sc, key, s)
}

func (p *parser) paths(n *yaml.Node, sc scope, key string) []string {
	list, nodes := p.strList(n, sc, key)
	var out []string
	for i, s := range list {
		if path := p.resolvePath(nodes[i], sc, fmt.Sprintf("%s[%d]", key, i), s); path != "" {
			out = append(out, path)
		}
	}
	if isEmptyList(n) {
		p.errorf(n, sc, key, "empty: name at least one file or folder")
	}
	return uniqueStrings(out)
}

// resolvePath makes s absolute, reading a relative path against the config file's folder.
func (p *parser) resolvePath(n *yaml.Node, sc scope, key, s string) string {
	if s == "" {
		p.errorf(n, sc, key, "empty path")
		return ""
	}
	if strings.ContainsRune(s, 0) {
		p.errorf(n, sc, key, "a path may not hold a NUL character")
		return ""
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(p.dir, s)
	}
	return filepath.Clean(s)
}

func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isEmptyList(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.SequenceNode && len(n.Content) == 0
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe names what a node holds, for "expected X, found Y".
func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return strconv.Quote(v)
	}
	return "something else"
}

// peekName finds a job's name before the job is read, so that every message about it can
// name it.
func peekName(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "name" {
			if v := resolve(n.Content[i+1]); v != nil && v.Kind == yaml.ScalarNode {
				return strings.TrimSpace(v.Value)
			}
		}
	}
	return ""
}

func validName(s string) bool {
	if s == "" || len(s) > 64 || strings.HasPrefix(s, "#") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func joinKey(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func uniqueStrings(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// within tells whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func fmtAge(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}
