package ingest

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// A format maps one shape of export onto a canonical table. Each is an embedded SQL file
// under formats/: a header of "-- key: value" lines, then a SELECT over a relation named
// src that yields the table's columns plus _line (the source line, or NULL) and _reject
// (why the record cannot be stored, or NULL).
//
// Nested formats (Graph, Azure Monitor) declare the JSON paths they read with "field:"
// lines ("status.errorCode", "riskEventTypes[]", "authenticationDetails[].succeeded"); flat
// formats (CSV downloads, Log Analytics) declare "column:" lines, an alias followed by the
// header names or keys it may come under ("column: createddatetime "CreatedDateTime [UTC]"
// TimeGenerated"). Every leaf is read as text; the SELECT casts and validates.

//go:embed formats/*.sql
var formatFS embed.FS

type format struct {
	name      string // as in the manifest
	table     string // canonical table
	title     string // what exports it reads, for people
	file      string
	wrap      string   // JSON: the record is read whole as JSON under this name
	ordered   bool     // the SELECT reads _line as the record's place in the file
	fields    []string // nested JSON paths
	jsonKeys  []string // top-level members read whole, as JSON, as the export spells them
	columns   []column // flat columns
	dates     []string // aliases of the flat columns holding culture-formatted dates
	selectSQL string

	// derived once: every file of the format shares them (read-only)
	once  sync.Once
	known map[string]bool
	raw   map[string]bool
	tree  *fieldNode
	plans sync.Map // fast plans by hoist, split, hint and the extra keys: files share them
}

// derive works out what the format's files share.
func (f *format) derive() {
	f.once.Do(func() {
		f.known = f.buildKnownKeys()
		f.raw = f.buildRawKeys()
		f.tree = f.buildFieldTree()
	})
}

type column struct {
	alias string
	names []string // header names or keys, in order of preference
}

// loadFormats reads and checks every embedded format.
func loadFormats() (map[string]*format, error) {
	entries, err := fs.ReadDir(formatFS, "formats")
	if err != nil {
		return nil, err
	}
	out := map[string]*format{}
	for _, e := range entries {
		name := path.Join("formats", e.Name())
		b, err := fs.ReadFile(formatFS, name)
		if err != nil {
			return nil, err
		}
		f, err := parseFormat(name, string(b))
		if err != nil {
			return nil, err
		}
		if _, dup := out[f.name]; dup {
			return nil, fmt.Errorf("%s: format %s defined twice", name, f.name)
		}
		out[f.name] = f
	}
	return out, nil
}

// parseFormat reads a format file's header and keeps the rest as its SELECT.
func parseFormat(file, text string) (*format, error) {
	f := &format{file: file}
	sc := bufio.NewScanner(strings.NewReader(text))
	lineNo := 0
	var body strings.Builder
	inHeader := true
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if inHeader {
			t := strings.TrimSpace(line)
			if t == "" || !strings.HasPrefix(t, "--") {
				// The header ends at the first blank or SQL line; comments after it
				// belong to the SQL.
				inHeader = false
			} else {
				k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(t, "--")), ":")
				if !ok {
					return nil, fmt.Errorf("%s:%d: header line is not 'key: value'", file, lineNo)
				}
				v = strings.TrimSpace(v)
				switch strings.TrimSpace(k) {
				case "format":
					f.name = v
				case "table":
					f.table = v
				case "title":
					f.title = v
				case "wrap":
					f.wrap = v
				case "ordered":
					if v != "true" && v != "false" {
						return nil, fmt.Errorf("%s:%d: ordered is true or false", file, lineNo)
					}
					f.ordered = v == "true"
				case "field":
					if v == "" {
						return nil, fmt.Errorf("%s:%d: empty field", file, lineNo)
					}
					f.fields = append(f.fields, v)
				case "json":
					if v == "" || strings.ContainsAny(v, ".[] ") {
						return nil, fmt.Errorf("%s:%d: a json line names one top-level member", file, lineNo)
					}
					f.jsonKeys = append(f.jsonKeys, v)
				case "dates":
					// The columns whose values Export-Csv wrote in the collecting machine's
					// culture: ingest decides their order once per file (culturedate.go) and
					// er_cts reads them that way.
					f.dates = append(f.dates, strings.Fields(strings.ToLower(v))...)
				case "column":
					c, err := parseColumn(v)
					if err != nil {
						return nil, fmt.Errorf("%s:%d: %v", file, lineNo, err)
					}
					f.columns = append(f.columns, c)
				default:
					return nil, fmt.Errorf("%s:%d: unknown header key %q", file, lineNo, strings.TrimSpace(k))
				}
				continue
			}
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	f.selectSQL = strings.TrimSpace(body.String())
	switch {
	case f.name == "":
		return nil, fmt.Errorf("%s: no format name", file)
	case f.table == "":
		return nil, fmt.Errorf("%s: no table", file)
	case f.selectSQL == "":
		return nil, fmt.Errorf("%s: no SELECT", file)
	case len(f.fields) > 0 && len(f.columns) > 0:
		return nil, fmt.Errorf("%s: both field and column lines", file)
	case len(f.jsonKeys) > 0 && len(f.fields) == 0:
		return nil, fmt.Errorf("%s: json lines belong with field lines", file)
	case len(f.fields) == 0 && len(f.columns) == 0 && f.wrap == "":
		return nil, fmt.Errorf("%s: no field or column lines", file)
	}
	for _, d := range f.dates {
		if f.dateColumn(d) == nil {
			return nil, fmt.Errorf("%s: dates names %q, which no column line defines", file, d)
		}
	}
	return f, nil
}

