package reports

import (
	"encoding/json"
	"io"
	"time"
)

// manifest is manifest.json: what a report rests on and what it wrote, with hashes, so an
// auditor can verify the export.
type manifest struct {
	Tool     string       `json:"tool"`
	Version  string       `json:"version"`
	Tenant   string       `json:"tenant"`
	Run      ManifestRun  `json:"run"`
	Inputs   []Input      `json:"inputs"`
	RulesRun *analysisRun `json:"rules_run"` // the last analyze run (analyze_runs)
	Outputs  []OutputFile `json:"outputs"`
	Counts   struct {
		FlaggedUsers  int   `json:"flagged_users"`
		RiskySignins  int64 `json:"risky_signins"`
		Detections    int64 `json:"detections"`
		AuditFindings int64 `json:"audit_findings"`
	} `json:"counts"`
	Truncated []string `json:"truncated_sheets,omitempty"`
}

// ManifestRun is the "run" of a manifest.json: when it ran, over which period, in which
// zone, and the first and last sign-in of the period (the compliance set's manifest says
// the same).
type ManifestRun struct {
	StartedAt  string  `json:"started_at"`
	FinishedAt string  `json:"finished_at"`
	Since      *string `json:"since"` // null: unbounded
	Until      *string `json:"until"` // null: unbounded
	TimeZone   string  `json:"time_zone"`
	TimeFormat string  `json:"time_format"`
	DataFrom   *string `json:"data_from"` // the first and last sign-in in the period
	DataTo     *string `json:"data_to"`
}

func (r *run) writeManifest() error {
	m := manifest{Tool: "entrarisk", Version: r.opts.Version, Tenant: r.tenant, Inputs: r.inputs, RulesRun: r.analysis,
		Outputs: append([]OutputFile(nil), r.res.Files...), Truncated: r.res.Truncated}
	if m.Inputs == nil {
		m.Inputs = []Input{}
	}
	ts := func(t time.Time) *string {
		s := t.UTC().Format(time.RFC3339Nano)
		return &s
	}
	m.Run = ManifestRun{
		StartedAt: *ts(r.started), FinishedAt: *ts(r.opts.Now()),
		TimeZone:   zoneName(r.loc),
		TimeFormat: "RFC 3339 in time_zone, to the millisecond",
	}
	if !r.opts.Since.IsZero() {
		m.Run.Since = ts(r.opts.Since)
	}
	if !r.opts.Until.IsZero() {
		m.Run.Until = ts(r.opts.Until)
	}
	if r.data.first.Valid {
		m.Run.DataFrom, m.Run.DataTo = ts(r.data.first.Time), ts(r.data.last.Time)
	}
	m.Counts.FlaggedUsers = r.res.FlaggedUsers
	m.Counts.RiskySignins = r.res.RiskySignins
	m.Counts.Detections = r.res.Detections
	m.Counts.AuditFindings = r.res.AuditFindings
	return r.create(FileManifest, func(w io.Writer) (int64, error) {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return 0, enc.Encode(m)
	})
}
