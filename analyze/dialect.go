package analyze

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// The dialect layer: every rule is written once, in the SQL DuckDB runs, and SparkSQL
// translates it for Spark SQL (dialect.md lists each construct and what it becomes). The
// translation works on tokens, never on the text of string literals, so a rule's regular
// expressions and JSON paths pass through as data.

// SparkSessionConf is the Spark session configuration the translated rules assume: times
// in UTC, and the lenient (non-ANSI) semantics DuckDB shares: a cast that fails is NULL.
var SparkSessionConf = map[string]string{
	"spark.sql.session.timeZone": "UTC",
	"spark.sql.ansi.enabled":     "false",
	"spark.sql.timestampType":    "TIMESTAMP_NTZ",
}

// SparkRule is a rule translated for Spark SQL, with its tunables and period filled in.
type SparkRule struct {
	Rule Rule
	SQL  string
}

// SparkSQL translates rule r, with the param values vals and the period [since, until), to
// one Spark SQL query whose columns are those every rule returns.
func SparkSQL(r Rule, vals map[string]any, since, until time.Time) (string, error) {
	if since.IsZero() {
		since = minTime
	}
	if until.IsZero() {
		until = maxTime
	}
	params := map[string]string{
		"since":   sparkTimestamp(since),
		"until":   sparkTimestamp(until),
		"rule_id": sparkString(r.ID),
	}
	for name, v := range vals {
		lit, err := sparkLiteral(v)
		if err != nil {
			return "", fmt.Errorf("rule %s: $%s: %w", r.ID, name, err)
		}
		params[name] = lit
	}
	tr, err := newTranslator(params)
	if err != nil {
		return "", err
	}
	out, err := tr.translate(lexSQL(r.SQL))
	if err != nil {
		return "", fmt.Errorf("rule %s: spark dialect: %w", r.ID, err)
	}
	return strings.TrimSpace(out), nil
}

// SparkExpr translates one DuckDB expression or query (no params) to Spark SQL: for tests
// and the views that entrarisk rules --dialect spark writes.
func SparkExpr(duck string) (string, error) {
	tr, err := newTranslator(nil)
	if err != nil {
		return "", err
	}
	return tr.translate(lexSQL(duck))
}

// SparkRules translates every rule the settings enable.
func SparkRules(s Settings) ([]SparkRule, error) {
	rules, err := Rules()
	if err != nil {
		return nil, err
	}
	if err := s.Validate(rules); err != nil {
		return nil, err
	}
	var out []SparkRule
	for i := range rules {
		r := &rules[i]
		if s.Disabled[r.ID] {
			continue
		}
		vals, err := s.paramValues(r)
		if err != nil {
			return nil, err
		}
		q, err := SparkSQL(*r, vals, s.Since, s.Until)
		if err != nil {
			return nil, err
		}
		out = append(out, SparkRule{Rule: *r, SQL: q})
	}
	return out, nil
}

func sparkTimestamp(t time.Time) string {
	return "TIMESTAMP '" + t.UTC().Format("2006-01-02 15:04:05.999999") + "'"
}

// sparkString is a Spark SQL string literal of s: Spark reads backslash escapes in
// literals, DuckDB does not, so both backslashes and quotes are escaped.
func sparkString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `'`, `\'`)
	return "'" + s + "'"
}

func sparkLiteral(v any) (string, error) {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s, nil
	case bool:
		return strconv.FormatBool(x), nil
	case string:
		return sparkString(posixClasses.Replace(x)), nil
	}
	return "", fmt.Errorf("%v (%T) has no Spark SQL literal", v, v)
}

// POSIX character classes (RE2, DuckDB) as Java regular expressions write them.
var posixClasses = strings.NewReplacer("[:alnum:]", `\p{Alnum}`, "[:alpha:]", `\p{Alpha}`, "[:digit:]", `\p{Digit}`,
	"[:space:]", `\s`, "[:upper:]", `\p{Upper}`, "[:lower:]", `\p{Lower}`, "[:punct:]", `\p{Punct}`)

