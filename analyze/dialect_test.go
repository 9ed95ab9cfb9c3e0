package analyze

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSparkRulesTranslate: every enabled rule translates, with its tunables and period
// filled in, and nothing DuckDB-only is left in the Spark SQL.
func TestSparkRulesTranslate(t *testing.T) {
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	since := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	got, err := SparkRules(Settings{Since: since, Until: since.AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rules) {
		t.Fatalf("%d rules translated, want %d", len(got), len(rules))
	}
	duckOnly := []string{"$", "list_filter(", "list_transform(", "array_agg(", "string_agg(", "time_bucket(",
		"regexp_matches(", "json_extract_string(", "unnest(", "arg_min(", "date_diff(", " VARCHAR", "::", "QUALIFY"}
	for _, r := range got {
		if !strings.Contains(r.SQL, "TIMESTAMP '2026-10-01 00:00:00'") && strings.Contains(r.Rule.SQL, "$since") {
			t.Errorf("%s: the period's start is not filled in", r.Rule.ID)
		}
		code := r.SQL // comments are dropped in translation
		// String literals may hold anything; look at the code outside them.
		for _, w := range duckOnly {
			if strings.Contains(stripStrings(code), w) {
				t.Errorf("%s: %q left in the Spark SQL", r.Rule.ID, w)
			}
		}
		if m := macroCall.FindString(stripStrings(code)); m != "" {
			t.Errorf("%s: macro %s left in the Spark SQL", r.Rule.ID, m)
		}
		for _, p := range r.Rule.Params {
			if strings.Contains(r.SQL, "$"+p.Name) {
				t.Errorf("%s: $%s not filled in", r.Rule.ID, p.Name)
			}
		}
	}
	// A tunable changed in the settings is the value the Spark SQL holds.
	custom, err := SparkRules(Settings{Params: map[string]map[string]any{"brute_force": {"window_minutes": int64(17)}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range custom {
		if r.Rule.ID == "brute_force" && !strings.Contains(r.SQL, "17 * INTERVAL '1' MINUTE") {
			t.Errorf("brute_force: window_minutes 17 is not in the Spark SQL:\n%s", r.SQL)
		}
	}
	// A disabled rule is left out.
	fewer, err := SparkRules(Settings{Disabled: map[string]bool{"brute_force": true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fewer) != len(rules)-1 {
		t.Errorf("with brute_force disabled: %d rules, want %d", len(fewer), len(rules)-1)
	}
}

var macroCall = regexp.MustCompile(`\ber_[a-z_]+\(`)

// stripStrings drops the text of Spark string literals ('...' with backslash escapes).
func stripStrings(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in && c == '\\':
			i++
		case in && c == '\'':
			in = false
		case in:
		case c == '\'':
			in = true
			b.WriteString("''")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Each construct of the dialect layer, as DuckDB writes it and as Spark SQL runs it.
func TestSparkDialectConstructs(t *testing.T) {
	for _, tt := range []struct{ duck, spark string }{
		{`list_filter(xs, p -> p.a = 1)`, `filter(xs, p -> p.a = 1)`},
		{`list_transform(xs, t -> t.b)`, `transform(xs, t -> t.b)`},
		{`regexp_matches(lower(ua), 'curl|python')`, `rlike(lower(ua), 'curl|python')`},
		{`regexp_extract(ip, '^([0-9]+)\.', 1)`, `regexp_extract(ip, '^([0-9]+)\\.', 1)`},
		{`regexp_extract_all(t, '[a-z]+@[a-z.]+')`, `regexp_extract_all(t, '[a-z]+@[a-z.]+', 0)`},
		{`CAST(asn AS VARCHAR)`, `CAST(asn AS STRING)`},
		{`CAST(x AS VARCHAR[])`, `CAST(x AS ARRAY<STRING>)`},
		{`xs[1]`, `try_element_at(xs, 1)`},
		{`list_filter(xs, p -> p.a)[1].newvalue`, `try_element_at(filter(xs, p -> p.a), 1).newvalue`},
		{`string_split(ip, ':')[1:4]`, `slice(split(ip, ':'), 1, 4)`},
		{`list(id ORDER BY created_at, id)[1:50]`, `slice(nullif(transform(array_sort(collect_list(named_struct('k0', created_at, 'k1', id, 'v', id))), e -> e.v), array()), 1, 50)`},
		{`[prev_id, id]`, `array(prev_id, id)`},
		{`coalesce(ids, [])`, `coalesce(ids, array())`},
		{`string_agg(DISTINCT c, ', ' ORDER BY c)`, `nullif(array_join(array_sort(collect_set(c)), ', '), '')`},
		{`array_agg(id ORDER BY created_at, id)`, `nullif(transform(array_sort(collect_list(named_struct('k0', created_at, 'k1', id, 'v', id))), e -> e.v), array())`},
		{`list(id ORDER BY created_at) FILTER (WHERE src = 'signins')`, `nullif(transform(array_sort(collect_list(named_struct('k0', created_at, 'v', id)) FILTER (WHERE src = 'signins')), e -> e.v), array())`},
		{`list(DISTINCT net)`, `nullif(array_sort(collect_set(net)), array())`},
		{`arg_min(ip, created_at)`, `min_by(ip, created_at)`},
		{`date_diff('day', a, b)`, `datediff(CAST(b AS DATE), CAST(a AS DATE))`},
		{`date_diff('second', a, b)`, `CAST((unix_seconds(CAST(date_trunc('second', b) AS TIMESTAMP_LTZ)) - unix_seconds(CAST(date_trunc('second', a) AS TIMESTAMP_LTZ))) div 1 AS BIGINT)`},
		{`time_bucket(10 * INTERVAL '1' MINUTE, t)`, `CAST(timestamp_seconds(946857600 + floor((unix_seconds(CAST(t AS TIMESTAMP_LTZ)) - 946857600) / unix_seconds(TIMESTAMP_LTZ '1970-01-01 00:00:00Z' + (10 * INTERVAL '1' MINUTE))) * unix_seconds(TIMESTAMP_LTZ '1970-01-01 00:00:00Z' + (10 * INTERVAL '1' MINUTE))) AS TIMESTAMP_NTZ)`},
		{`json_extract_string(d, '$.UserAgent')`, `get_json_object(d, '$.UserAgent')`},
		{`json_extract_string(d, ['$.A', '$.B'])`, `array(get_json_object(d, '$.A'), get_json_object(d, '$.B'))`},
		{`from_json(tr, '[{"name":"VARCHAR","value":"VARCHAR"}]')`, "from_json(tr, 'ARRAY<STRUCT<`name`: STRING, `value`: STRING>>')"},
		{`trim(v, '"[] ')`, `btrim(v, '"[] ')`},
		{`rtrim(v, '.')`, `trim(TRAILING '.' FROM v)`},
		{`list_prepend(a, xs)`, `concat(array(a), xs)`},
		{`list_contains(nets, net)`, `array_contains(nets, net)`},
		{`FROM c, unnest(regexp_extract_all(c.t, 'x')) AS a(addr) WHERE true`, `FROM c LATERAL VIEW explode(regexp_extract_all(c.t, 'x', 0)) a AS addr WHERE true`},
		{`n // 17`, `n  div  17`},
		{`'it''s'`, `'it\'s'`},
		{`regexp_matches(n, '[[:alnum:]]')`, `rlike(n, '[\\p{Alnum}]')`},
		{`"Quoted Name"`, "`Quoted Name`"},
		{`x -- a comment (with a paren`, `x  `},
		{`er_text(v)`, "(\n    CASE WHEN (v) = '' OR (v) = '<null>' OR (v) = 'null' THEN NULL ELSE (v) END\n)"},
	} {
		got, err := SparkExpr(tt.duck)
		if err != nil {
			t.Errorf("%s: %v", tt.duck, err)
			continue
		}
		if got != tt.spark {
			t.Errorf("%s\n got: %s\nwant: %s", tt.duck, got, tt.spark)
		}
	}
	for _, bad := range []string{`x::VARCHAR`, `date_diff('week', a, b)`, `list_filter(xs, p -> p.a`, `from_json(x, y)`} {
		if _, err := SparkExpr(bad); err == nil {
			t.Errorf("%s: translated, want an error", bad)
		}
	}
}

// A text tunable is data: quotes and backslashes in it stay inside the Spark literal.
func TestSparkParamIsData(t *testing.T) {
	r := Rule{ID: "x", SQL: `SELECT regexp_matches(ua, $agents) AS hit`}
	q, err := SparkSQL(r, map[string]any{"agents": `python\.x' OR '1'='1`}, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `rlike(ua, 'python\\.x\' OR \'1\'=\'1')`; !strings.Contains(q, want) {
		t.Errorf("got %s, want it to hold %s", q, want)
	}
}
