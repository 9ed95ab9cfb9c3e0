package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Stage 4: plan batches. Many small files of one shape (Azure Monitor's hourly PT1H.json
// blobs) would each cost a statement's planning, which outweighs reading them. Files that
// DuckDB reads the same way, wherever they are in the list, are loaded by one statement in
// one transaction; if any of them does not add up (a record set aside, a line count that
// differs) or DuckDB refuses one, the transaction is rolled back and each is loaded alone,
// so a file still loads whole or not at all, and a bad one is named on its own (load.go).

const (
	batchFileMax  = 1 << 30 // larger files load alone
	batchMaxFiles = 20000   // files a batch
	batchMaxBytes = 4 << 30 // bytes a batch
)

// batchKind is how a batch's files are read.
type batchKind int

const (
	single          batchKind = iota // one file, however it is read
	directBatch                      // files DuckDB reads as they are (or split onto lines)
	normalizedBatch                  // files that go through the normalizer
)

// batch is what the planner hands the load: files to load together, and the files it
// found unchanged on the way (skipped).
type batch struct {
	kind      batchKind
	items     []pending
	unchanged []inputFile
	index     int       // the first file's place in the list, for the progress line
	started   time.Time // when the planner took up its first file
}

// planner hands out the files of a run as batches, in the order of the list: each batch
// starts with the first file not yet taken, and takes the files after it that share its
// shape. Files the manifest shows loaded and unchanged are skipped.
type planner struct {
	files     []inputFile
	formats   map[string]*format
	unchanged func(context.Context, inputFile) (bool, error) // nil: every file is read
	taken     []bool                                         // loaded, skipped or in a batch already
	glance    map[int]*pending                               // what a look ahead found of a file that did not join that batch
	parquet   map[int]bool                                   // what the look ahead found Parquet
	i         int                                            // the next file to start a batch
	skipped   []inputFile                                    // found unchanged since the last batch
}

func newPlanner(files []inputFile, formats map[string]*format, unchanged func(context.Context, inputFile) (bool, error)) *planner {
	return &planner{files: files, formats: formats, unchanged: unchanged, taken: make([]bool, len(files)),
		glance: map[int]*pending{}, parquet: map[int]bool{}}
}

// skip tells whether f is skipped as unchanged, and counts it.
func (p *planner) skip(ctx context.Context, f inputFile) (bool, error) {
	if p.unchanged == nil {
		return false, nil
	}
	ok, err := p.unchanged(ctx, f)
	if ok {
		p.skipped = append(p.skipped, f)
	}
	return ok, err
}

// next is the next batch; nil at the end of the list. A batch may hold no file to load,
// only files found unchanged.
func (p *planner) next(ctx context.Context) (*batch, error) {
	for ; p.i < len(p.files); p.i++ {
		if p.taken[p.i] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		i := p.i
		f := p.files[i]
		p.taken[i] = true
		if _, looked := p.glance[i]; !looked {
			if s, err := p.skip(ctx, f); err != nil {
				return nil, err
			} else if s {
				continue
			}
		}
		delete(p.glance, i)
		b := &batch{index: i, started: time.Now()}
		lead := recognise(f, p.formats, fastSampleRecords)
		b.items = []pending{lead}
		switch {
		case batchable(lead) && on("batching"):
			b.kind = directBatch
		case normBatchable(lead) && on("batching"):
			b.kind = normalizedBatch
		}
		if b.kind != single {
			if err := p.gather(ctx, b); err != nil {
				return nil, err
			}
		}
		p.i++
		b.unchanged, p.skipped = p.skipped, nil
		return b, nil
	}
	if len(p.skipped) > 0 {
		b := &batch{index: len(p.files), unchanged: p.skipped}
		p.skipped = nil
		return b, nil
	}
	return nil, nil
}

// gather adds to b the files after its first that share its shape, wherever they are in the
// list, up to the limits of a batch.
func (p *planner) gather(ctx context.Context, b *batch) error {
	key := b.key(b.items[0])
	size := b.items[0].f.size
	for j := b.index + 1; j < len(p.files) && len(b.items) < batchMaxFiles && size < batchMaxBytes; j++ {
		if p.taken[j] || p.parquet[j] {
			continue
		}
		g, looked := p.glance[j]
		if !looked {
			// A glance at a follower's first records says whether it takes the fast path,
			// for a normalized batch too (a file that can take it does not join one).
			if err := p.glanceAhead(ctx, j); err != nil {
				return err
			}
			if p.taken[j] || p.parquet[j] { // unchanged, or Parquet
				continue
			}
			g = p.glance[j]
		}
		if !b.joins(*g) || b.key(*g) != key {
			continue
		}
		b.items = append(b.items, *g)
		size += g.f.size
		p.taken[j] = true
		delete(p.glance, j)
	}
	return nil
}

// glanceAhead glances at the files from from on that may join a batch, on every core (a
// folder of Azure Monitor blobs has thousands): files skipped as unchanged are taken, the
// others' glances kept.
func (p *planner) glanceAhead(ctx context.Context, from int) error {
	var todo []inputFile
	var at []int
	for j := from; j < len(p.files) && len(todo) < batchMaxFiles; j++ {
		if _, looked := p.glance[j]; looked || p.taken[j] || p.parquet[j] {
			continue
		}
		if isParquet(p.files[j].path) {
			p.parquet[j] = true
			continue
		}
		if s, err := p.skip(ctx, p.files[j]); err != nil {
			return err
		} else if s {
			p.taken[j] = true
			continue
		}
		todo = append(todo, p.files[j])
		at = append(at, j)
	}
	for k, g := range recogniseAll(todo, p.formats, followerSample) {
		p.glance[at[k]] = g // under 1 KB: files of one shape share their plan
	}
	return nil
}

// joins tells whether a recognised file may join the batch.
func (b *batch) joins(p pending) bool {
	switch b.kind {
	case directBatch:
		return batchable(p)
	case normalizedBatch:
		return normBatchable(p)
	}
	return false
}

// key is the same for files one statement can load together.
func (b *batch) key(p pending) string {
	if b.kind == directBatch {
		return batchKey(p.src)
	}
	return normBatchKey(p.src)
}

// batchable tells whether a recognised file may join a batch that DuckDB reads directly.
func batchable(p pending) bool {
	return p.src != nil && p.src.fast != nil && p.f.size < batchFileMax
}

// batchKey is the same for files one statement can load together: read the same way
// (directly, or split onto lines), with the same sign-in category from their names, and
// plans that differ at most in the keys their samples showed (the batch reads the union).
func batchKey(src *source) string {
	return fmt.Sprintf("%s\x00%t\x00%t\x00%s", src.name, src.fast.hoist, src.fast.split, hintKey(src))
}

// hintKey is the category a file's name suggests, where its format's mapping reads it: a
// batch reads its first file's.
func hintKey(src *source) string {
	if strings.Contains(src.format.selectSQL, "_hint") {
		return src.hint
	}
	return ""
}

// normBatchable tells whether a recognised file may join a batch of normalized files.
func normBatchable(p pending) bool {
	src := p.src
	return src != nil && src.fast == nil && !src.csv && !src.empty && src.format != nil
}

// normBatchKey is the same for files one statement can load together.
func normBatchKey(src *source) string {
	return fmt.Sprintf("%s\x00%t\x00%s\x00%s\x00%s", src.name, src.flat, src.spec.wrap, src.spec.hoist, hintKey(src))
}