// ---- tokens ----

type tokKind int

const (
	tSpace tokKind = iota
	tComment
	tString
	tNumber
	tIdent
	tQIdent // "quoted identifier"
	tParam  // $name
	tPunct
)

type token struct {
	kind tokKind
	text string // for tString, the value (quotes removed, '' collapsed)
}

func lexSQL(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
				j++
			}
			out = append(out, token{tSpace, s[i:j]})
			i = j
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			out = append(out, token{tComment, s[i : i+j]})
			i += j
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, token{tString, b.String()})
			i = j + 1
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				j = len(s) - i - 1
			}
			out = append(out, token{tQIdent, s[i+1 : i+1+j]})
			i += j + 2
		case c == '$' && i+1 < len(s) && isIdentStart(s[i+1]):
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			out = append(out, token{tParam, s[i+1 : j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && (len(out) == 0 || out[len(out)-1].kind != tIdent):
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E') {
				j++
			}
			out = append(out, token{tNumber, s[i:j]})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			out = append(out, token{tIdent, s[i:j]})
			i = j
		default:
			n := 1
			if i+1 < len(s) {
				switch s[i : i+2] {
				case "->", "||", "<=", ">=", "<>", "!=", "::", "//":
					n = 2
				}
			}
			out = append(out, token{tPunct, s[i : i+n]})
			i += n
		}
	}
	return out
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// ---- the translator ----

type macro struct {
	params []string
	body   []token // "( ... )"
}

type translator struct {
	params map[string]string // $name -> Spark literal
	macros map[string]macro
	depth  int
}

var macroCache map[string]macro

func loadMacros() (map[string]macro, error) {
	if macroCache != nil {
		return macroCache, nil
	}
	m := map[string]macro{}
	for _, src := range []string{store.Macros(), macrosSQL} {
		toks := lexSQL(src)
		var stmt []token
		for _, t := range toks {
			if t.kind == tPunct && t.text == ";" {
				if err := addMacro(m, stmt); err != nil {
					return nil, err
				}
				stmt = nil
				continue
			}
			if t.kind != tComment {
				stmt = append(stmt, t)
			}
		}
		if err := addMacro(m, stmt); err != nil {
			return nil, err
		}
	}
	macroCache = m
	return m, nil
}

// addMacro reads "CREATE OR REPLACE TEMP MACRO name(a, b) AS (body)".
func addMacro(m map[string]macro, stmt []token) error {
	s := significant(stmt)
	var words []string
	for _, t := range s {
		if t.kind != tIdent {
			break
		}
		words = append(words, strings.ToUpper(t.text))
	}
	k := slices.Index(words, "MACRO")
	if k < 0 {
		return nil
	}
	name := strings.ToLower(s[k+1].text)
	i := k + 2
	if i >= len(s) || s[i].text != "(" {
		return fmt.Errorf("macro %s: no parameter list", name)
	}
	var params []string
	for i++; i < len(s) && s[i].text != ")"; i++ {
		if s[i].kind == tIdent {
			params = append(params, strings.ToLower(s[i].text))
		}
	}
	i++
	if i >= len(s) || !strings.EqualFold(s[i].text, "AS") {
		return fmt.Errorf("macro %s: no AS", name)
	}
	// The body from the token after AS, with its spacing.
	start := slices.IndexFunc(stmt, func(t token) bool { return t == s[i] })
	for start >= 0 && start < len(stmt) && !(stmt[start].kind == tIdent && strings.EqualFold(stmt[start].text, "AS")) {
		start++
	}
	m[name] = macro{params: params, body: trimSpace(stmt[start+1:])}
	return nil
}

func significant(toks []token) []token {
	var out []token
	for _, t := range toks {
		if t.kind != tSpace && t.kind != tComment {
			out = append(out, t)
		}
	}
	return out
}

