package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func normString(t *testing.T, in string, spec normSpec) (string, normResult, error) {
	t.Helper()
	var out bytes.Buffer
	res, err := normalizeJSON(strings.NewReader(in), &out, spec)
	return out.String(), res, err
}

func TestNormalizeShapes(t *testing.T) {
	tests := []struct {
		name, in, want, shape string
	}{
		{"graph page", "{\"@odata.context\":\"x\",\n \"value\": [\n  {\"Id\":\"a\", \"B\":{\"C\":1}},\n  {\"id\":\"b\"}\n ],\n \"@odata.nextLink\":\"y\"}",
			"{\"_line\":3,\"id\":\"a\",\"b\":{\"c\":1}}\n{\"_line\":4,\"id\":\"b\"}\n", "page"},
		{"records wrapper", `{"records":[{"a":1}]}`, "{\"_line\":1,\"a\":1}\n", "page"},
		{"array", "[{\"a\":[1,2,{\"X\":null}]}]", "{\"_line\":1,\"a\":[1,2,{\"x\":null}]}\n", "array"},
		{"concatenated arrays", "[{\"a\":1}][{\"a\":2}]\n[{\"a\":3}]", "{\"_line\":1,\"a\":1}\n{\"_line\":1,\"a\":2}\n{\"_line\":2,\"a\":3}\n", "arrays"},
		{"ndjson crlf bom", "\xef\xbb\xbf{\"a\":1}\r\n{\"a\":2}\r\n", "{\"_line\":1,\"a\":1}\n{\"_line\":2,\"a\":2}\n", "ndjson"},
		{"one object", "{\"a\":true,\"b\":false}", "{\"_line\":1,\"a\":true,\"b\":false}\n", "object"},
		{"powershell date", `[{"t":"\/Date(1709287200000)\/","u":"\/Date(1709287200000+0100)\/","v":"/Date(x)/"}]`,
			"{\"_line\":1,\"t\":\"2024-03-01T10:00:00.000Z\",\"u\":\"2024-03-01T10:00:00.000Z\",\"v\":\"/Date(x)/\"}\n", "array"},
		{"escapes kept", `[{"s":"a\"b\\c\u00e9\n"}]`, "{\"_line\":1,\"s\":\"a\\\"b\\\\c\\u00e9\\n\"}\n", "array"},
		{"unicode kept", `[{"city":"São Paulo"}]`, "{\"_line\":1,\"city\":\"São Paulo\"}\n", "array"},
		{"empty page", `{"value":[]}`, "", "page"},
		{"pages one after another", "{\"value\":[{\"a\":1}]}\n{\"value\":[{\"a\":2}]}\n", "{\"_line\":1,\"a\":1}\n{\"_line\":2,\"a\":2}\n", "page"},
		{"numbers", `[{"a":-1.5e+3,"b":0,"c":12}]`, "{\"_line\":1,\"a\":-1.5e+3,\"b\":0,\"c\":12}\n", "array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, res, err := normString(t, tt.in, normSpec{})
			if err != nil {
				t.Fatalf("got error %v; want none", err)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if res.shape != tt.shape {
				t.Errorf("got shape %q; want %q", res.shape, tt.shape)
			}
		})
	}
}

func TestNormalizeBadInput(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"truncated page", "{\"value\":[\n{\"id\":\"a\"},\n{\"id\":\"b\",", "3: unexpected end of input inside a value (truncated file?)"},
		{"trailing comma", "{\"value\":[{\"a\":[1,2,]}]}", "1: trailing comma before ']'"},
		{"trailing comma in object", "[{\"a\":1,\n}]", "2: trailing comma before '}'"},
		{"garbage", "\x00\x01\x02binary", "1: expected '{' or '[', found byte 0x00"},
		{"empty", "", "1: no JSON value in the file"},
		{"whitespace only", "\n\n  ", "3: no JSON value in the file"},
		{"bad literal", "[{\"a\":nul}]", "1: expected null"},
		{"bad number", "[{\"a\":01}]", "1: bad number \"01\""},
		{"invalid utf8", "[{\"a\":\"\xff\"}]", "1: invalid UTF-8 in a string"},
		{"control char", "[{\"a\":\"x\x01\"}]", "1: control character 0x01 in a string"},
		{"array of strings", "[\"a\",\"b\"]", "1: array element is '\"', not a record object"},
		{"missing colon", "[{\"a\" 1}]", "1: expected ':' after a member name, found '1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := normString(t, tt.in, normSpec{})
			if err == nil {
				t.Fatalf("got no error; want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("got error %q; want %q", err, tt.want)
			}
		})
	}
}

