//go:build !unix

package ingest

const syscallNonblock = 0

// makePipe has no named pipes to make here: the normalizer writes a temporary file.
func makePipe(dir string) (path string, usePipe bool, err error) {
	return makeTemp(tempName(dir))
}