func trimSpace(toks []token) []token {
	for len(toks) > 0 && (toks[0].kind == tSpace || toks[0].kind == tComment) {
		toks = toks[1:]
	}
	for len(toks) > 0 && (toks[len(toks)-1].kind == tSpace || toks[len(toks)-1].kind == tComment) {
		toks = toks[:len(toks)-1]
	}
	return toks
}

func newTranslator(params map[string]string) (*translator, error) {
	m, err := loadMacros()
	if err != nil {
		return nil, err
	}
	return &translator{params: params, macros: m}, nil
}

// piece is one part of the output: an expression (a name, a literal, a call, a
// parenthesized group) that a subscript or a member access may follow, or other text.
type piece struct {
	text string
	expr bool
}

// matchClose returns the index of the token that closes the bracket at toks[i].
func matchClose(toks []token, i int) (int, error) {
	open := toks[i].text
	closeText := map[string]string{"(": ")", "[": "]"}[open]
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].kind != tPunct {
			continue
		}
		switch toks[j].text {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
			if depth == 0 {
				if toks[j].text != closeText {
					return 0, fmt.Errorf("%q closed by %q", open, toks[j].text)
				}
				return j, nil
			}
		}
	}
	return 0, fmt.Errorf("unclosed %q", open)
}

// topLevel returns the indexes of the tokens outside any brackets for which is returns true.
func topLevel(toks []token, is func(token) bool) []int {
	var at []int
	depth := 0
	for j, t := range toks {
		switch {
		case t.kind == tPunct && (t.text == "(" || t.text == "["):
			depth++
		case t.kind == tPunct && (t.text == ")" || t.text == "]"):
			depth--
		case depth == 0 && is(t):
			at = append(at, j)
		}
	}
	return at
}

// punct matches the punctuation token text.
func punct(text string) func(token) bool {
	return func(t token) bool { return t.kind == tPunct && t.text == text }
}

// splitArgs splits a call's argument tokens at top-level commas.
func splitArgs(toks []token) [][]token {
	var out [][]token
	start := 0
	for _, j := range topLevel(toks, punct(",")) {
		out = append(out, toks[start:j])
		start = j + 1
	}
	if len(significant(toks)) > 0 {
		out = append(out, toks[start:])
	}
	return out
}

// nextSig is the index of the next token from i that is not space or comment, or len(toks).
func nextSig(toks []token, i int) int {
	for i < len(toks) && (toks[i].kind == tSpace || toks[i].kind == tComment) {
		i++
	}
	return i
}

