//go:build !linux

package ingest

// startWriteback does nothing here: sync_file_range is Linux's.
func startWriteback(string) (stop func()) { return func() {} }
