package main

// The serialisations the collectors' shells use, as README.md beside the samples describes
// them: Windows PowerShell 5.1's ConvertTo-Json (JavaScriptSerializer, then PowerShell's own
// re-indentation), PowerShell 7's (Newtonsoft.Json, two-space indents), Python's json.dumps,
// the Graph service's compact JSON, Export-Csv, and Out-File's encodings.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// obj is a JSON object that keeps its key order.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) get(k string) any {
	for _, p := range o {
		if p.k == k {
			return p.v
		}
	}
	return nil
}

// without is o less some keys.
func (o obj) without(keys ...string) obj {
	var out obj
	for _, p := range o {
		if !contains(keys, p.k) {
			out = append(out, p)
		}
	}
	return out
}

// with is o with one key set (replaced in place, or appended).
func (o obj) with(k string, v any) obj {
	out := append(obj(nil), o...)
	for i := range out {
		if out[i].k == k {
			out[i].v = v
			return out
		}
	}
	return append(out, kv{k, v})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// netDate is a .NET DateTime inside an object PowerShell serialises: Windows PowerShell 5.1
// writes it "\/Date(ms)\/", PowerShell 7 as ISO 8601.
type netDate time.Time

type style int

const (
	ps51   style = iota // JavaScriptSerializer: escapes ' < > & as \u0027 \u003c \u003e \u0026
	ps7                 // Newtonsoft.Json: escapes only what JSON requires
	python              // json.dumps: ensure_ascii, ", " and ": "
	graph               // the service's compact JSON
)

func quote(s string, st style) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		case st == ps51 && (r == '\'' || r == '<' || r == '>' || r == '&'):
			fmt.Fprintf(&b, `\u%04x`, r)
		case st == python && r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04x`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func scalar(v any, st style) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return quote(x, st)
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case netDate:
		t := time.Time(x)
		if st == ps51 {
			return fmt.Sprintf(`"\/Date(%d)\/"`, t.UnixMilli())
		}
		return `"` + t.Format("2006-01-02T15:04:05.9999999Z07:00") + `"`
	}
	panic(fmt.Sprintf("no JSON for %T", v))
}

// compact writes v on one line, in the given style.
func compact(v any, st style) string {
	sep, colon := ",", ":"
	if st == python {
		sep, colon = ", ", ": "
	}
	switch x := v.(type) {
	case obj:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = quote(p.k, st) + colon + compact(p.v, st)
		}
		return "{" + strings.Join(parts, sep) + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = compact(e, st)
		}
		return "[" + strings.Join(parts, sep) + "]"
	}
	return scalar(v, st)
}

// pretty51 is Windows PowerShell 5.1's ConvertTo-Json: members four spaces right of the
// column of their opening bracket, two spaces after each colon, empty containers open over
// an empty line, CRLF.
func pretty51(v any, col int) string {
	pad := func(n int) string { return strings.Repeat(" ", n) }
	switch x := v.(type) {
	case obj:
		if len(x) == 0 {
			return "{\r\n\r\n" + pad(col) + "}"
		}
		parts := make([]string, len(x))
		for i, p := range x {
			key := quote(p.k, ps51) + ":  "
			parts[i] = pad(col+4) + key + pretty51(p.v, col+4+len([]rune(key)))
		}
		return "{\r\n" + strings.Join(parts, ",\r\n") + "\r\n" + pad(col) + "}"
	case []any:
		if len(x) == 0 {
			return "[\r\n\r\n" + pad(col) + "]"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pad(col+4) + pretty51(e, col+4)
		}
		return "[\r\n" + strings.Join(parts, ",\r\n") + "\r\n" + pad(col) + "]"
	}
	return scalar(v, ps51)
}

// pretty7 is PowerShell 7's ConvertTo-Json: two-space indents, "key": value, [] and {}.
func pretty7(v any, depth int) string {
	pad := strings.Repeat("  ", depth+1)
	end := strings.Repeat("  ", depth)
	switch x := v.(type) {
	case obj:
		if len(x) == 0 {
			return "{}"
		}
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = pad + quote(p.k, ps7) + ": " + pretty7(p.v, depth+1)
		}
		return "{\r\n" + strings.Join(parts, ",\r\n") + "\r\n" + end + "}"
	case []any:
		if len(x) == 0 {
			return "[]"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pad + pretty7(e, depth+1)
		}
		return "[\r\n" + strings.Join(parts, ",\r\n") + "\r\n" + end + "]"
	}
	return scalar(v, ps7)
}

// convertToJSON is `$items | ConvertTo-Json -Depth 100` in a shell: one item written bare,
// several as an array (the pipeline unrolls the page).
func convertToJSON(items []obj, st style) string {
	var v any = items[0]
	if len(items) > 1 {
		arr := make([]any, len(items))
		for i, o := range items {
			arr[i] = o
		}
		v = arr
	}
	if st == ps51 {
		return pretty51(v, 0)
	}
	return pretty7(v, 0)
}

const bom = "\ufeff"

// csvCell is Export-Csv's cell: always quoted, quotes doubled.
func csvCell(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// exportCSV is `Export-Csv -NoTypeInformation`: a header of the first object's properties,
// every cell quoted, CRLF.
func exportCSV(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) {
		q := make([]string, len(cells))
		for i, c := range cells {
			q[i] = csvCell(c)
		}
		b.WriteString(strings.Join(q, ",") + "\r\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// laCell is the Log Analytics portal's CSV cell: quoted only when it must be.
func laCell(s string) string {
	if strings.ContainsAny(s, "\",\r\n") {
		return csvCell(s)
	}
	return s
}

// utf16le is `-Encoding Unicode` in either shell: a byte order mark and UTF-16 little endian.
func utf16le(s string) string {
	var b strings.Builder
	b.WriteString("\xff\xfe")
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// Culture formats of DateTime.ToString() (short date, long time), as Export-Csv writes them.
var cultures = map[string]string{
	"en-US":      "1/2/2006 3:04:05 PM",
	"en-GB":      "02/01/2006 15:04:05",
	"fr-FR":      "02/01/2006 15:04:05",
	"de-DE":      "02.01.2006 15:04:05",
	"nl-NL":      "2-1-2006 15:04:05",
	"en-AU-icu":  "2/01/2006 3:04:05 pm",
	"log-analyt": "1/2/2006, 3:04:05.000 PM",
}

func inCulture(culture string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(cultures[culture])
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