func (tr *translator) translate(toks []token) (string, error) {
	tr.depth++
	defer func() { tr.depth-- }()
	if tr.depth > 200 {
		return "", fmt.Errorf("macros nest too deep")
	}
	var out []piece
	lastExpr := func() int {
		for k := len(out) - 1; k >= 0; k-- {
			if strings.TrimSpace(out[k].text) == "" {
				continue
			}
			if out[k].expr {
				return k
			}
			return -1
		}
		return -1
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		switch t.kind {
		case tSpace:
			out = append(out, piece{text: t.text})
			i++
		case tComment:
			out = append(out, piece{text: " "})
			i++
		case tString:
			out = append(out, piece{text: sparkString(posixClasses.Replace(t.text)), expr: true})
			i++
		case tNumber:
			out = append(out, piece{text: t.text, expr: true})
			i++
		case tQIdent:
			out = append(out, piece{text: "`" + strings.ReplaceAll(t.text, "`", "``") + "`", expr: true})
			i++
		case tParam:
			v, ok := tr.params[t.text]
			if !ok {
				return "", fmt.Errorf("$%s has no value", t.text)
			}
			out = append(out, piece{text: v, expr: true})
			i++
		case tIdent:
			k := nextSig(toks, i+1)
			if k < len(toks) && toks[k].kind == tPunct && toks[k].text == "(" && !sqlKeyword[strings.ToUpper(t.text)] {
				j, err := matchClose(toks, k)
				if err != nil {
					return "", err
				}
				lname := strings.ToLower(t.text)
				if lname == "array_agg" || lname == "list" || lname == "string_agg" {
					// FILTER (WHERE ...) belongs inside, on Spark's collect_list.
					filter := ""
					end := j
					if f := nextSig(toks, j+1); f < len(toks) && strings.EqualFold(toks[f].text, "FILTER") {
						if p := nextSig(toks, f+1); p < len(toks) && toks[p].text == "(" {
							q, err := matchClose(toks, p)
							if err != nil {
								return "", err
							}
							ft, err := tr.translate(toks[p+1 : q])
							if err != nil {
								return "", err
							}
							filter, end = " FILTER ("+strings.TrimSpace(ft)+")", q
						}
					}
					text, err := tr.aggregate(lname, toks[k+1:j], filter)
					if err != nil {
						return "", err
					}
					out = append(out, piece{text: text, expr: true})
					i = end + 1
					continue
				}
				text, err := tr.call(lname, t.text, toks[k+1:j])
				if err != nil {
					return "", err
				}
				i = j + 1
				// unnest(x) AS a(col): Spark's explode(x) AS col.
				// In FROM, "t, unnest(x) AS a(col)": Spark's LATERAL VIEW explode(x) a AS col.
				if strings.EqualFold(t.text, "unnest") {
					if a := nextSig(toks, i); a < len(toks) && strings.EqualFold(toks[a].text, "AS") {
						b := nextSig(toks, a+1)
						c := nextSig(toks, b+1)
						if c < len(toks) && toks[c].text == "(" {
							d, err := matchClose(toks, c)
							if err != nil {
								return "", err
							}
							cols := significant(toks[c+1 : d])
							if len(cols) == 1 {
								if comma := lastPunct(out); comma >= 0 && inFromClause(toks[:i]) {
									out = out[:comma]
									text = " LATERAL VIEW " + text + " " + toks[b].text + " AS " + cols[0].text
								} else {
									text += " AS " + cols[0].text
								}
								i = d + 1
							}
						}
					}
				}
				out = append(out, piece{text: text, expr: true})
				continue
			}
			word := t.text
			switch strings.ToUpper(word) {
			case "VARCHAR", "TEXT":
				word = "STRING"
			}
			// a.b: one expression.
			if i > 0 && toks[i-1].kind == tPunct && toks[i-1].text == "." {
				if e := lastExpr(); e >= 0 {
					out[e].text += word
					i++
					continue
				}
			}
			out = append(out, piece{text: word, expr: !sqlKeyword[strings.ToUpper(word)]})
			i++
		case tPunct:
			switch t.text {
			case "(":
				j, err := matchClose(toks, i)
				if err != nil {
					return "", err
				}
				inner, err := tr.translate(toks[i+1 : j])
				if err != nil {
					return "", err
				}
				out = append(out, piece{text: "(" + inner + ")", expr: true})
				i = j + 1
			case "[":
				j, err := matchClose(toks, i)
				if err != nil {
					return "", err
				}
				inner := toks[i+1 : j]
				e := lastExpr()
				if e >= 0 && (i == 0 || toks[i-1].kind != tSpace || out[e].text == "STRING") {
					txt, err := tr.subscript(out[e].text, inner)
					if err != nil {
						return "", err
					}
					out = append(out[:e], piece{text: txt, expr: true})
				} else {
					var parts []string
					for _, a := range splitArgs(inner) {
						s, err := tr.translate(a)
						if err != nil {
							return "", err
						}
						parts = append(parts, strings.TrimSpace(s))
					}
					out = append(out, piece{text: "array(" + strings.Join(parts, ", ") + ")", expr: true})
				}
				i = j + 1
			case ".":
				if e := lastExpr(); e >= 0 && i+1 < len(toks) && (toks[i+1].kind == tIdent || toks[i+1].kind == tQIdent) {
					out[e].text += "."
					out = out[:e+1]
					i++
					continue
				}
				out = append(out, piece{text: "."})
				i++
			case "//":
				out = append(out, piece{text: " div "})
				i++
			case "::":
				return "", fmt.Errorf("'::' casts: write CAST(x AS type)")
			default:
				out = append(out, piece{text: t.text})
				i++
			}
		}
	}
	var b strings.Builder
	for _, p := range out {
		b.WriteString(p.text)
	}
	return b.String(), nil
}

