package main

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/entrarisk/entrarisk/internal/sparktest"
)

// sparkHistory makes a store from the export fixtures, analyzed once with DuckDB, and
// its Parquet history.
func sparkHistory(t *testing.T) (db, hist string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "s.duckdb")
	hist = filepath.Join(dir, "history")
	mustRun(t, "run", "-q", "--db", db, "--out", filepath.Join(dir, "r"), "--history", hist, fixtures(t))
	return db, hist
}

// storeState is what a failed analysis must leave as it was: the runs and detections.
func storeState(t *testing.T, db string) string {
	t.Helper()
	out, _ := mustRun(t, "query", "--db", db, "--format", "csv",
		"SELECT (SELECT count(*) FROM analyze_runs) AS runs, (SELECT string_agg(detection_id || '/' || state, ',' ORDER BY detection_id) FROM detections) AS d")
	return out
}

func TestConnectRefused(t *testing.T) {
	db, hist := sparkHistory(t)
	before := storeState(t, db)
	// A port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	remote := "sc://" + l.Addr().String()
	l.Close()
	code, _, errs := entrarisk(t, context.Background(), "analyze", "--db", db, "--history", hist, "--engine", "spark", "--spark-remote", remote)
	if code != exitFailure || !strings.Contains(errs, remote) || !strings.Contains(errs, "cannot connect") {
		t.Errorf("an unreachable --spark-remote: got exit %d, %q; want 1 naming it", code, errs)
	}
	if after := storeState(t, db); after != before {
		t.Errorf("the store changed:\nbefore %s\nafter  %s", before, after)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--engine", "spark", "--history", hist}, "needs --spark-remote"},
		{[]string{"--engine", "spark", "--spark-remote", "http://localhost:15002", "--history", hist}, "want sc://HOST:PORT"},
		{[]string{"--engine", "spark", "--spark-remote", remote}, "needs --history"},
		{[]string{"--engine", "presto"}, `"presto": use duckdb or spark`},
	} {
		code, _, errs := entrarisk(t, context.Background(), append([]string{"analyze", "--db", db}, tt.args...)...)
		if code != exitUsage || !strings.Contains(errs, tt.want) {
			t.Errorf("analyze %s: got exit %d, %q; want 2 and %q", strings.Join(tt.args, " "), code, errs, tt.want)
		}
	}
	code, _, errs = entrarisk(t, context.Background(), "run", "-q", "--db", db, "--out", filepath.Join(t.TempDir(), "r"),
		"--history", hist, "--engine", "spark", "--spark-remote", remote)
	if code != exitFailure || !strings.Contains(errs, "cannot connect") {
		t.Errorf("run with an unreachable --spark-remote: got exit %d, %q; want 1", code, errs)
	}
	if after := storeState(t, db); after != before {
		t.Errorf("the store changed by run:\nbefore %s\nafter  %s", before, after)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	sparktest.Stop()
	os.Exit(code)
}

// cutProxy relays TCP to target and, once the client has sent limit bytes, closes every
// connection and refuses new ones: a cluster lost in the middle of a run.
type cutProxy struct {
	l     net.Listener
	sent  atomic.Int64
	limit int64
	mu    sync.Mutex
	conns []net.Conn
	cut   atomic.Bool
}

func newCutProxy(t *testing.T, target string, limit int64) *cutProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{l: l, limit: limit}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			if p.cut.Load() {
				c.Close()
				continue
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(c, s); c.Close() }()
			go func() {
				buf := make([]byte, 32<<10)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						if p.sent.Add(int64(n)) > p.limit {
							p.cutAll()
							return
						}
						if _, werr := s.Write(buf[:n]); werr != nil {
							return
						}
					}
					if err != nil {
						s.Close()
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() { l.Close(); p.cutAll() })
	return p
}

func (p *cutProxy) cutAll() {
	p.cut.Store(true)
	p.l.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

func TestLostConnection(t *testing.T) {
	remote := sparktest.Remote(t, "1g")
	db, hist := sparkHistory(t)
	before := storeState(t, db)
	// The session, the views and the first few rules pass; then the connection is lost.
	p := newCutProxy(t, strings.TrimPrefix(remote, "sc://"), 120<<10)
	via := "sc://" + p.l.Addr().String()
	code, _, errs := entrarisk(t, context.Background(), "analyze", "--db", db, "--history", hist, "--engine", "spark", "--spark-remote", via)
	if !p.cut.Load() {
		t.Fatalf("the connection was never cut (%d bytes sent); exit %d, %s", p.sent.Load(), code, errs)
	}
	if code != exitFailure || !strings.Contains(errs, via) || !strings.Contains(errs, "rule ") {
		t.Errorf("a connection lost mid-run: got exit %d, %q; want 1 naming the remote and the rule", code, errs)
	}
	if after := storeState(t, db); after != before {
		t.Errorf("the store changed:\nbefore %s\nafter  %s", before, after)
	}
}

func TestRulesDialectSpark(t *testing.T) {
	out := filepath.Join(t.TempDir(), "spark-rules")
	_, errs := mustRun(t, "rules", "--dialect", "spark", "--out", out, "--history", "abfss://logs@acct.dfs.core.windows.net/entrarisk",
		"--disable", "legacy_auth", "--tenant-domain", "contoso.com")
	if !strings.Contains(errs, "33 rules") {
		t.Errorf("rules --dialect spark: %s; want 33 rules written (34 less the disabled one)", errs)
	}
	views, err := os.ReadFile(filepath.Join(out, "00_views.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CREATE OR REPLACE TEMP VIEW signins AS SELECT", "parquet.`abfss://logs@acct.dfs.core.windows.net/entrarisk/signins`",
		"CREATE OR REPLACE TEMP VIEW unified_audit", "SET spark.sql.session.timeZone=UTC", "'contoso.com'", "'global administrator'"} {
		if !strings.Contains(string(views), want) {
			t.Errorf("00_views.sql lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "legacy_auth.sql")); err == nil {
		t.Errorf("the disabled rule was written")
	}
	b, err := os.ReadFile(filepath.Join(out, "brute_force.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); regexp.MustCompile(`\$[a-z_]+\b`).MatchString(s) || !strings.Contains(s, "collect_list") || !strings.HasSuffix(strings.TrimSpace(s), ";") {
		t.Errorf("brute_force.sql is not plain Spark SQL with its tunables filled in:\n%s", s)
	}
	code, _, errs := entrarisk(t, context.Background(), "rules", "--dialect", "trino", "--out", out)
	if code != exitUsage || !strings.Contains(errs, "only spark") {
		t.Errorf("rules --dialect trino: exit %d, %q; want 2", code, errs)
	}
}
