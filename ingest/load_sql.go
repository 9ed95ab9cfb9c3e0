package ingest

import (
	"fmt"
	"strings"
)

// Stage 5's SQL: what reads a file (src, one or more CTEs) for the formats' mappings
// (formats/*.sql) to select from.

// jsonSource is the SQL defining src (one or more CTEs) for a JSON file that the
// normalizer feeds through $1. In the careful form, nested fields are read as JSON and
// turned into structs only when they are objects (lists only when arrays), and a record
// whose field has another type is set aside with the reason in raw._src_reject.
func (l *loader) jsonSource(src *source, careful bool) string {
	fm := src.format
	cols := map[string]string{"_line": "BIGINT", "_extra": "JSON"}
	var sel []string
	hint := quoteString(src.hint) + " AS _hint"
	nested := false
	var checks []string
	switch {
	case src.spec.wrap != "":
		cols = map[string]string{"_line": "BIGINT", src.spec.wrap: "JSON"}
		sel = append(sel, "_line", "NULL::VARCHAR AS _file", "NULL::JSON AS _extra", "CAST("+quoteIdent(src.spec.wrap)+" AS VARCHAR) AS "+quoteIdent(src.spec.wrap), hint)
		for _, c := range fm.columns {
			if c.alias != src.spec.wrap {
				sel = append(sel, "NULL::VARCHAR AS "+quoteIdent(c.alias))
			}
		}
	case src.flat:
		sel = append(sel, "_line", "NULL::VARCHAR AS _file", "_extra", hint)
		for _, c := range fm.columns {
			var parts []string
			seen := map[string]bool{}
			for _, n := range c.names {
				k := jsonKey(n)
				if seen[k] {
					continue
				}
				seen[k] = true
				cols[k] = "VARCHAR"
				parts = append(parts, "er_text("+quoteIdent(k)+")")
			}
			sel = append(sel, coalesceOf(parts)+" AS "+quoteIdent(c.alias))
		}
	case careful:
		nested = true
		sel = append(sel, "_line", "NULL::VARCHAR AS _file", "_extra", hint)
		for _, n := range fm.fieldTree().children {
			name := quoteIdent(n.name)
			if n.json {
				cols[n.name] = "JSON"
				sel = append(sel, name)
				continue
			}
			if len(n.children) == 0 && !n.list {
				cols[n.name] = "VARCHAR"
				sel = append(sel, name)
				continue
			}
			cols[n.name] = "JSON"
			want := "OBJECT"
			if n.list {
				want = "ARRAY"
			}
			sel = append(sel, fmt.Sprintf("CASE WHEN json_type(%s) = '%s' THEN from_json(%s, %s) END AS %s",
				name, want, name, quoteString(n.jsonStructure()), name))
			checks = append(checks, fmt.Sprintf("WHEN %s IS NOT NULL AND json_type(%s) NOT IN ('%s', 'NULL') THEN %s || ' is ' || %s || ', not %s'",
				name, name, want, quoteString(n.name), jsonTypeWords(name), map[bool]string{true: "a list", false: "an object"}[n.list]))
		}
	default:
		for k, v := range fm.structSpec() {
			cols[k] = v
		}
		sel = append(sel, "*", "NULL::VARCHAR AS _file", hint)
	}
	read := fmt.Sprintf("read_json($1, format='newline_delimited', maximum_object_size=33554432, hive_partitioning=false, columns=%s)", columnsLiteral(cols))
	if !nested {
		return fmt.Sprintf("src AS (SELECT %s FROM %s)", strings.Join(sel, ", "), read)
	}
	srcReject := "NULL::VARCHAR"
	if len(checks) > 0 {
		srcReject = "CASE " + strings.Join(checks, " ") + " END"
	}
	// The checks read the fields as JSON, before they become structs.
	return fmt.Sprintf("raw AS (SELECT %s, _src_reject FROM (SELECT *, %s AS _src_reject FROM %s)),\nsrc AS (SELECT * EXCLUDE (_src_reject) FROM raw WHERE _src_reject IS NULL)",
		strings.Join(sel, ", "), srcReject, read)
}

// jsonTypeWords names the JSON type of a value in words.
func jsonTypeWords(col string) string {
	return fmt.Sprintf("CASE json_type(%s) WHEN 'OBJECT' THEN 'an object' WHEN 'ARRAY' THEN 'a list' WHEN 'VARCHAR' THEN 'text' WHEN 'BOOLEAN' THEN 'true or false' ELSE 'a number' END", col)
}

func coalesceOf(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return "coalesce(" + strings.Join(parts, ", ") + ")"
}

// csvSource is the SQL of src for a CSV file at $1; numbered, its rows carry their
// record numbers in _line (which costs DuckDB its parallel read).
func (l *loader) csvSource(src *source, numbered bool) string {
	fm := src.format
	cols := map[string]string{}
	names := make([]string, len(src.header))
	byHeader := map[string][]int{}
	for i, h := range src.header {
		names[i] = fmt.Sprintf("c%03d", i)
		cols[names[i]] = "VARCHAR"
		byHeader[normHeader(h)] = append(byHeader[normHeader(h)], i)
	}
	used := map[int]bool{}
	line := "NULL::BIGINT AS _line"
	if numbered {
		line = "row_number() OVER () AS _line"
	}
	sel := []string{line, "NULL::VARCHAR AS _file", quoteString(src.hint) + " AS _hint"}
	hasWrap := false
	for _, c := range fm.columns {
		var parts []string
		for _, n := range c.names {
			for _, i := range byHeader[normHeader(n)] {
				if !used[i] {
					used[i] = true
					parts = append(parts, "er_text("+names[i]+")")
				}
			}
		}
		if c.alias == fm.wrap && len(parts) > 0 {
			hasWrap = true
		}
		if len(parts) == 0 {
			sel = append(sel, "NULL::VARCHAR AS "+quoteIdent(c.alias))
			continue
		}
		sel = append(sel, coalesceOf(parts)+" AS "+quoteIdent(c.alias))
	}
	// The columns no alias reads go to _extra; a wrap format whose file has no column for
	// the whole record (Log Analytics' OfficeActivity) gets every column as one object.
	var entries []string
	for i, h := range src.header {
		if fm.wrap != "" && !hasWrap || !used[i] {
			key := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), " [UTC]"))
			entries = append(entries, fmt.Sprintf("{'k': %s, 'v': %s}", quoteString(key), names[i]))
		}
	}
	obj := "NULL::JSON"
	if len(entries) > 0 {
		obj = "to_json(map_from_entries(list_filter([" + strings.Join(entries, ", ") + "], e -> e.v IS NOT NULL AND e.v <> '')))"
	}
	if fm.wrap != "" && !hasWrap {
		sel = append(sel, "CAST("+obj+" AS VARCHAR) AS "+quoteIdent(fm.wrap), "NULL::JSON AS _extra")
	} else {
		sel = append(sel, obj+" AS _extra")
	}
	compression := "'none'"
	if src.gz {
		compression = "'gzip'"
	}
	return fmt.Sprintf("SELECT %s FROM read_csv($1, header=true, auto_detect=false, delim=%s, quote='\"', escape='\"', columns=%s, max_line_size=8388608, compression=%s, hive_partitioning=false)",
		strings.Join(sel, ", "), quoteString(string(src.delim)), columnsLiteral(cols), compression)
}
