package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		`{"value":[{"Id":"a","B":{"C":[1,2,{"D":null}]}}]}`,
		"[{\"a\":1}][{\"a\":2}]",
		"{\"a\":\"\\/Date(1709287200000)\\/\"}\n{\"a\":2}\n",
		"\xef\xbb\xbf[{\"x\":\"é\\u00e9\\\"\"}]",
		`{"records":[{"properties":{"id":"x"},"category":"SignInLogs"}]}`,
		"{\"a\":1,}", "[", "{\"a\":tru}", "",
	} {
		f.Add([]byte(s))
	}
	specs := []normSpec{
		{},
		{hoist: "properties", known: map[string]bool{"id": true}, idKey: "id"},
		{wrap: "auditdata", idKey: "id"},
		{keepNestedCase: true, dedupeKeys: true},
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, spec := range specs {
			var out bytes.Buffer
			res, err := normalizeJSON(bytes.NewReader(in), &out, spec)
			if err != nil {
				continue
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if out.Len() == 0 {
				lines = nil
			}
			if len(lines) != res.records {
				t.Fatalf("got %d lines for %d records", len(lines), res.records)
			}
			for _, l := range lines {
				var rec map[string]any
				if err := json.Unmarshal([]byte(l), &rec); err != nil {
					t.Fatalf("output line is not a JSON object: %v: %q", err, l)
				}
				if n, ok := rec["_line"].(float64); !ok || n < 1 {
					t.Fatalf("output line has no _line: %q", l)
				}
			}
		}
	})
}

func FuzzSniff(f *testing.F) {
	for _, name := range []string{"graph_signins_v1_page.json", "log_analytics_SigninLogs.csv", "purview_audit_search.csv", "InteractiveSignIns_2026-10-05_2026-10-06.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata/formats", name))
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 4096 {
			b = b[:4096]
		}
		f.Add(b)
	}
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	// Export-Csv's UTF-16 (Windows PowerShell -Encoding Unicode) and a culture-dated CSV.
	for _, name := range []string{"extractor-suite/v3/RiskyEvents/20260323-RiskyUsers_utf16.csv", "extractor-suite/v2/UserInfo/RiskyDetections.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata/collectors", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	formats, err := loadFormats()
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, in []byte) {
		p := filepath.Join(dir, "in")
		if err := os.WriteFile(p, in, 0o600); err != nil {
			t.Fatal(err)
		}
		src, err := sniff(p, formats)
		if err != nil {
			return
		}
		if !src.empty && src.format == nil {
			t.Fatalf("sniff gave no format and no error")
		}
		if src.csv && len(src.header) < 2 {
			t.Fatalf("a CSV header of %d fields was accepted", len(src.header))
		}
	})
}

func FuzzFormatHeader(f *testing.F) {
	b, err := formatFS.ReadFile("formats/signins_portal.sql")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add("-- format: x\n-- table: t\n-- column: a \"B c\" D\nSELECT 1 FROM src\n")
	f.Add("-- format: x\n-- field: a.b[].c\n")
	f.Fuzz(func(t *testing.T, text string) {
		fm, err := parseFormat("fuzz.sql", text)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.sql") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if fm.name == "" || fm.table == "" || fm.selectSQL == "" {
			t.Fatalf("accepted a format without name, table or SELECT: %+v", fm)
		}
		fm.structSpec()
		fm.knownKeys()
	})
}
