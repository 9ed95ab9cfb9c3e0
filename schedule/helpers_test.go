package schedule

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/entrarisk/entrarisk/config"
)

// logSink collects JSON log lines from several goroutines.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// records returns the lines whose message is msg, in order.
func (s *logSink) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	s.mu.Lock()
	data := append([]byte(nil), s.buf.Bytes()...)
	s.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// every is a schedule of any period, shorter than cron specs allow.
type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

func everySchedule(d time.Duration) func(config.Job) (cron.Schedule, error) {
	return func(config.Job) (cron.Schedule, error) { return every(d), nil }
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// listDir names the entries of dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func testJob(t *testing.T) config.Job {
	t.Helper()
	dir := t.TempDir()
	return config.Job{
		Name:    "nightly",
		Cron:    "@every 1s",
		Inputs:  []string{filepath.Join(dir, "exports")},
		DB:      filepath.Join(dir, "tenant.duckdb"),
		Out:     filepath.Join(dir, "reports"),
		Period:  "all",
		Formats: []string{"xlsx", "csv"},
		Summary: config.SummaryText,
	}
}

// writeReport is a runner's work: a file in the run folder.
func writeReport(t *testing.T, runDir, name, body string) string {
	t.Helper()
	p := filepath.Join(runDir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Error(err)
	}
	return p
}
