package ingest

import (
	"os"
	"strings"
)

// The speed mechanisms of ingest can each be turned off, to measure what it saves
// (entrarisk-bench -ab NAMES runs with and without each, interleaved). The environment
// variable ENTRARISK_BENCH_OFF lists the ones to turn off, separated by commas; it is
// read once, when the program starts. Nothing else reads it: with it unset, every
// mechanism is on.
//
//	batching    files of one shape loaded by one statement (plan.go, load_batch.go)
//	splitter    pages, arrays and compressed files split onto lines for DuckDB to read as
//	            they are, instead of going through the normalizer
//	fastpath    files DuckDB reads as they are (plain one-record-a-line ones and, with the
//	            splitter, the rest); off, every JSON file goes through the normalizer
//	census64    the key census reads 64 bytes at a time instead of one
//	censusasm   the 64-byte census classifies its bytes in AVX2 assembly instead of Go
//	writeback   the kernel asked to write the store's new blocks while a load runs
var benchOff = parseBenchOff(os.Getenv("ENTRARISK_BENCH_OFF"))

// BenchMechanisms are the names ENTRARISK_BENCH_OFF takes.
var BenchMechanisms = []string{"batching", "splitter", "fastpath", "census64", "censusasm", "writeback"}

func parseBenchOff(v string) map[string]bool {
	off := map[string]bool{}
	for _, n := range strings.Split(v, ",") {
		if n = strings.TrimSpace(n); n != "" {
			off[n] = true
		}
	}
	return off
}

// on tells whether the mechanism name is on.
func on(name string) bool { return !benchOff[name] }
