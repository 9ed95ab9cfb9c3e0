package analyze

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed rules/*.sql
var rulesFS embed.FS

// Rule is one detection rule: its header and its SQL.
type Rule struct {
	ID          string
	Title       string
	Severity    string // low | medium | high: the default; a rule may raise it per row
	Tactic      string // MITRE ATT&CK tactic name
	Technique   string // MITRE ATT&CK technique ids, comma-separated
	Source      string // signins | directory_audits | unified_audit | risk_detections
	Follows     string // the public rule it is grounded in
	Description string
	Remediation string
	Params      []Param
	SQL         string
}

// Param is one tunable of a rule, bound as the named parameter $Name.
type Param struct {
	Name        string
	Type        string // int | float | text | bool
	Default     any    // int64, float64, string or bool
	Description string
}

// HeaderError is a malformed rule header: file, line and reason.
type HeaderError struct {
	File   string
	Line   int
	Reason string
}

func (e *HeaderError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// Severities in increasing order.
var severityRank = map[string]int{"low": 1, "medium": 2, "high": 3}

// Sources a rule may name.
var ruleSources = map[string]bool{"signins": true, "directory_audits": true, "unified_audit": true, "risk_detections": true}

// The tactics of MITRE ATT&CK Enterprise.
var attackTactics = map[string]bool{
	"Reconnaissance": true, "Resource Development": true, "Initial Access": true, "Execution": true,
	"Persistence": true, "Privilege Escalation": true, "Defense Evasion": true, "Credential Access": true,
	"Discovery": true, "Lateral Movement": true, "Collection": true, "Command and Control": true,
	"Exfiltration": true, "Impact": true,
}

// Names the runner binds for every rule; a rule may not declare them as params.
var reservedParams = map[string]bool{"since": true, "until": true, "rule_id": true}

var (
	headerLine   = regexp.MustCompile(`^-- ([a-z]+):(?: (.*))?$`)
	contLine     = regexp.MustCompile(`^--  +(\S.*)$`)
	ruleIDRe     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	paramNameRe  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	techniqueRe  = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
	paramUseRe   = regexp.MustCompile(`\$([a-z_][a-z0-9_]*)`)
	headerKeySet = map[string]bool{"id": true, "title": true, "severity": true, "tactic": true, "technique": true,
		"source": true, "follows": true, "description": true, "remediation": true, "param": true}
	requiredKeys = []string{"id", "title", "severity", "tactic", "technique", "source", "follows", "description", "remediation"}
)

// Rules returns every embedded rule, sorted by id.
func Rules() ([]Rule, error) {
	entries, err := fs.ReadDir(rulesFS, "rules")
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	var rules []Rule
	seen := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		b, err := rulesFS.ReadFile(path.Join("rules", name))
		if err != nil {
			return nil, fmt.Errorf("read rule %s: %w", name, err)
		}
		r, err := ParseRule(name, string(b))
		if err != nil {
			return nil, err
		}
		if other, ok := seen[r.ID]; ok {
			return nil, fmt.Errorf("rule id %s is in both %s and %s", r.ID, other, name)
		}
		seen[r.ID] = name
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, nil
}

// ParseRule reads one rule file: the header, then the SQL. file is the file's name, used in
// errors and checked against the id.
func ParseRule(file, text string) (Rule, error) {
	var r Rule
	fail := func(line int, format string, args ...any) (Rule, error) {
		return Rule{}, &HeaderError{File: file, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	values := map[string]string{}
	firstLine := map[string]int{}
	last := "" // the key a continuation line adds to
	i := 0
	for ; i < len(lines); i++ {
		ln := lines[i]
		if !strings.HasPrefix(ln, "--") {
			break
		}
		if m := contLine.FindStringSubmatch(ln); m != nil && last != "" {
			if last == "param" {
				return fail(i+1, "a param line cannot continue")
			}
			values[last] += " " + strings.TrimSpace(m[1])
			continue
		}
		m := headerLine.FindStringSubmatch(ln)
		if m == nil {
			return fail(i+1, "header line is not \"-- key: value\"")
		}
		key, val := m[1], strings.TrimSpace(m[2])
		if !headerKeySet[key] {
			return fail(i+1, "unknown header key %q", key)
		}
		if val == "" {
			return fail(i+1, "header key %q has no value", key)
		}
		if key == "param" {
			p, err := parseParam(val)
			if err != nil {
				return fail(i+1, "param: %v", err)
			}
			for _, q := range r.Params {
				if q.Name == p.Name {
					return fail(i+1, "param %s declared twice", p.Name)
				}
			}
			r.Params = append(r.Params, p)
			last = "param"
			continue
		}
		if _, dup := values[key]; dup {
			return fail(i+1, "header key %q given twice", key)
		}
		values[key] = val
		firstLine[key] = i + 1
		last = key
	}
	headerEnd := i + 1
	for _, k := range requiredKeys {
		if _, ok := values[k]; !ok {
			return fail(headerEnd, "header has no %q", k)
		}
	}
	r.ID, r.Title, r.Severity = values["id"], values["title"], values["severity"]
	r.Tactic, r.Technique, r.Source = values["tactic"], values["technique"], values["source"]
	r.Follows, r.Description, r.Remediation = values["follows"], values["description"], values["remediation"]
	if !ruleIDRe.MatchString(r.ID) {
		return fail(firstLine["id"], "id %q must be lower case letters, digits and underscores", r.ID)
	}
	if want := strings.TrimSuffix(path.Base(file), ".sql"); want != r.ID {
		return fail(firstLine["id"], "id %q does not match the file name %q", r.ID, want)
	}
	if _, ok := severityRank[r.Severity]; !ok {
		return fail(firstLine["severity"], "severity %q is not low, medium or high", r.Severity)
	}
	for _, t := range strings.Split(r.Tactic, ",") {
		if !attackTactics[strings.TrimSpace(t)] {
			return fail(firstLine["tactic"], "tactic %q is not a MITRE ATT&CK tactic", strings.TrimSpace(t))
		}
	}
	for _, t := range strings.Split(r.Technique, ",") {
		if !techniqueRe.MatchString(strings.TrimSpace(t)) {
			return fail(firstLine["technique"], "technique %q is not an ATT&CK id such as T1110.003", strings.TrimSpace(t))
		}
	}
	if !ruleSources[r.Source] {
		return fail(firstLine["source"], "source %q is not signins, directory_audits, unified_audit or risk_detections", r.Source)
	}
	r.SQL = strings.TrimSpace(strings.Join(lines[i:], "\n"))
	if r.SQL == "" {
		return fail(headerEnd, "no SQL after the header")
	}
	if strings.HasSuffix(r.SQL, ";") {
		r.SQL = strings.TrimSpace(strings.TrimSuffix(r.SQL, ";"))
	}
	if strings.Contains(stripSQLComments(r.SQL), ";") {
		return fail(headerEnd, "the SQL must be one statement")
	}
	used := map[string]bool{}
	for _, m := range paramUseRe.FindAllStringSubmatch(stripSQLComments(r.SQL), -1) {
		used[m[1]] = true
	}
	for _, p := range r.Params {
		if !used[p.Name] {
			return fail(headerEnd, "param %s is declared but the SQL never uses $%s", p.Name, p.Name)
		}
		delete(used, p.Name)
	}
	for name := range reservedParams {
		delete(used, name)
	}
	if len(used) > 0 {
		var names []string
		for n := range used {
			names = append(names, "$"+n)
		}
		sort.Strings(names)
		return fail(headerEnd, "the SQL uses %s with no param line", strings.Join(names, ", "))
	}
	return r, nil
}

// parseParam reads "name type default  description". A text default with spaces is
// written as a Go string literal: "quoted" or `raw` (for regular expressions).
func parseParam(s string) (Param, error) {
	var p Param
	f := strings.Fields(s)
	if len(f) < 3 {
		return p, fmt.Errorf("want \"name type default  description\", got %q", s)
	}
	p.Name, p.Type = f[0], f[1]
	if !paramNameRe.MatchString(p.Name) {
		return p, fmt.Errorf("name %q must be lower case letters, digits and underscores", p.Name)
	}
	if reservedParams[p.Name] {
		return p, fmt.Errorf("name %q is reserved", p.Name)
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, p.Name)), p.Type))
	var def string
	if strings.HasPrefix(rest, `"`) || strings.HasPrefix(rest, "`") {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return p, fmt.Errorf("default of %s: %v", p.Name, err)
		}
		def, _ = strconv.Unquote(q)
		rest = strings.TrimSpace(rest[len(q):])
	} else {
		def, rest, _ = strings.Cut(rest, " ")
		rest = strings.TrimSpace(rest)
	}
	p.Description = rest
	if p.Description == "" {
		return p, fmt.Errorf("%s has no description", p.Name)
	}
	v, err := convertParam(p.Type, def)
	if err != nil {
		return p, fmt.Errorf("default of %s: %v", p.Name, err)
	}
	p.Default = v
	return p, nil
}

// convertParam turns a value (from a header or a configuration file) into the param's Go
// type: int64, float64, string or bool.
func convertParam(typ string, v any) (any, error) {
	switch typ {
	case "int":
		switch x := v.(type) {
		case int:
			return int64(x), nil
		case int32:
			return int64(x), nil
		case int64:
			return x, nil
		case uint:
			return int64(x), nil
		case uint32:
			return int64(x), nil
		case uint64:
			if x > 1<<62 {
				return nil, fmt.Errorf("%d is too large", x)
			}
			return int64(x), nil
		case float64:
			if x != float64(int64(x)) {
				return nil, fmt.Errorf("%v is not a whole number", x)
			}
			return int64(x), nil
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%q is not a whole number", x)
			}
			return n, nil
		}
	case "float":
		switch x := v.(type) {
		case int:
			return float64(x), nil
		case int64:
			return float64(x), nil
		case float32:
			return float64(x), nil
		case float64:
			return x, nil
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil {
				return nil, fmt.Errorf("%q is not a number", x)
			}
			return f, nil
		}
	case "text":
		if x, ok := v.(string); ok {
			return x, nil
		}
	case "bool":
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			b, err := strconv.ParseBool(strings.TrimSpace(x))
			if err != nil {
				return nil, fmt.Errorf("%q is not true or false", x)
			}
			return b, nil
		}
	default:
		return nil, fmt.Errorf("type %q is not int, float, text or bool", typ)
	}
	return nil, fmt.Errorf("%v (%T) is not of type %s", v, v, typ)
}

// stripSQLComments drops "--" comments and the text of string literals, so that what is
// left can be searched for parameters and statement separators.
func stripSQLComments(s string) string {
	var b strings.Builder
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr:
			if c == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				inStr = false
				b.WriteByte(c)
			}
		case c == '\'':
			inStr = true
			b.WriteByte(c)
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
