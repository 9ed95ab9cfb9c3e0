package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The fast path: a file of one record a line whose keys are spelled exactly as the format
// declares them (as Azure Monitor and Graph write them) is read by DuckDB directly, with
// no pass in Go at all. Whether a file qualifies is decided from a sample of its first
// records; a file that turns out not to (a record DuckDB refuses, a record set aside, a
// count that does not add up) is read again through the normalizer, which knows lines.

// azureEnvelope names the members of Azure Monitor's envelope around properties, spelled as
// sign-in records spell them (audits write "level" or "Level": a plan reads the spelling its
// sample shows, envelopeOf). Every one is kept, in _extra as _az_<name> in lower case, and
// the formats read the ones they fall back on (_az_time, _az_callerIpAddress, ...) as
// declared _az_ fields too.
var azureEnvelope = []string{"category", "time", "tenantId", "resourceId", "operationName", "operationVersion",
	"resultType", "resultSignature", "resultDescription", "durationMs", "callerIpAddress", "correlationId",
	"identity", "Level", "location"}

// envelopeOf is the envelope as the source's sample spells it.
func envelopeOf(src *source) []string {
	if src != nil && src.envelope != nil {
		return src.envelope
	}
	return azureEnvelope
}

// envelopeName is the envelope member k is (in azureEnvelope's spelling), or "".
func envelopeName(k string) string {
	for _, e := range azureEnvelope {
		if strings.EqualFold(k, e) {
			return e
		}
	}
	return ""
}

// fastPlan is how DuckDB reads the file directly. Plans are shared between files: never
// change one, make another (mergePlans, widen).
type fastPlan struct {
	cols map[string]string // read_json's columns, spelled as in the file
	sel  []string          // the select list that makes src
	// what the plan was made from, so that the plans of a batch's files can be merged
	src     *source
	tree    *fieldNode
	hoist   bool
	unknown map[string]bool
	// split: the records reach DuckDB through the splitter, one a line, each with its
	// _line; otherwise DuckDB reads the file itself.
	split bool

	// the keys it reads, for the key census of every file it loads (worked out once)
	censusOnce           sync.Once
	knownTop, knownInner map[string]bool
}

// knownKeys are the keys the plan reads: at the record's top level, and (hoisting) inside
// the hoisted member.
func (p *fastPlan) knownKeys() (top, inner map[string]bool) {
	p.censusOnce.Do(func() {
		p.knownTop = map[string]bool{}
		known := p.knownTop
		if p.hoist {
			p.knownInner = map[string]bool{}
			known = p.knownInner
			for _, e := range envelopeOf(p.src) {
				p.knownTop[e] = true
			}
			p.knownTop["properties"] = true
		}
		for _, n := range p.tree.children {
			if !strings.HasPrefix(n.name, "_az_") {
				known[n.orig] = true
			}
		}
		for k := range p.unknown {
			known[k] = true
		}
	})
	return p.knownTop, p.knownInner
}

// merge is the plan for a batch of files: the union of the keys their samples showed.
func mergePlans(plans []*fastPlan) *fastPlan {
	unknown := map[string]bool{}
	for _, p := range plans {
		for k := range p.unknown {
			unknown[k] = true
		}
	}
	p := plans[0]
	m := buildFastPlan(p.src, p.tree, p.hoist, unknown)
	m.split = p.split
	return m
}

// The sample: enough records to see every key Azure Monitor and Graph write, few enough
// that deciding costs far less than loading.
const (
	fastSampleBytes   = 256 << 10
	fastSampleRecords = 100
	// followerSample is the sample of a file that follows another of the same shape (a
	// follower whose first records do not fit in followerSampleBytes loads on its own).
	followerSample      = 3
	followerSampleBytes = 64 << 10
)

