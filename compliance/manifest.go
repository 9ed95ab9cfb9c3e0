package compliance

import (
	"encoding/json"
	"io"
	"time"

	"github.com/entrarisk/entrarisk/reports"
)

// manifest is manifest.json: what the export rests on and what it wrote, with hashes, so
// that an auditor can verify every file.
type manifest struct {
	Tool      string               `json:"tool"`
	Version   string               `json:"version"`
	Export    string               `json:"export"`
	Tenant    string               `json:"tenant"`
	Run       manifestRun          `json:"run"`
	Inputs    []input              `json:"inputs"`
	RulesRun  *analysisRun         `json:"rules_run"` // the analyze run whose findings the flags are; null: none
	Figures   *figures             `json:"figures"`
	Gaps      []string             `json:"gaps"`
	Outputs   []reports.OutputFile `json:"outputs"`
	Truncated []string             `json:"truncated_sheets,omitempty"`
}

// manifestRun is the report set's run, and the privileged roles the export counted.
type manifestRun struct {
	reports.ManifestRun
	PrivilegedRoles []string `json:"privileged_roles"`
}

func manifestOf(opts Options, p *period, in []input, fig *figures, res *Result, started time.Time) manifest {
	ts := func(t time.Time) *string {
		s := t.UTC().Format(time.RFC3339Nano)
		return &s
	}
	m := manifest{Tool: "entrarisk", Version: opts.Version, Export: "compliance", Tenant: p.tenant, Inputs: in,
		RulesRun: p.analysis, Figures: fig, Gaps: res.Gaps, Truncated: res.Truncated}
	if m.Inputs == nil {
		m.Inputs = []input{}
	}
	if m.Gaps == nil {
		m.Gaps = []string{}
	}
	m.Run = manifestRun{ManifestRun: reports.ManifestRun{StartedAt: *ts(started), TimeZone: reports.ZoneName(opts.Location),
		TimeFormat: "RFC 3339 in time_zone, to the millisecond"}, PrivilegedRoles: p.roles}
	if !opts.Since.IsZero() {
		m.Run.Since = ts(opts.Since)
	}
	if !opts.Until.IsZero() {
		m.Run.Until = ts(opts.Until)
	}
	if fig.FirstSignIn.Valid {
		m.Run.DataFrom, m.Run.DataTo = ts(fig.FirstSignIn.Time), ts(fig.LastSignIn.Time)
	}
	m.Run.FinishedAt = *ts(opts.Now())
	return m
}

// writeManifest writes manifest.json, listing every file written before it.
func writeManifest(b *reports.Book, m manifest) error {
	m.Outputs = b.Files()
	return b.Create(FileManifest, func(w io.Writer) (int64, error) {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return 0, enc.Encode(m)
	})
}
