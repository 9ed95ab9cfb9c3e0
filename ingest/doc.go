// Package ingest loads exported Entra ID and Microsoft 365 logs into the store's canonical
// tables: each file whole or not at all, each record once, and every file it could not load
// named in the manifest with its line and reason.
//
// A run is a pipeline. Each stage has a file named for it and hands the next a typed value:
//
//	paths
//	  │ 1. find the files                         find.go       → []inputFile
//	  │ 2. recognise each: its format from its    recognise.go  → pending
//	  │    content, and whether DuckDB can read   (sniff.go, fast.go, format.go)
//	  │    it as it is (a fast plan)
//	  │ 3. hash and check keys: a file the        hashkeys.go
//	  │    manifest's keys (path, size, time;     (census.go)
//	  │    else sha256) show loaded is skipped;
//	  │    a file loading is hashed, and its
//	  │    records' keys checked against the
//	  │    plan, as its bytes stream past once
//	  │ 4. plan batches: files of one shape       plan.go       → batch
//	  │    load together
//	  │ 5. load: one statement in one             load.go       → load (its rows,
//	  │    transaction; records go through        load_batch.go    in a transaction)
//	  │    temporary files where DuckDB cannot    load_sql.go
//	  │    read the file as it is; a CSV's        load_temp.go  (split.go, jsonnorm.go,
//	  │    culture dates are decided for the                    csvdates.go, culturedate.go)
//	  │    whole file first
//	  │ 6. remove repeats and settle: commit      settle.go
//	  │    the rows, then remove the ones the
//	  │    store held already
//	  │ 7. record in the manifest, in the         manifest.go   → FileResult
//	  ▼    transaction that settles
//	Summary
//
// Run (ingest.go) is that list of stages. The manifest check of stage 3 comes first in
// Run's order, before a file is read at all; the hash and the key census run during the
// load, beside DuckDB's own read.
//
// The guarantees: a batch that does not add up (a record set aside, a count that differs)
// or that DuckDB refuses is rolled back and its files loaded one by one, so a bad file is
// named on its own. Records past a fast plan's sample that carry keys it does not read
// (the census finds them) have the file read again with them, or through the normalizer.
// Between the commit of a load's rows and the commit that settles them, ingest_inflight
// names the load: a store opened for writing after a crash there removes its rows
// (store.Open), and the files load again.
//
// The speed mechanisms that remain each save at least 5 % of a whole run on the bench's
// inputs (README, "Speed"); ENTRARISK_BENCH_OFF turns each off to measure it (benchoff.go).
package ingest
