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
	"unicode/utf8"
)

// signinsPlan is the fast plan of Graph sign-ins read as they are, knowing no extra keys.
func signinsPlan(tb testing.TB) *fastPlan {
	tb.Helper()
	formats, err := loadFormats()
	if err != nil {
		tb.Fatal(err)
	}
	fm := formats["graph_signins"]
	return buildFastPlan(&source{format: fm}, fm.fieldTree(), false, map[string]bool{})
}

// streamCensus runs a census for p over in as a file streaming past in writes of step
// bytes, 64 bytes at a time (vector) or a byte at a time.
func streamCensus(p *fastPlan, in []byte, step int, vector bool) *keyCensus {
	c := newKeyCensus(p)
	c.vector = vector
	for i := 0; i < len(in); i += step {
		c.Write(in[i:min(i+step, len(in))])
	}
	c.end()
	return c
}

// censusOf runs a census over in: as the file streams past, or (split) handed the keys by
// the splitter as it splits in.
// A census of a file read as it is scans it 64 bytes at a time (vector) where the machine
// can, else a byte at a time.
func censusOf(t *testing.T, p *fastPlan, split bool, in string, byteAtATime, vector bool) *keyCensus {
	t.Helper()
	if !split {
		step := max(len(in), 1)
		if byteAtATime {
			step = 1
		}
		return streamCensus(p, []byte(in), step, vector)
	}
	c := newKeyCensus(p)
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

// censusModes are the ways this machine can scan: a byte at a time, and 64 at a time where
// it has the instructions (the 64-byte logic runs on every machine with censusMasksGo).
func censusModes() []bool { return []bool{false, true} }

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
		for _, vector := range censusModes() {
			for _, slow := range []bool{false, true} {
				c := censusOf(t, tt.plan, tt.split, tt.in, slow, vector)
				if got := keysOf(c.newTop); got != tt.top {
					t.Errorf("%s (byte at a time %v, vector %v): new top-level keys %q; want %q", tt.name, slow, vector, got, tt.top)
				}
				if got := keysOf(c.newInner); got != tt.inner {
					t.Errorf("%s (byte at a time %v, vector %v): new keys in properties %q; want %q", tt.name, slow, vector, got, tt.inner)
				}
			}
		}
	}
	// widen takes a new key into the plan, and refuses one it cannot read.
	c := censusOf(t, plain, false, `{"id":"a","rareField":1}`+"\n", false, censusVector)
	if w := widen(plain, c); w == nil || !w.unknown["rareField"] || !w.unknown["homeTenantName"] {
		t.Errorf("widen did not take rareField in")
	}
	c = censusOf(t, plain, false, `{"Id":"a"}`+"\n", false, censusVector)
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
	plan := signinsPlan(f)
	f.Fuzz(func(t *testing.T, in []byte, cut uint8) {
		if bytes.IndexByte(in, '\\') >= 0 || !utf8.Valid(in) {
			return // escaped names are reported as written, and encoding/json decodes them (and
			// replaces bytes that are not UTF-8, where DuckDB refuses the file)
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
		for _, vector := range censusModes() {
			step := int(cut%16) + 1
			if cut >= 128 {
				step = 64*(1+int(cut%4)) + int(cut%64) // whole blocks and then some
			}
			c := streamCensus(plan, in, step, vector)
			if got, w := keysOf(c.newTop), keysOf(want); got != w {
				t.Fatalf("census (vector %v) found %q; encoding/json %q", vector, got, w)
			}
			if got, w := c.records(), recordsOf(in); got != w {
				t.Fatalf("census (vector %v) counted %d records; want %d", vector, got, w)
			}
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

// Keys, strings and escapes fall across the 64-byte blocks and the writes at every offset:
// the census still finds exactly the keys the plan does not read.
func TestKeyCensusAcrossBlocks(t *testing.T) {
	plan := signinsPlan(t)
	var in strings.Builder
	want := map[string]bool{}
	for i := 0; i < 200; i++ {
		fill := strings.Repeat("x", i%67) + strings.Repeat(`\\`, i%3) + `\"` + strings.Repeat("}", i%5)
		fmt.Fprintf(&in, `{"id":"%d","userAgent":"%s","status":{"k%d":[{"a":"\\"}]},"rare%d":{"deep":[1,{"x":"]"}]},"userId":"u"}`, i, fill, i, i%7)
		in.WriteString([]string{"\n", "\r\n", "\n\n"}[i%3])
		want[fmt.Sprintf("rare%d", i%7)] = true
		if i%50 == 0 { // a key longer than several blocks
			long := fmt.Sprintf("long%d%s", i, strings.Repeat("abcdefghij", 30))
			fmt.Fprintf(&in, `{"id":"l%d","%s":1}`+"\n", i, long)
			want[long] = true
		}
	}
	for _, vector := range censusModes() {
		for _, step := range []int{1, 7, 63, 64, 65, 200, 4096, in.Len()} {
			c := streamCensus(plan, []byte(in.String()), step, vector)
			if got := keysOf(c.newTop); got != keysOf(want) {
				t.Errorf("vector %v, writes of %d: found %q; want %q", vector, step, got, keysOf(want))
			}
			if c.records() != 204 {
				t.Errorf("vector %v, writes of %d: %d records; want 204", vector, step, c.records())
			}
		}
	}
}

// recordsOf counts the records of a one-record-a-line file: its lines but blank ones ("" or
// "\r"), and a last line without a line end if it has anything.
func recordsOf(in []byte) int64 {
	var n int64
	lines := strings.Split(string(in), "\n")
	for i, l := range lines {
		if i == len(lines)-1 && l != "" || i < len(lines)-1 && l != "" && l != "\r" {
			n++
		}
	}
	return n
}

func TestLineCounts(t *testing.T) {
	plan := signinsPlan(t)
	rec := `{"id":"a","userAgent":"x\\"}`
	for _, in := range []string{
		"", "\n", "\r\n", rec, rec + "\n", "\n" + rec, "\r\n" + rec + "\r\n", rec + "\n\n\n" + rec,
		rec + "\r\n\r\n" + rec + "\r", rec + "\n\r\n\r\n\n", strings.Repeat(rec+"\n", 40) + "\n\n" + strings.Repeat(rec+"\r\n", 30),
		strings.Repeat("\n", 130) + rec + strings.Repeat("\r\n", 70),
	} {
		want := recordsOf([]byte(in))
		for _, vector := range censusModes() {
			for _, step := range []int{1, 2, 3, 63, 64, 65, 1000} {
				c := streamCensus(plan, []byte(in), step, vector)
				if got := c.records(); got != want {
					t.Errorf("%q (vector %v, writes of %d): %d records; want %d", in, vector, step, got, want)
				}
			}
		}
	}
}

// The vector instructions mark the same bytes as the byte-at-a-time reference.
func TestCensusMasks(t *testing.T) {
	src := make([]byte, 64*300)
	r := uint64(1)
	alphabet := []byte("\"\\{}[],\n\rab \x00\xff\x7b\x5b\x3b\x0c")
	for i := range src {
		r = r*6364136223846793005 + 1442695040888963407
		src[i] = alphabet[(r>>33)%uint64(len(alphabet))]
		if r>>60 == 0 {
			src[i] = byte(r >> 40)
		}
	}
	got := make([]uint64, len(src)/64*censusMaskWords)
	want := make([]uint64, len(got))
	censusMasks(src, got)
	censusMasksGo(src, want)
	if !slices.Equal(got, want) {
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("block %d, mask %d: %064b; want %064b", i/censusMaskWords, i%censusMaskWords, got[i], want[i])
			}
		}
	}
}

// escaped marks what follows an odd run of backslashes, runs crossing blocks included.
func TestEscapedBits(t *testing.T) {
	r := uint64(7)
	for trial := 0; trial < 2000; trial++ {
		n := 1 + trial%5
		blocks := make([]uint64, n)
		for i := range blocks {
			r = r*6364136223846793005 + 1442695040888963407
			blocks[i] = r ^ r<<17 // dense in backslashes, with long runs
			if trial%3 == 0 {
				blocks[i] = ^uint64(0) << (r >> 58)
			}
		}
		var v vecState
		escapeNext := false // the reference: a backslash escapes the next byte, unless escaped itself
		for b, bs := range blocks {
			var want uint64
			for i := 0; i < 64; i++ {
				switch {
				case escapeNext:
					want |= 1 << i
					escapeNext = false
				case bs&(1<<i) != 0:
					escapeNext = true
				}
			}
			if got := v.escaped(bs); got != want {
				t.Fatalf("trial %d block %d: backslashes %064b escape %064b; want %064b", trial, b, bs, got, want)
			}
		}
	}
}

// A file whose records bring ever more keys is no shape for a plan: the census stops
// collecting them and the file goes to the normalizer.
func TestKeyCensusBounded(t *testing.T) {
	plan := signinsPlan(t)
	c := newKeyCensus(plan)
	for i := 0; i < 10*maxNewKeys; i++ {
		c.Write(fmt.Appendf(nil, `{"id":"a","k%d":1}`+"\n", i))
	}
	c.end()
	if n := len(c.newTop); n > maxNewKeys || !c.overflow {
		t.Errorf("got %d keys kept, overflow %v; want at most %d and overflow", n, c.overflow, maxNewKeys)
	}
	if !c.found() || widen(plan, c) != nil {
		t.Errorf("an overflowing census must send the file to the normalizer")
	}
}
