package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// censusOf runs a census over in: as the file streams past, or (split) handed the keys by
// the splitter as it splits in.
func censusOf(t *testing.T, p *fastPlan, split bool, in string, byteAtATime bool) *keyCensus {
	t.Helper()
	c := newKeyCensus(p)
	if split {
		var r io.Reader = strings.NewReader(in)
		if byteAtATime {
			defer func(n int) { splitBufSize = n }(splitBufSize)
			splitBufSize = 4
			r = &oneByteReader{s: in}
		}
		if _, err := splitRecords(r, io.Discard, 0, 0, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if byteAtATime {
		for i := 0; i < len(in); i++ {
			c.Write([]byte{in[i]})
		}
	} else {
		c.Write([]byte(in))
	}
	return c
}

func keysOf(m map[string]bool) string {
	k := make([]string, 0, len(m))
	for x := range m {
		k = append(k, x)
	}
	slices.Sort(k)
	return strings.Join(k, ",")
}

func TestKeyCensus(t *testing.T) {
	formats, err := loadFormats()
	if err != nil {
		t.Fatal(err)
	}
	f := formats["graph_signins"]
	tree := f.fieldTree()
	plain := buildFastPlan(&source{format: f}, tree, false, map[string]bool{"homeTenantName": true})
	hoisted := buildFastPlan(&source{format: f}, tree, true, map[string]bool{})
	tests := []struct {
		name       string
		plan       *fastPlan
		split      bool
		in         string
		top, inner string
	}{
		{"known keys, nested unknown keys ignored", plain, false,
			`{"id":"a","status":{"errorCode":0,"brandNew":1},"homeTenantName":"x","userAgent":"\"}{,\"q\":"}` + "\n", "", ""},
		{"a key first seen later", plain, false,
			`{"id":"a"}` + "\n" + `{"id":"b","rareField":[{"x":"}"}],"userAgent":"a\\"}` + "\n" + `{"id":"c"}` + "\n", "rareField", ""},
		{"a key spelled otherwise", plain, false, `{"Id":"a"}` + "\n", "Id", ""},
		{"split page: a record's own _line is unknown", plain, true,
			`{"@odata.context":"x","value":[{"id":"a","status":{"rare":1}},{"id":"b","_line":7}],"@odata.nextLink":"y"}`, "_line", ""},
		{"split array: a key first seen later", plain, true,
			`[{"id":"a"},{"id":"b","userAgent":"}\"{","rareField":[{"x":"}"}]}]`, "rareField", ""},
		{"split records one a line", plain, true, `{"id":"a","homeTenantName":"x"}` + "\n" + `{"id":"b","rare":{"z":1}}` + "\n", "rare", ""},
		{"split azure wrapper", hoisted, true,
			`{"records":[{"time":"t","category":"SignInLogs","properties":{"id":"a","newOne":{"id":1},"status":{"x":1}},"Level":"4"}]}`, "", "newOne"},
		{"split azure records one a line", hoisted, true,
			`{"time":"t","properties":{"id":"a","newOne":[1]},"fresh":1}` + "\n", "fresh", "newOne"},
		{"azure: envelope and properties", hoisted, false,
			`{"time":"t","category":"SignInLogs","operationName":"Sign-in activity","properties":{"id":"a","newOne":{"id":1}},"tenantId":"x"}` + "\n", "", "newOne"},
		{"azure: a new envelope member", hoisted, false,
			`{"time":"t","properties":{"id":"a"},"fresh":1}` + "\n", "fresh", ""},
	}
	for _, tt := range tests {
		for _, slow := range []bool{false, true} {
			c := censusOf(t, tt.plan, tt.split, tt.in, slow)
			if got := keysOf(c.newTop); got != tt.top {
				t.Errorf("%s (byte at a time %v): new top-level keys %q; want %q", tt.name, slow, got, tt.top)
			}
			if got := keysOf(c.newInner); got != tt.inner {
				t.Errorf("%s (byte at a time %v): new keys in properties %q; want %q", tt.name, slow, got, tt.inner)
			}
		}
	}
	// widen takes a new key into the plan, and refuses one it cannot read.
	c := censusOf(t, plain, false, `{"id":"a","rareField":1}`+"\n", false)
	if w := widen(plain, c); w == nil || !w.unknown["rareField"] || !w.unknown["homeTenantName"] {
		t.Errorf("widen did not take rareField in")
	}
	c = censusOf(t, plain, false, `{"Id":"a"}`+"\n", false)
	if widen(plain, c) != nil {
		t.Errorf("widen took a key spelled otherwise than the format declares it")
	}
}

// A field that first appears after the records the fast path sampled is kept in extra,
// whether the file is read as it is, split, or loaded in a batch.
func TestFieldPastTheSampleKept(t *testing.T) {
	record := func(i int, extra string) string {
		return fmt.Sprintf(`{"id":"r%d","createdDateTime":"2026-10-01T10:00:00Z","userPrincipalName":"u@contoso.com"%s}`, i, extra)
	}
	write := func(dir, name string, page bool, newAt int) {
		var b strings.Builder
		if page {
			b.WriteString(`{"value":[`)
		}
		for i := 0; i < 200; i++ {
			extra := ""
			if i == newAt {
				extra = `,"brandNewField":{"Nested":[1,"}"]}`
			}
			if page && i > 0 {
				b.WriteString(",")
			}
			b.WriteString(record(i, extra))
			if !page {
				b.WriteString("\n")
			}
		}
		if page {
			b.WriteString("]}")
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name  string
		files map[string]bool // name: a page
	}{
		{"one record a line", map[string]bool{"a.jsonl": false}},
		{"page", map[string]bool{"a.json": true}},
		{"batch of lines", map[string]bool{"a.jsonl": false, "b.jsonl": false}},
		{"batch of pages", map[string]bool{"a.json": true, "b.json": true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, page := range tt.files {
				write(dir, name, page, 150)
			}
			st := openStore(t)
			runIngest(t, st, dir)
			var n int
			st.DB.QueryRow(`SELECT count(*) FROM signins WHERE json_type(extra, '$.brandnewfield') = 'OBJECT'`).Scan(&n)
			if n != 1 {
				var all int
				st.DB.QueryRow(`SELECT count(*) FROM signins`).Scan(&all)
				t.Errorf("got %d rows (of %d) keeping brandNewField in extra; want 1", n, all)
			}
		})
	}
}

// The same for Azure Monitor's records, whose fields sit inside properties.
func TestAzureFieldPastTheSampleKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "insights-logs-signinlogs")
	os.MkdirAll(dir, 0o755)
	var b strings.Builder
	for i := 0; i < 200; i++ {
		extra := ""
		if i == 150 {
			extra = `,"brandNewField":[{"a":"b"}]`
		}
		fmt.Fprintf(&b, `{"time":"2026-10-01T10:00:00.0000000Z","resourceId":"/tenants/x/providers/Microsoft.aadiam","operationName":"Sign-in activity","category":"SignInLogs","tenantId":"x","properties":{"id":"r%d","createdDateTime":"2026-10-01T10:00:00Z","userPrincipalName":"u@contoso.com"%s}}`+"\n", i, extra)
	}
	if err := os.WriteFile(filepath.Join(dir, "PT1H.json"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum := runIngest(t, st, filepath.Dir(dir))
	var n, all int
	st.DB.QueryRow(`SELECT count(*) FROM signins WHERE json_type(extra, '$.brandnewfield') = 'ARRAY'`).Scan(&n)
	st.DB.QueryRow(`SELECT count(*) FROM signins`).Scan(&all)
	if n != 1 || all != 200 {
		t.Errorf("got %d rows of %d keeping brandNewField in extra (format %s); want 1 of 200", n, all, sum.Files[0].Format)
	}
}

// Whatever the records, the census reports exactly the top-level keys encoding/json finds
// that the plan does not read, however the stream is cut into writes.
func FuzzKeyCensus(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","x":{"y":[1,{"z":"}"}]},"userAgent":"\"{"}` + "\n" + `{"id":"b","w":null}` + "\n",
		`{"id":"a"}`, `{"a":{"b":{"c":{"d":1}}},"e":[[],[{}]]}`,
	} {
		f.Add([]byte(s), uint8(3))
	}
	formats, err := loadFormats()
	if err != nil {
		f.Fatal(err)
	}
	fm := formats["graph_signins"]
	plan := buildFastPlan(&source{format: fm}, fm.fieldTree(), false, map[string]bool{})
	f.Fuzz(func(t *testing.T, in []byte, cut uint8) {
		if bytes.IndexByte(in, '\\') >= 0 {
			return // escaped names are reported as written; encoding/json decodes them
		}
		want := map[string]bool{}
		dec := json.NewDecoder(bytes.NewReader(in))
		for {
			var rec map[string]json.RawMessage
			err := dec.Decode(&rec)
			if err == io.EOF {
				break
			}
			if err != nil || rec == nil {
				return // only streams of objects
			}
			for k := range rec {
				if !newKeyCensus(plan).knownTop(k) {
					want[k] = true
				}
			}
		}
		if dec.InputOffset() != int64(len(bytes.TrimRight(in, " \t\r\n"))) {
			return
		}
		c := newKeyCensus(plan)
		step := int(cut%16) + 1
		for i := 0; i < len(in); i += step {
			c.Write(in[i:min(i+step, len(in))])
		}
		if got, w := keysOf(c.newTop), keysOf(want); got != w {
			t.Fatalf("census found %q; encoding/json %q", got, w)
		}
		// The splitter hands a census the same keys, from records one after another and
		// from an array of them.
		var recs [][]byte
		dec = json.NewDecoder(bytes.NewReader(in))
		for {
			var raw json.RawMessage
			if dec.Decode(&raw) != nil {
				break
			}
			recs = append(recs, raw)
		}
		for _, doc := range [][]byte{in, append(append([]byte("["), bytes.Join(recs, []byte(","))...), ']')} {
			c := newKeyCensus(plan)
			if _, err := splitRecords(bytes.NewReader(doc), io.Discard, 0, 0, c); err != nil {
				return // a shape the splitter leaves to the normalizer
			}
			if got, w := keysOf(c.newTop), keysOf(want); got != w {
				t.Fatalf("split census of %q found %q; encoding/json %q", doc, got, w)
			}
		}
	})
}

// A file whose records bring ever more keys is no shape for a plan: the census stops
// collecting them and the file goes to the normalizer.
func TestKeyCensusBounded(t *testing.T) {
	formats, err := loadFormats()
	if err != nil {
		t.Fatal(err)
	}
	fm := formats["graph_signins"]
	plan := buildFastPlan(&source{format: fm}, fm.fieldTree(), false, map[string]bool{})
	c := newKeyCensus(plan)
	for i := 0; i < 10*maxNewKeys; i++ {
		c.Write(fmt.Appendf(nil, `{"id":"a","k%d":1}`+"\n", i))
	}
	if n := len(c.newTop); n > maxNewKeys || !c.overflow {
		t.Errorf("got %d keys kept, overflow %v; want at most %d and overflow", n, c.overflow, maxNewKeys)
	}
	if !c.found() || widen(plan, c) != nil {
		t.Errorf("an overflowing census must send the file to the normalizer")
	}
}
