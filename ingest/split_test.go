package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// splitLines runs the splitter over in (read through r when given) and parses its lines.
func splitLines(t *testing.T, in string, r io.Reader) ([]map[string]any, error) {
	t.Helper()
	if r == nil {
		r = strings.NewReader(in)
	}
	var out bytes.Buffer
	n, err := splitRecords(r, &out, 0, 0, nil)
	if err != nil {
		return nil, err
	}
	var recs []map[string]any
	for _, l := range strings.SplitAfter(out.String(), "\n") {
		if l == "" {
			continue
		}
		if !strings.HasSuffix(l, "\n") || strings.Count(l, "\n") != 1 {
			t.Fatalf("output is not one record a line: %q", l)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("output line is not JSON: %v: %q", err, l)
		}
		recs = append(recs, rec)
	}
	if int64(len(recs)) != n {
		t.Fatalf("got %d lines for %d records", len(recs), n)
	}
	return recs, nil
}

func TestSplitShapes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // each record as JSON, with its _line
	}{
		{"graph page", "{\"@odata.context\":\"x\",\n \"value\": [\n  {\"id\":\"a\", \"b\":{\"c\":[1,{\"d\":\"}]\\\"{\"}]}},\n  {\"id\":\"b\"}\n ],\n \"@odata.nextLink\":\"y\"}",
			[]string{`{"_line":3,"id":"a","b":{"c":[1,{"d":"}]\"{"}]}}`, `{"_line":4,"id":"b"}`}},
		{"records wrapper", `{"records":[{"properties":{"id":"x"},"category":"SignInLogs"}]}`,
			[]string{`{"_line":1,"properties":{"id":"x"},"category":"SignInLogs"}`}},
		{"array", `[{"a":[1,2,{"X":null}]}, {}]`, []string{`{"_line":1,"a":[1,2,{"X":null}]}`, `{"_line":1}`}},
		{"concatenated arrays", "[{\"a\":1}][{\"a\":2}]\n[{\"a\":3}]", []string{`{"_line":1,"a":1}`, `{"_line":1,"a":2}`, `{"_line":2,"a":3}`}},
		{"ndjson crlf bom", "\xef\xbb\xbf{\"a\":1}\r\n{\"a\":2}\r\n", []string{`{"_line":1,"a":1}`, `{"_line":2,"a":2}`}},
		{"pretty printed", "[\n  {\n    \"a\": \"x\\\\\",\n    \"b\": [\n      1\n    ]\n  },\n  {\n    \"a\": \"\\\\\\\"\"\n  }\n]\n",
			[]string{`{"_line":2,"a":"x\\","b":[1]}`, `{"_line":8,"a":"\\\""}`}},
		{"page after page", "{\"value\":[{\"a\":1}]}\n{\"value\":[{\"a\":2}],\"@odata.nextLink\":{\"n\":[1]}}\n", []string{`{"_line":1,"a":1}`, `{"_line":2,"a":2}`}},
		{"empty page", `{"value":[]}`, nil},
		{"unicode and escapes", `[{"city":"São Paulo","s":"a\"b\\","u":"\u00e9"}]`, []string{`{"_line":1,"city":"São Paulo","s":"a\"b\\","u":"é"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []map[string]any
			for _, w := range tt.want {
				var m map[string]any
				if err := json.Unmarshal([]byte(w), &m); err != nil {
					t.Fatal(err)
				}
				want = append(want, m)
			}
			for _, r := range []io.Reader{nil, &oneByteReader{s: tt.in}, &oneByteReader{s: tt.in}} {
				if _, ok := r.(*oneByteReader); ok {
					// A buffer of a few bytes moves every record across reads.
					defer func(n int) { splitBufSize = n }(splitBufSize)
					splitBufSize = 4
				}
				got, err := splitLines(t, tt.in, r)
				if err != nil {
					t.Fatalf("got error %v; want none", err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got\n%v\nwant\n%v", got, want)
				}
			}
		})
	}
}

func TestSplitBadInput(t *testing.T) {
	for _, in := range []string{
		"{\"value\":[\n{\"id\":\"a\"},\n{\"id\":\"b\",",
		`[{"a":"unterminated}]`,
		`["a","b"]`,
		"\x00\x01binary",
		`{"value":[{"a":1}`,
		`[{"a":1} {"a":2}]`,
	} {
		_, err := splitRecords(strings.NewReader(in), io.Discard, 0, 0, nil)
		var se *splitError
		if !errors.As(err, &se) {
			t.Errorf("%q: got error %v; want a splitError", in, err)
		}
	}
}

func TestSplitLineBaseAndMax(t *testing.T) {
	var out bytes.Buffer
	n, err := splitRecords(strings.NewReader(`[{"a":1},{"a":2},{"a":3}]`), &out, 5<<lineShift, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"_line\":21474836481,\"a\":1}\n{\"_line\":21474836481,\"a\":2}\n"
	if n != 2 || out.String() != want {
		t.Errorf("got %d records\n%s\nwant 2\n%s", n, out.String(), want)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		`{"value":[{"Id":"a","B":{"C":[1,2,{"D":null}]}}]}`,
		"[{\"a\":1}][{\"a\":2}]",
		"{\"a\":\"\\\\\"}\n{\"a\":2}\n",
		"[\n {\n  \"x\": \"é\\u00e9\\\"\"\n }\n]",
		`{"records":[{"properties":{"id":"x"},"category":"SignInLogs"}]}`,
		"{\"a\":1,}", "[", "{\"a\":tru}", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		// Where the normalizer reads a file, the splitter finds the same records on the
		// same lines.
		var norm bytes.Buffer
		res, err := normalizeJSON(bytes.NewReader(in), &norm, normSpec{})
		if err != nil || len(res.bad) > 0 {
			return
		}
		var out bytes.Buffer
		n, err := splitRecords(bytes.NewReader(in), &out, 0, 0, nil)
		if err != nil {
			t.Fatalf("normalizer read %d records, splitter failed: %v", res.records, err)
		}
		if n != int64(res.records) {
			t.Fatalf("splitter found %d records, normalizer %d", n, res.records)
		}
		nl, sl := strings.Split(norm.String(), "\n"), strings.Split(out.String(), "\n")
		for i := 0; i < res.records; i++ {
			var a, b struct {
				Line int64 `json:"_line"`
			}
			if err := json.Unmarshal([]byte(nl[i]), &a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(sl[i]), &b); err != nil {
				t.Fatalf("split line is not JSON: %v: %q", err, sl[i])
			}
			if a.Line != b.Line {
				t.Fatalf("record %d: split _line %d, normalizer %d", i, b.Line, a.Line)
			}
		}
	})
}

func TestFastPathChoice(t *testing.T) {
	formats, err := loadFormats()
	if err != nil {
		t.Fatal(err)
	}
	// How each export reaches DuckDB: read as it is (one record a line, keys as the
	// format spells them), split onto lines first (a page, an array, a wrapper), or
	// through the normalizer (keys spelled otherwise, flat exports).
	tests := []struct {
		file, want string
	}{
		{"graph_signins_v1_page.json", "split"},
		{"graph_directoryAudits_page.json", "split"},
		{"graph_signins_beta_noninteractive.jsonl", "direct"},
		{"graph_signins_powershell.json", "normalizer"},
		{"log_analytics_SigninLogs.json", "normalizer"},
	}
	for _, tt := range tests {
		src, err := sniff(filepath.Join("testdata/formats", tt.file), formats)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		got := "normalizer"
		if src.fast != nil && src.fast.split {
			got = "split"
		} else if src.fast != nil {
			got = "direct"
		}
		if got != tt.want {
			t.Errorf("%s: read by %s; want %s", tt.file, got, tt.want)
		}
	}
}

// A record of a page with a "_line" member of its own (past the sample that chose the
// splitter) makes DuckDB refuse the split line; the file is read again by the normalizer,
// and the record keeps its member in extra.
func TestSplitRecordWithItsOwnLine(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`{"value":[`)
	for i := 0; i < 150; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		own := ""
		if i == 120 {
			own = `,"_line":7`
		}
		fmt.Fprintf(&b, `{"id":"r%d","createdDateTime":"2026-10-01T10:00:00Z","userPrincipalName":"u@contoso.com"%s}`, i, own)
	}
	b.WriteString("]}")
	if err := os.WriteFile(filepath.Join(dir, "page.json"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum := runIngest(t, st, dir)
	if f := sum.Files[0]; f.Status != "loaded" || f.Added != 150 || f.Rejected != 0 {
		t.Fatalf("got %s, %d added, %d rejected; want loaded, 150, 0", f.Status, f.Added, f.Rejected)
	}
	var extra string
	if err := st.DB.QueryRow(`SELECT extra::VARCHAR FROM signins WHERE id = 'r120'`).Scan(&extra); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(extra, `"_line":7`) {
		t.Errorf("got extra %s; want the record's own _line kept", extra)
	}
}
