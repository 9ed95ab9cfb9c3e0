package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// The collector samples (testdata/collectors, issue 13) and what a loader must make of them
// (expected.json). Until ingest reads these shapes, this test holds the samples to their
// expectations on their own: each is well formed, holds the rows it says, and its
// culture-formatted dates decide the order the expectation names and read to its times.

type collectorSample struct {
	File    string           `json:"file"`
	Outcome string           `json:"outcome"`
	Table   string           `json:"table"`
	Rows    int              `json:"rows"`
	Dates   *collectorDates  `json:"dates"`
	Records []map[string]any `json:"records"`
	Refusal []string         `json:"refusal_mentions"`
}

type collectorDates struct {
	Columns []string `json:"columns"`
	Order   string   `json:"order"`
	Basis   string   `json:"basis"`
	Warn    bool     `json:"warn"`
}

const collectorsDir = "testdata/collectors"

func loadCollectorSamples(t *testing.T) []collectorSample {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(collectorsDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Samples []collectorSample }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if len(doc.Samples) == 0 {
		t.Fatal("expected.json lists no samples")
	}
	return doc.Samples
}

// sampleText is a sample's text, its byte order mark removed and UTF-16 decoded.
func sampleText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(collectorsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) {
		u := make([]uint16, (len(b)-2)/2)
		for i := range u {
			u[i] = uint16(b[2+2*i]) | uint16(b[3+2*i])<<8
		}
		return string(utf16.Decode(u))
	}
	return strings.TrimPrefix(string(b), "\ufeff")
}

func TestCollectorSamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(collectorsDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range loadCollectorSamples(t) {
		t.Run(s.File, func(t *testing.T) {
			if !bytes.Contains(readme, []byte(filepath.Base(s.File))) {
				t.Errorf("README.md does not name %s", filepath.Base(s.File))
			}
			switch s.Outcome {
			case "refuse":
				if len(s.Refusal) == 0 {
					t.Errorf("a refusal that names no export to make instead")
				}
				return
			case "load":
			default:
				t.Fatalf("outcome %q; want load or refuse", s.Outcome)
			}
			text := sampleText(t, s.File)
			var n int
			if strings.HasSuffix(s.File, ".csv") {
				n = checkCSVSample(t, s, text)
			} else {
				n = countJSONRecords(t, text)
			}
			if n != s.Rows {
				t.Errorf("holds %d records; expected.json says %d", n, s.Rows)
			}
		})
	}
}

// countJSONRecords counts the records of a JSON sample: any run of values (arrays, bare
// objects, one a line), Graph pages by their value, Azure Monitor's records wrapper.
func countJSONRecords(t *testing.T, text string) int {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	n := 0
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("not a run of JSON values: %v", err)
		}
		switch x := v.(type) {
		case []any:
			n += len(x)
		case map[string]any:
			if page, ok := x["value"].([]any); ok {
				n += len(page)
			} else {
				n++
			}
		default:
			t.Fatalf("a JSON %T where a record belongs", v)
		}
	}
}

// timeColumns names, per canonical column, the CSV columns a sample may hold it in.
var timeColumns = map[string][]string{
	"risk_last_updated_at": {"RiskLastUpdatedDateTime"},
	"detected_at":          {"DetectedDateTime"},
	"activity_at":          {"ActivityDateTime"},
	"created_at":           {"CreationDate", "createdDateTime", "CreatedDateTime [UTC]"},
}

var idColumns = []string{"Id", "id", "Identity"}

func checkCSVSample(t *testing.T, s collectorSample, text string) int {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	header, rows := rows[0], rows[1:]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	if s.Dates == nil {
		return len(rows)
	}
	var e dateEvidence
	for _, c := range s.Dates.Columns {
		i, ok := col[c]
		if !ok {
			t.Fatalf("no column %q", c)
		}
		for line, r := range rows {
			if err := e.add(r[i], line+2); err != nil {
				t.Fatal(err)
			}
		}
	}
	d, err := e.decide(nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.order.String() != s.Dates.Order || d.basis.String() != s.Dates.Basis || (d.basis == basisNone) != s.Dates.Warn {
		t.Errorf("dates %s by %s (warn %v); want %s by %s (warn %v): %s", d.order, d.basis, d.basis == basisNone,
			s.Dates.Order, s.Dates.Basis, s.Dates.Warn, d)
	}
	idCol := -1
	for _, c := range idColumns {
		if i, ok := col[c]; ok {
			idCol = i
			break
		}
	}
	for _, rec := range s.Records {
		var row []string
		for _, r := range rows {
			if r[idCol] == rec["id"] {
				row = r
			}
		}
		if row == nil {
			t.Errorf("no row with id %v", rec["id"])
			continue
		}
		for field, cols := range timeColumns {
			want, ok := rec[field].(string)
			if !ok {
				continue
			}
			for _, c := range cols {
				if i, ok := col[c]; ok {
					got, err := d.parse(row[i])
					if err != nil || rfc3339(got) != want {
						t.Errorf("%v %s: %q reads %s, %v; want %s", rec["id"], c, row[i], rfc3339(got), err, want)
					}
				}
			}
		}
	}
	return len(rows)
}