// dateColumn is the flat column of an alias named on the dates line.
func (f *format) dateColumn(alias string) *column {
	for i := range f.columns {
		if f.columns[i].alias == alias {
			return &f.columns[i]
		}
	}
	return nil
}

// parseColumn reads `alias "Header one" Header2 ...`.
func parseColumn(v string) (column, error) {
	var words []string
	for v = strings.TrimSpace(v); v != ""; v = strings.TrimSpace(v) {
		if v[0] == '"' {
			end := strings.IndexByte(v[1:], '"')
			if end < 0 {
				return column{}, fmt.Errorf("unclosed quote in column line")
			}
			words = append(words, v[1:1+end])
			v = v[2+end:]
			continue
		}
		w, rest, _ := strings.Cut(v, " ")
		words = append(words, w)
		v = rest
	}
	if len(words) == 0 {
		return column{}, fmt.Errorf("empty column line")
	}
	c := column{alias: strings.ToLower(words[0]), names: words[1:]}
	if len(c.names) == 0 {
		c.names = []string{words[0]}
	}
	return c, nil
}

// knownKeys lists the top-level JSON keys (lower case) the format has columns for.
func (f *format) knownKeys() map[string]bool { f.derive(); return f.known }

func (f *format) buildKnownKeys() map[string]bool {
	m := map[string]bool{}
	for _, p := range f.fields {
		top, _, _ := strings.Cut(p, ".")
		m[strings.ToLower(strings.TrimSuffix(top, "[]"))] = true
	}
	for _, k := range f.jsonKeys {
		m[strings.ToLower(k)] = true
	}
	for _, c := range f.columns {
		for _, n := range c.names {
			m[jsonKey(n)] = true
		}
	}
	return m
}

// jsonKey is the JSON key a flat column takes in a JSON export: lower case, without the
// " [UTC]" that Log Analytics adds to time headers.
func jsonKey(header string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(header), " [UTC]")))
}

// fieldNode is one level of the tree of nested fields.
type fieldNode struct {
	name     string // lower case
	orig     string // as the format declares it (as Graph spells it)
	list     bool   // a list of these
	json     bool   // read whole, as JSON
	children []*fieldNode
}

// structSpec builds DuckDB's read_json column types from the field paths, lower-cased:
// key -> type.
func (f *format) structSpec() map[string]string {
	out := map[string]string{}
	for _, c := range f.fieldTree().children {
		out[c.name] = c.duckType()
	}
	return out
}

// fieldTree is the tree of the format's nested fields, names lower-cased.
func (f *format) fieldTree() *fieldNode { f.derive(); return f.tree }

func (f *format) buildFieldTree() *fieldNode {
	root := &fieldNode{}
	for _, p := range f.fields {
		n := root
		for _, seg := range strings.Split(p, ".") {
			list := strings.HasSuffix(seg, "[]")
			orig := strings.TrimSuffix(seg, "[]")
			name := strings.ToLower(orig)
			var child *fieldNode
			for _, c := range n.children {
				if c.name == name {
					child = c
				}
			}
			if child == nil {
				child = &fieldNode{name: name, orig: orig, list: list}
				n.children = append(n.children, child)
			}
			n = child
		}
	}
	for _, k := range f.jsonKeys {
		root.children = append(root.children, &fieldNode{name: strings.ToLower(k), orig: k, json: true})
	}
	return root
}

// rawKeys lists the members (lower case) read whole as JSON.
func (f *format) rawKeys() map[string]bool { f.derive(); return f.raw }

func (f *format) buildRawKeys() map[string]bool {
	if len(f.jsonKeys) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, k := range f.jsonKeys {
		m[strings.ToLower(k)] = true
	}
	return m
}

// jsonStructure renders the node as the structure argument of DuckDB's from_json.
func (n *fieldNode) jsonStructure() string {
	t := `"VARCHAR"`
	if len(n.children) > 0 {
		parts := make([]string, len(n.children))
		for i, c := range n.children {
			parts[i] = strconv.Quote(c.name) + ":" + c.jsonStructure()
		}
		t = "{" + strings.Join(parts, ",") + "}"
	}
	if n.list {
		t = "[" + t + "]"
	}
	return t
}

func (n *fieldNode) duckType() string { return n.duckTypeAs(false) }

// duckTypeAs renders the node's DuckDB type, with member names lower-cased or (orig) as
// declared.
func (n *fieldNode) duckTypeAs(orig bool) string {
	if n.json {
		return "JSON"
	}
	t := "VARCHAR"
	if len(n.children) > 0 {
		parts := make([]string, len(n.children))
		for i, c := range n.children {
			name := c.name
			if orig {
				name = c.orig
			}
			parts[i] = quoteIdent(name) + " " + c.duckTypeAs(orig)
		}
		t = "STRUCT(" + strings.Join(parts, ", ") + ")"
	}
	if n.list {
		t += "[]"
	}
	return t
}

// columnsLiteral renders a key -> type map as read_json's columns={...} argument, in a
// fixed order.
func columnsLiteral(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteString(k))
		b.WriteString(": ")
		b.WriteString(quoteString(m[k]))
	}
	b.WriteByte('}')
	return b.String()
}

func quoteIdent(s string) string  { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
