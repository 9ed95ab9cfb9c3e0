// Package sparktest gives the tests that need Spark a Spark Connect remote: the cluster
// ENTRARISK_SPARK_REMOTE names, or one local server per test binary (pyspark's bundled
// Spark on local[2]), started by the first test that asks and stopped by the package's
// TestMain. Where pyspark or Java is missing the test is skipped with a note saying what to
// install (.ci/run installs both).
package sparktest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/entrarisk/entrarisk/spark"
)

var (
	once   sync.Once
	server *spark.LocalServer
	err    error
)

// Remote returns the remote for the test (starting the local server, with driverMemory
// such as "1g", on first use), or skips the test.
func Remote(t testing.TB, driverMemory string) string {
	t.Helper()
	if r := os.Getenv("ENTRARISK_SPARK_REMOTE"); r != "" {
		return r
	}
	once.Do(func() {
		dir, e := os.MkdirTemp("", "entrarisk-spark-")
		if e != nil {
			err = e
			return
		}
		server, err = spark.StartLocal(context.Background(), 2, driverMemory, filepath.Join(dir, "connect-server.log"))
	})
	if errors.Is(err, spark.ErrNoSpark) {
		t.Skipf("skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return server.Remote
}

// Stop stops the local server, if a test started one.
func Stop() { server.Stop() }