// planFast decides from a sample whether src can take the fast path, and how. A plain
// file of one record a line is read by DuckDB as it is; any other (a page, an array, a
// compressed file) goes through the splitter, which puts each record on a line of its own.
func planFast(src *source, sample int) *fastPlan {
	if src.csv || src.flat || src.spec.wrap != "" || src.format == nil || len(src.format.fields) == 0 || !on("fastpath") {
		return nil
	}
	r, _, err := openInput(src.path)
	if err != nil {
		return nil
	}
	defer r.Close()
	size := fastSampleBytes
	if sample <= followerSample {
		size = followerSampleBytes
	}
	head := make([]byte, size)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	cut := n == size // the sample's last record may be cut short
	split := src.gz || !src.lines || bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	if split && !on("splitter") {
		return nil
	}
	if split {
		var lines bytes.Buffer
		k, err := splitRecords(bytes.NewReader(head), &lines, 0, int64(sample), nil)
		if k == 0 || err != nil && !cut {
			return nil
		}
		head = lines.Bytes()
	}
	tree := src.format.fieldTree()
	hoist := src.spec.hoist != ""
	unknown := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(head))
	sc.Buffer(make([]byte, 0, 64<<10), fastSampleBytes+64)
	records := 0
	spelled := map[string]string{} // envelope members as the sample spells them
	for sc.Scan() && records < sample {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			return nil
		}
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			if records > 0 && cut && !split {
				break // the sample's last line, cut short
			}
			return nil
		}
		if split {
			delete(rec, "_line")
		}
		records++
		body := rec
		if hoist {
			for k := range rec {
				e := envelopeName(k)
				if e == "" {
					continue
				}
				if was, ok := spelled[e]; ok && was != k {
					return nil // two spellings of one member: DuckDB reads names exactly
				}
				spelled[e] = k
			}
			p, ok := rec["properties"].(map[string]any)
			if !ok {
				return nil
			}
			body = p
		}
		for k, v := range body {
			node := tree.childFold(k)
			if node == nil {
				if l := strings.ToLower(k); strings.HasPrefix(l, "_az_") || l == "_line" {
					return nil
				}
				unknown[k] = true
				continue
			}
			if node.orig != k || !node.spelledAs(v) {
				return nil
			}
		}
	}
	if records == 0 {
		return nil
	}
	if hoist {
		env := make([]string, len(azureEnvelope))
		for i, e := range azureEnvelope {
			env[i] = e
			if k, ok := spelled[e]; ok {
				env[i] = k
			}
		}
		src.envelope = env
	}
	// Files of one shape get the same plan: thousands of Azure Monitor blobs share one.
	key := fmt.Sprintf("%t\x00%t\x00%s\x00%s\x00%s", hoist, split, src.hint, strings.Join(slices.Sorted(maps.Keys(unknown)), "\x00"),
		strings.Join(src.envelope, ","))
	if p, ok := src.format.plans.Load(key); ok {
		return p.(*fastPlan)
	}
	p := buildFastPlan(src, tree, hoist, unknown)
	p.split = split
	src.format.plans.Store(key, p)
	return p
}

// childFold finds the child whose name matches k, ignoring case.
func (n *fieldNode) childFold(k string) *fieldNode {
	lk := strings.ToLower(k)
	for _, c := range n.children {
		if c.name == lk {
			return c
		}
	}
	return nil
}

// spelledAs checks that the nested keys of v that the node declares are spelled as
// declared.
func (n *fieldNode) spelledAs(v any) bool {
	if len(n.children) == 0 {
		return true
	}
	check := func(obj map[string]any) bool {
		for k, cv := range obj {
			c := n.childFold(k)
			if c == nil {
				continue
			}
			if c.orig != k || !c.spelledAs(cv) {
				return false
			}
		}
		return true
	}
	switch x := v.(type) {
	case map[string]any:
		return check(x)
	case []any:
		for _, e := range x {
			if obj, ok := e.(map[string]any); ok && !check(obj) {
				return false
			}
		}
	}
	return true
}

