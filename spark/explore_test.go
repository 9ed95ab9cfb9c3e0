package spark

import (
	"context"
	"os"
	"testing"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/store"
)

func TestExplore(t *testing.T) {
	remote, db, hist := os.Getenv("X_REMOTE"), os.Getenv("X_DB"), os.Getenv("X_HIST")
	if remote == "" {
		t.Skip()
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cols, err := TableColumns(ctx, st.DB)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Connect(ctx, remote)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Views(ctx, hist, cols, ViewOptions{}); err != nil {
		t.Fatal(err)
	}
	rules, err := analyze.SparkRules(analyze.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{S: s}
	e.Prepare(ctx, []analyze.InputTable{{Name: "trusted_ips", Columns: []string{"ip STRING"}}, {Name: "threat_intel_ips", Columns: []string{"ip STRING", "indicator STRING"}},
		{Name: "tenant_domains", Columns: []string{"domain STRING"}, Rows: [][]any{{"contoso.com"}}}, {Name: "privileged_roles", Columns: []string{"role_name STRING"}}, {Name: "privileged_users", Columns: []string{"user_principal_name STRING"}},
		{Name: "country_centroids", Columns: []string{"country STRING", "latitude DOUBLE", "longitude DOUBLE"}}})
	only := os.Getenv("X_RULE")
	for _, r := range rules {
		if only != "" && r.Rule.ID != only {
			continue
		}
		f, err := e.RunRule(ctx, r.Rule, r.SQL)
		if err != nil {
			msg := err.Error()
			if len(msg) > 1500 && only == "" {
				msg = msg[:1500]
			}
			t.Errorf("%s: %s", r.Rule.ID, msg)
			if only != "" {
				t.Log(r.SQL)
			}
			continue
		}
		t.Logf("%s: %d", r.Rule.ID, len(f))
	}
}