// subscript translates x[...]: DuckDB lists count from 1, as Spark's element_at and slice do.
func (tr *translator) subscript(x string, inner []token) (string, error) {
	if x == "STRING" && len(significant(inner)) == 0 {
		return "ARRAY<STRING>", nil
	}
	// A slice [a:b].
	if colons := topLevel(inner, punct(":")); len(colons) > 0 {
		k := colons[0]
		a, err := tr.translate(inner[:k])
		if err != nil {
			return "", err
		}
		b, err := tr.translate(inner[k+1:])
		if err != nil {
			return "", err
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		ai, errA := strconv.Atoi(a)
		bi, errB := strconv.Atoi(b)
		if errA == nil && errB == nil {
			return fmt.Sprintf("slice(%s, %d, %d)", x, ai, bi-ai+1), nil
		}
		return fmt.Sprintf("slice(%s, %s, (%s) - (%s) + 1)", x, a, b, a), nil
	}
	idx, err := tr.translate(inner)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("try_element_at(%s, %s)", x, strings.TrimSpace(idx)), nil
}

// sqlKeyword are words that may stand before "(" without being a function.
var sqlKeyword = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IN": true, "EXISTS": true, "AS": true, "ON": true, "FILTER": true,
	"OVER": true, "WITHIN": true, "GROUP": true, "USING": true, "VALUES": true, "FROM": true, "JOIN": true,
	"SELECT": true, "WHERE": true, "WITH": true, "THEN": true, "ELSE": true, "WHEN": true, "CASE": true,
	"BY": true, "IS": true, "NULL": true, "ALL": true, "ANY": true, "DISTINCT": true, "UNION": true,
	"LATERAL": true, "HAVING": true, "END": true, "INTERVAL": true, "LIKE": true, "ILIKE": true,
	"BETWEEN": true, "ORDER": true, "PARTITION": true, "ROWS": true, "RANGE": true, "EXCEPT": true,
	"INTERSECT": true, "LEFT": false, "DESC": true, "ASC": true, "LIMIT": true, "QUALIFY": true,
	"SEMI": true, "ANTI": true, "INNER": true, "OUTER": true, "CROSS": true, "FULL": true, "RIGHT": false,
	"TRUE": true, "FALSE": true, "CAST": false, "TRY_CAST": false,
}

// renamed are DuckDB functions whose Spark SQL twin takes the same arguments.
var renamed = map[string]string{
	"list_filter": "filter", "list_transform": "transform", "list_contains": "array_contains",
	"list_distinct": "array_distinct", "list_intersect": "array_intersect", "array_to_string": "array_join",
	"strpos": "instr", "arg_min": "min_by", "arg_max": "max_by", "regexp_matches": "rlike", "len": "size",
	"list_has": "array_contains", "array_length": "size", "unnest": "explode",
}

func (tr *translator) args(raw [][]token) ([]string, error) {
	out := make([]string, len(raw))
	for i, a := range raw {
		s, err := tr.translate(a)
		if err != nil {
			return nil, err
		}
		out[i] = strings.TrimSpace(s)
	}
	return out, nil
}