func TestNormalizeBadLinesInNDJSON(t *testing.T) {
	in := "{\"id\":\"a\"}\n{\"id\":\"b\",\"x\":\n{\"id\":\"c\"}\nnot json\n{\"id\":\"d\"}\n{\"id\":\"e\""
	got, res, err := normString(t, in, normSpec{})
	if err != nil {
		t.Fatalf("got error %v; want none", err)
	}
	want := "{\"_line\":1,\"id\":\"a\"}\n{\"_line\":3,\"id\":\"c\"}\n{\"_line\":5,\"id\":\"d\"}\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var lines []int
	for _, b := range res.bad {
		lines = append(lines, b.line)
	}
	if len(lines) != 3 || lines[0] != 2 || lines[1] != 4 || lines[2] != 6 {
		t.Errorf("got bad lines %v (%v); want [2 4 6]", lines, res.bad)
	}
}

func TestNormalizeRouting(t *testing.T) {
	spec := normSpec{
		hoist: "properties",
		known: map[string]bool{"id": true, "createddatetime": true, "_az_category": true},
		idKey: "id",
	}
	in := `{"time":"t","category":"SignInLogs","Level":4,"properties":{"id":"a","createdDateTime":"c","rare":{"K":1}}}
{"time":"t","category":"SignInLogs","properties":{"id":"a","createdDateTime":"c"}}
{"time":"t2","category":"SignInLogs","properties":{"id":"b","createdDateTime":"d"}}
`
	got, res, err := normString(t, in, spec)
	if err != nil {
		t.Fatal(err)
	}
	// An envelope member the format reads (_az_category) is kept in _extra too: no member
	// of the envelope is lost.
	want := `{"_line":1,"_az_category":"SignInLogs","id":"a","createddatetime":"c","_extra":{"_az_time":"t","_az_category":"SignInLogs","_az_level":4,"rare":{"k":1}}}
{"_line":3,"_az_category":"SignInLogs","id":"b","createddatetime":"d","_extra":{"_az_time":"t2","_az_category":"SignInLogs"}}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if res.duplicates != 1 || res.records != 2 {
		t.Errorf("got %d records, %d duplicates; want 2, 1", res.records, res.duplicates)
	}
}

func TestNormalizeSmallReads(t *testing.T) {
	// Tokens split across reads must come out the same.
	in := "{\"value\":[{\"Id\":\"abc\\u00e9\\\"\",\"t\":\"\\/Date(1709287200000)\\/\",\"n\":-12.5e3,\"b\":true,\"c\":\"Zürich\"}]}"
	want, _, err := normString(t, in, normSpec{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	_, err = normalizeJSON(&oneByteReader{s: in}, &out, normSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

type oneByteReader struct {
	s string
	i int
}

func (r *oneByteReader) Read(p []byte) (int, error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	p[0] = r.s[r.i]
	r.i++
	return 1, nil
}

func TestNormalizeWrapAndNestedCase(t *testing.T) {
	in := `[{"Id":"a","Operation":"New-InboxRule","Parameters":[{"Name":"ForwardTo","Value":"x@evil.example"}]},{"Id":"a","Operation":"dup"}]`
	got, res, err := normString(t, in, normSpec{wrap: "auditdata", idKey: "id"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_line":1,"auditdata":{"Id":"a","Operation":"New-InboxRule","Parameters":[{"Name":"ForwardTo","Value":"x@evil.example"}]}}` + "\n"
	if got != want || res.duplicates != 1 {
		t.Errorf("got\n%s (%d duplicates)\nwant\n%s (1 duplicate)", got, res.duplicates, want)
	}
	got, _, err = normString(t, `[{"LocationDetails":{"countryOrRegion":"US"}}]`, normSpec{keepNestedCase: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"_line":1,"locationdetails":{"countryOrRegion":"US"}}` + "\n"; got != want {
		t.Errorf("got %s; want %s", got, want)
	}
}

func TestNormalizeDedupeKeys(t *testing.T) {
	in := `[{"id":"a","homeTenantId":"x","HomeTenantId":"y","n":{"k":1,"k":2}}]`
	got, _, err := normString(t, in, normSpec{dedupeKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_line":1,"id":"a","hometenantid":"x","n":{"k":1,"k":2}}` + "\n"
	if got != want {
		t.Errorf("got %s; want %s", got, want)
	}
}