func buildFastPlan(src *source, tree *fieldNode, hoist bool, unknown map[string]bool) *fastPlan {
	p := &fastPlan{cols: map[string]string{}, src: src, tree: tree, hoist: hoist, unknown: unknown}
	body := map[string]string{}
	var extra []string
	ref := func(orig string) string {
		if hoist {
			return "struct_extract(\"properties\", " + quoteString(orig) + ")"
		}
		return quoteIdent(orig)
	}
	p.sel = append(p.sel, "NULL::BIGINT AS _line", "NULL::VARCHAR AS _file", quoteString(src.hint)+" AS _hint")
	for _, c := range tree.children {
		if strings.HasPrefix(c.name, "_az_") {
			env := strings.TrimPrefix(c.orig, "_az_")
			for _, e := range envelopeOf(src) {
				if strings.EqualFold(e, env) {
					env = e
				}
			}
			if hoist {
				p.cols[env] = "VARCHAR"
				p.sel = append(p.sel, quoteIdent(env)+" AS "+quoteIdent(c.name))
			} else {
				p.sel = append(p.sel, "NULL::VARCHAR AS "+quoteIdent(c.name))
			}
			continue
		}
		body[c.orig] = c.duckTypeAs(true)
		if len(c.children) == 0 && !c.list {
			p.sel = append(p.sel, ref(c.orig)+" AS "+quoteIdent(c.name))
		} else {
			p.sel = append(p.sel, "CAST("+ref(c.orig)+" AS "+c.duckType()+") AS "+quoteIdent(c.name))
		}
	}
	if hoist {
		// Every envelope member is kept in _extra, the ones the format reads as well.
		for _, e := range envelopeOf(src) {
			p.cols[e] = "VARCHAR"
			extra = append(extra, quoteString("_az_"+strings.ToLower(e)), quoteIdent(e))
		}
	}
	keys := make([]string, 0, len(unknown))
	for k := range unknown {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		body[k] = "JSON"
		extra = append(extra, quoteString(strings.ToLower(k)), ref(k))
	}
	if hoist {
		p.cols["properties"] = structOf(body)
	} else {
		for k, v := range body {
			p.cols[k] = v
		}
	}
	if len(extra) > 0 {
		p.sel = append(p.sel, "json_object("+strings.Join(extra, ", ")+") AS _extra")
	} else {
		p.sel = append(p.sel, "NULL::JSON AS _extra")
	}
	return p
}

func structOf(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = quoteIdent(k) + " " + m[k]
	}
	return "STRUCT(" + strings.Join(parts, ", ") + ")"
}

// source renders the plan as the CTE defining src, reading the file at $1. For a batch,
// $1 is a list of files and _file names each row's. A split plan reads the splitter's
// lines, whose _line carries, for a batch, the file's place in the list $5 in its high
// bits.
func (p *fastPlan) source(batch bool) string {
	sel := strings.Join(p.sel, ", ")
	opts := ""
	cols := p.cols
	switch {
	case p.split:
		cols = maps.Clone(p.cols)
		cols["_line"] = "BIGINT"
		if batch {
			sel = strings.Replace(sel, "NULL::BIGINT AS _line, NULL::VARCHAR AS _file",
				fmt.Sprintf("_line %% %[1]d AS _line, list_extract($5, CAST(_line // %[1]d AS INTEGER) + 1) AS _file", int64(1)<<lineShift), 1)
		} else {
			sel = strings.Replace(sel, "NULL::BIGINT AS _line", "_line", 1)
		}
	case batch:
		sel = strings.Replace(sel, "NULL::VARCHAR AS _file", "filename AS _file", 1)
		opts = ", filename=true"
	}
	return fmt.Sprintf("src AS (SELECT %s FROM read_json($1, format='newline_delimited', maximum_object_size=33554432, hive_partitioning=false%s, columns=%s))",
		sel, opts, columnsLiteral(cols))
}

// lineCount counts the records of a one-record-a-line file as it is hashed: its lines that
// are not blank ("" or "\r" before the line end; a last line without one counts if it has
// anything). The census scanning 64 bytes at a time counts the same way (census_vec.go).
type lineCount struct {
	lines, blank int64
	size         int64
	prev         [2]byte // the two bytes before this write (the file starts as after a line)
}

func (c *lineCount) Write(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if c.size == 0 {
		c.prev = [2]byte{'\n', '\n'}
	}
	before := func(p int) byte { // the byte at p, which may be one of the two before b
		if p >= 0 {
			return b[p]
		}
		return c.prev[2+p]
	}
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			break
		}
		p := i + j
		c.lines++
		if b1 := before(p - 1); b1 == '\n' || b1 == '\r' && before(p-2) == '\n' {
			c.blank++
		}
		i = p + 1
	}
	c.prev = [2]byte{before(len(b) - 2), b[len(b)-1]}
	c.size += int64(len(b))
	return len(b), nil
}

// records is how many records the file holds, if every line is one.
func (c *lineCount) records() int64 {
	n := c.lines - c.blank
	if c.size > 0 && c.prev[1] != '\n' {
		n++
	}
	return n
}
