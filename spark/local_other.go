//go:build !linux

package spark

import (
	"context"
	"fmt"
)

// LocalServer is a Spark Connect server on this machine; started only on Linux.
type LocalServer struct{ Remote string }

// StartLocal is not available here: the tests that need it skip.
func StartLocal(ctx context.Context, cores int, driverMemory, logPath string) (*LocalServer, error) {
	return nil, fmt.Errorf("%w: a local Spark Connect server is started on Linux only", ErrNoSpark)
}

// Stop does nothing.
func (s *LocalServer) Stop() {}
