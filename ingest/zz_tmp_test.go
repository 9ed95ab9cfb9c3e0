package ingest

import (
	"os"
	"testing"
)

func BenchmarkCensusRealTmp(b *testing.B) {
	path := "/tmp/erbench/tenant-400000/graph-ndjson/signIns_nonInteractive_2026-10-01.ndjson"
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skip(err)
	}
	formats, _ := loadFormats()
	src, err := sniff(path, formats)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		c := newKeyCensus(src.fast)
		for i := 0; i < len(data); i += 1 << 20 {
			chunk := data[i:min(i+1<<20, len(data))]
			c.Write(chunk)
		}
		c.end()
		if c.found() {
			b.Fatal("found")
		}
	}
}

func BenchmarkSniffDirTmp(b *testing.B) {
	dir := "/tmp/erbench/tenant-400000/graph-ndjson/"
	ents, _ := os.ReadDir(dir)
	formats, _ := loadFormats()
	for b.Loop() {
		for _, e := range ents {
			if e.Name()[0] == 46 {
				continue
			}
			if _, err := sniffSample(dir+e.Name(), formats, followerSample); err != nil {
				b.Fatal(err)
			}
		}
	}
}