// call translates name(args); orig is the name as written.
func (tr *translator) call(name, orig string, argToks []token) (string, error) {
	if m, ok := tr.macros[name]; ok {
		return tr.expand(name, m, argToks)
	}
	raw := splitArgs(argToks)
	switch name {
	case "json_extract_string":
		if len(raw) == 2 {
			if p := significant(raw[1]); len(p) > 0 && p[0].text == "[" {
				j, err := tr.translate(raw[0])
				if err != nil {
					return "", err
				}
				end, err := matchClose(p, 0)
				if err != nil {
					return "", err
				}
				paths, err := tr.args(splitArgs(p[1:end]))
				if err != nil {
					return "", err
				}
				var parts []string
				for _, path := range paths {
					parts = append(parts, "get_json_object("+strings.TrimSpace(j)+", "+path+")")
				}
				return "array(" + strings.Join(parts, ", ") + ")", nil
			}
		}
		a, err := tr.args(raw)
		if err != nil {
			return "", err
		}
		return "get_json_object(" + strings.Join(a, ", ") + ")", nil
	case "from_json":
		a, err := tr.args(raw)
		if err != nil {
			return "", err
		}
		if len(raw) != 2 {
			return "", fmt.Errorf("from_json takes 2 arguments")
		}
		spec := significant(raw[1])
		if len(spec) != 1 || spec[0].kind != tString {
			return "", fmt.Errorf("from_json: the structure must be a string literal")
		}
		ddl, err := jsonStructureDDL(spec[0].text)
		if err != nil {
			return "", fmt.Errorf("from_json: %w", err)
		}
		return "from_json(" + a[0] + ", " + sparkString(ddl) + ")", nil
	}
	a, err := tr.args(raw)
	if err != nil {
		return "", err
	}
	join := func(fn string, xs ...string) string { return fn + "(" + strings.Join(xs, ", ") + ")" }
	switch name {
	case "json_valid":
		return "(try_parse_json(" + a[0] + ") IS NOT NULL)", nil
	case "list_prepend":
		return join("concat", "array("+a[0]+")", a[1]), nil
	case "array_append", "list_append":
		return join("concat", a[0], "array("+a[1]+")"), nil
	case "string_split", "str_split":
		if sep := significant(raw[1]); len(sep) == 1 && sep[0].kind == tString {
			return join("split", a[0], sparkString(regexQuote(sep[0].text))), nil
		}
		return "", fmt.Errorf("string_split: the separator must be a string literal")
	case "trim":
		if len(a) == 2 {
			return join("btrim", a...), nil
		}
	case "rtrim", "ltrim":
		if len(a) == 2 {
			side := map[string]string{"rtrim": "TRAILING", "ltrim": "LEADING"}[name]
			return "trim(" + side + " " + a[1] + " FROM " + a[0] + ")", nil
		}
	case "regexp_extract", "regexp_extract_all":
		if len(a) == 2 {
			a = append(a, "0")
		}
		return join(name, a...), nil
	case "date_diff", "datediff":
		return dateDiff(raw, a)
	case "time_bucket":
		if len(a) != 2 {
			return "", fmt.Errorf("time_bucket takes 2 arguments here (width, time)")
		}
		// DuckDB's buckets start at its origin, Monday 2000-01-03.
		w := "unix_seconds(TIMESTAMP_LTZ '1970-01-01 00:00:00Z' + (" + a[0] + "))"
		return "CAST(timestamp_seconds(946857600 + floor((unix_seconds(CAST(" + a[1] + " AS TIMESTAMP_LTZ)) - 946857600) / " + w + ") * " + w + ") AS TIMESTAMP_NTZ)", nil
	}
	if r, ok := renamed[name]; ok {
		return join(r, a...), nil
	}
	return join(orig, a...), nil
}

// expand inlines a macro: its body with each parameter replaced by the argument (in
// parentheses), translated as a whole.
func (tr *translator) expand(name string, m macro, argToks []token) (string, error) {
	raw := splitArgs(argToks)
	if len(raw) != len(m.params) {
		return "", fmt.Errorf("%s takes %d arguments, got %d", name, len(m.params), len(raw))
	}
	byName := map[string][]token{}
	for i, p := range m.params {
		arg := append([]token{{tPunct, "("}}, raw[i]...)
		byName[p] = append(arg, token{tPunct, ")"})
	}
	var body []token
	for k, t := range m.body {
		if t.kind == tIdent {
			prevDot := k > 0 && m.body[k-1].kind == tPunct && m.body[k-1].text == "."
			if arg, ok := byName[strings.ToLower(t.text)]; ok && !prevDot {
				body = append(body, arg...)
				continue
			}
		}
		body = append(body, t)
	}
	return tr.translate(body)
}

