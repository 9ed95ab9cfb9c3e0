package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkKeyCensus measures the census (with its line count) over Graph sign-ins, one a
// line (the fixture's record, repeated with other ids), a byte and 64 bytes at a time.
func BenchmarkKeyCensus(b *testing.B) {
	path := filepath.Join("testdata", "formats", "graph_signins_beta_noninteractive.jsonl")
	rec, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	rec = bytes.TrimSpace(rec)
	var data []byte
	for i := 0; len(data) < 64<<20; i++ {
		data = append(data, bytes.Replace(rec, []byte(`"id":"`), fmt.Appendf(nil, `"id":"%d-`, i), 1)...)
		data = append(data, '\n')
	}
	formats, err := loadFormats()
	if err != nil {
		b.Fatal(err)
	}
	src, err := sniff(path, formats)
	if err != nil || src.fast == nil {
		b.Fatal("no fast plan for the fixture")
	}
	for _, vector := range censusModes() {
		b.Run(fmt.Sprintf("vector=%v", vector), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				c := newKeyCensus(src.fast)
				c.vector = vector
				for i := 0; i < len(data); i += 1 << 20 {
					c.Write(data[i:min(i+1<<20, len(data))])
				}
				c.end()
				if c.found() || c.records() == 0 {
					b.Fatal("the census found keys the plan reads, or no records")
				}
			}
		})
	}
}
