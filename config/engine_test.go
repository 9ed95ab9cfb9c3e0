package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestJobEngineKeys(t *testing.T) {
	c, err := Parse("/etc/entrarisk/jobs.yaml", []byte(`jobs:
  - name: lake
    inputs: [exports]
    db: tenant.duckdb
    out: reports
    history: hist
    engine: Spark
    spark_remote: sc://spark-host:15002
  - name: abfss
    inputs: [exports]
    db: t.duckdb
    out: r
    history: abfss://logs@acct.dfs.core.windows.net/entrarisk
`))
	if err != nil {
		t.Fatal(err)
	}
	j, err := c.Job("lake")
	if err != nil {
		t.Fatal(err)
	}
	if j.Engine != EngineSpark || j.SparkRemote != "sc://spark-host:15002" || j.History != filepath.Join("/etc/entrarisk", "hist") {
		t.Errorf("got engine %q, remote %q, history %q", j.Engine, j.SparkRemote, j.History)
	}
	if j, _ := c.Job("abfss"); j.History != "abfss://logs@acct.dfs.core.windows.net/entrarisk" || j.Engine != "" {
		t.Errorf("a URL history: got %q (engine %q)", j.History, j.Engine)
	}
	for _, tt := range []struct{ yaml, want string }{
		{"engine: presto", `engine: "presto": use duckdb or spark`},
		{"spark_remote: http://x:15002", `spark_remote: "http://x:15002": want sc://HOST:PORT`},
	} {
		_, err := Parse("jobs.yaml", []byte("jobs:\n  - name: n\n    inputs: [x]\n    db: a.duckdb\n    out: r\n    "+tt.yaml+"\n"))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "jobs.yaml:6") {
			t.Errorf("%s: got %v; want an error at jobs.yaml:6 with %q", tt.yaml, err, tt.want)
		}
	}
}