// aggregate translates array_agg, list and string_agg, with DISTINCT and ORDER BY inside
// the call (Spark's collect_list takes neither).
func (tr *translator) aggregate(name string, argToks []token, filter string) (string, error) {
	toks := trimSpace(argToks)
	distinct := false
	if len(toks) > 0 && toks[0].kind == tIdent && strings.EqualFold(toks[0].text, "DISTINCT") {
		distinct = true
		toks = trimSpace(toks[1:])
	}
	// ORDER BY at the top level.
	var order []token
	for _, k := range topLevel(toks, func(t token) bool { return t.kind == tIdent && strings.EqualFold(t.text, "ORDER") }) {
		n := nextSig(toks, k+1)
		if n < len(toks) && strings.EqualFold(toks[n].text, "BY") {
			order = toks[n+1:]
			toks = toks[:k]
			break
		}
	}
	a, err := tr.args(splitArgs(toks))
	if err != nil {
		return "", err
	}
	keys, err := tr.args(splitArgs(order))
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if u := strings.ToUpper(k); strings.HasSuffix(u, " DESC") || strings.HasSuffix(u, " ASC") {
			return "", fmt.Errorf("%s: ORDER BY ... ASC/DESC inside an aggregate is not translated", name)
		}
	}
	var list string
	switch {
	case distinct:
		// Spark's collect_set: distinct, and sorted here so the order is the same every run.
		list = "array_sort(collect_set(" + a[0] + ")" + filter + ")"
		if len(keys) > 0 && (len(keys) != 1 || keys[0] != a[0]) {
			return "", fmt.Errorf("%s(DISTINCT x ORDER BY y): only ORDER BY x is translated", name)
		}
	case len(keys) > 0:
		var fields []string
		for i, k := range keys {
			fields = append(fields, fmt.Sprintf("'k%d', %s", i, k))
		}
		fields = append(fields, "'v', "+a[0])
		list = "transform(array_sort(collect_list(named_struct(" + strings.Join(fields, ", ") + "))" + filter + "), e -> e.v)"
	default:
		list = "collect_list(" + a[0] + ")" + filter
	}
	if name != "string_agg" {
		if !distinct && len(keys) == 0 {
			// collect_list drops NULLs as array_agg does not: keep them in a struct.
			list = "transform(collect_list(named_struct('v', " + a[0] + "))" + filter + ", e -> e.v)"
		}
		return "nullif(" + list + ", array())", nil
	}
	sep := "','"
	if len(a) > 1 {
		sep = a[1]
	}
	return "nullif(array_join(" + list + ", " + sep + "), '')", nil
}

// dateDiff is DuckDB's date_diff(part, a, b): the number of part boundaries between a and b.
func dateDiff(raw [][]token, a []string) (string, error) {
	if len(a) != 3 {
		return "", fmt.Errorf("date_diff takes 3 arguments")
	}
	p := significant(raw[0])
	if len(p) != 1 || p[0].kind != tString {
		return "", fmt.Errorf("date_diff: the part must be a string literal")
	}
	part := strings.ToLower(p[0].text)
	secs := map[string]int{"second": 1, "minute": 60, "hour": 3600}
	switch {
	case part == "day":
		return "datediff(CAST(" + a[2] + " AS DATE), CAST(" + a[1] + " AS DATE))", nil
	case secs[part] > 0:
		tr := func(x string) string {
			return "unix_seconds(CAST(date_trunc('" + part + "', " + x + ") AS TIMESTAMP_LTZ))"
		}
		return fmt.Sprintf("CAST((%s - %s) div %d AS BIGINT)", tr(a[2]), tr(a[1]), secs[part]), nil
	}
	return "", fmt.Errorf("date_diff: part %q is not translated", part)
}

// regexQuote quotes s for Java's regular expressions (Spark's split takes one).
func regexQuote(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`\^$.|?*+()[]{}`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// jsonStructureDDL turns DuckDB's from_json structure ('[{"a":"VARCHAR"}]') into Spark's
// schema DDL (ARRAY<STRUCT<`a`: STRING>>).
func jsonStructureDDL(spec string) (string, error) {
	v, err := parseJSONValue(spec)
	if err != nil {
		return "", err
	}
	return structureDDL(v)
}

func structureDDL(v any) (string, error) {
	switch x := v.(type) {
	case string:
		switch strings.ToUpper(x) {
		case "VARCHAR", "JSON":
			return "STRING", nil
		case "BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "TIMESTAMP", "DATE":
			return strings.ToUpper(x), nil
		}
		return "", fmt.Errorf("type %q is not translated", x)
	case []any:
		if len(x) != 1 {
			return "", fmt.Errorf("a list structure has one element")
		}
		inner, err := structureDDL(x[0])
		return "ARRAY<" + inner + ">", err
	case orderedObject:
		var fields []string
		for _, kv := range x {
			t, err := structureDDL(kv.v)
			if err != nil {
				return "", err
			}
			fields = append(fields, "`"+kv.k+"`: "+t)
		}
		return "STRUCT<" + strings.Join(fields, ", ") + ">", nil
	}
	return "", fmt.Errorf("unexpected %T", v)
}

type orderedObject []struct {
	k string
	v any
}

// parseJSONValue reads the small JSON of a structure, keeping object keys in order.
func parseJSONValue(s string) (any, error) {
	p := &jsonParser{s: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("trailing text in %q", s)
	}
	return v, nil
}

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) && strings.ContainsRune(" \t\n\r", rune(p.s[p.i])) {
		p.i++
	}
}

func (p *jsonParser) value() (any, error) {
	p.ws()
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("structure ends early")
	}
	switch p.s[p.i] {
	case '"':
		q, err := strconv.QuotedPrefix(p.s[p.i:])
		if err != nil {
			return nil, err
		}
		p.i += len(q)
		return strconv.Unquote(q)
	case '[':
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ']' {
			return nil, fmt.Errorf("want ] at %d", p.i)
		}
		p.i++
		return []any{v}, nil
	case '{':
		p.i++
		var obj orderedObject
		for {
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return obj, nil
			}
			k, err := p.value()
			if err != nil {
				return nil, err
			}
			key, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("object key is not a string")
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("want : at %d", p.i)
			}
			p.i++
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			obj = append(obj, struct {
				k string
				v any
			}{key, v})
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
			}
		}
	}
	return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i], p.i)
}

// sortedParamNames lists a rule's param values in order (for the files rules --dialect
// spark writes).
func sortedParamNames(vals map[string]any) []string { return slices.Sorted(maps.Keys(vals)) }

// lastPunct is the index of the last piece of out if it is a comma (spaces aside), else -1.
func lastPunct(out []piece) int {
	for k := len(out) - 1; k >= 0; k-- {
		if strings.TrimSpace(out[k].text) == "" {
			continue
		}
		if strings.TrimSpace(out[k].text) == "," {
			return k
		}
		return -1
	}
	return -1
}

// inFromClause reports whether the last clause keyword of toks (at this level) is FROM.
func inFromClause(toks []token) bool {
	for k := len(toks) - 1; k >= 0; k-- {
		if toks[k].kind != tIdent {
			continue
		}
		switch strings.ToUpper(toks[k].text) {
		case "FROM", "JOIN":
			return true
		case "SELECT", "WHERE", "GROUP", "HAVING", "ON", "ORDER":
			return false
		}
	}
	return false
}
