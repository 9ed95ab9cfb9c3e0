package schedule

import (
	"bytes"
	"fmt"
	"html/template"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/entrarisk/entrarisk/config"
)

// report is what the summary file and the run line say about one run.
type report struct {
	Job      string
	Failed   bool
	Started  time.Time
	Duration time.Duration
	RunDir   string
	Outcome  Outcome
	Outputs  []string // relative to RunDir where inside it
	Err      string
}

// summaryFile names the summary a job asks for; "" for none.
func summaryFile(kind string) string {
	switch kind {
	case config.SummaryText:
		return "summary.txt"
	case config.SummaryHTML:
		return "summary.html"
	}
	return ""
}

// writeSummary writes the run's summary into dir, as kind asks.
func writeSummary(dir, kind string, r report) error {
	name := summaryFile(kind)
	if name == "" {
		return nil
	}
	var data []byte
	var err error
	if kind == config.SummaryHTML {
		data, err = r.html()
	} else {
		data = r.text()
	}
	if err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	if err := writeFileAtomic(dir, name, data, 0o600); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	return nil
}

func (r report) status() string {
	if r.Failed {
		return "failed"
	}
	return "finished"
}

// levels lists the user counts by risk level, highest first: "1 high, 0 medium, 3 low".
func (r report) levels() string {
	order := []string{"high", "medium", "low"}
	var extra []string
	for l := range r.Outcome.UsersByLevel {
		if l != "high" && l != "medium" && l != "low" {
			extra = append(extra, l)
		}
	}
	sort.Strings(extra)
	var parts []string
	for _, l := range append(order, extra...) {
		parts = append(parts, fmt.Sprintf("%d %s", r.Outcome.UsersByLevel[l], clean(l)))
	}
	return strings.Join(parts, ", ")
}

func (r report) text() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "entrarisk job %s: %s\n\n", clean(r.Job), r.status())
	row := func(label, value string) { fmt.Fprintf(&b, "%-12s %s\n", label+":", value) }
	row("Started", r.Started.UTC().Format("2006-01-02 15:04:05 UTC"))
	row("Duration", r.Duration.Round(time.Second).String())
	row("Files", fmt.Sprintf("%d loaded, %d rejected", r.Outcome.Files, r.Outcome.FilesRejected))
	row("Rows", fmt.Sprintf("%d added", r.Outcome.Rows))
	row("Detections", fmt.Sprintf("%d", r.Outcome.Detections))
	row("Users", r.levels())
	row("Exit status", fmt.Sprintf("%d", r.Outcome.ExitStatus))
	row("Folder", clean(r.RunDir))
	if len(r.Outputs) > 0 {
		fmt.Fprintf(&b, "Outputs:\n")
		for _, o := range r.Outputs {
			fmt.Fprintf(&b, "  %s\n", clean(o))
		}
	}
	if r.Err != "" {
		fmt.Fprintf(&b, "\nWhat went wrong:\n")
		for _, line := range strings.Split(r.Err, "\n") {
			fmt.Fprintf(&b, "  %s\n", clean(line))
		}
	}
	return b.Bytes()
}

// summaryHTML is the HTML summary: html/template escapes every value it is given.
const summaryHTML = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>entrarisk job {{.Job}}: {{.Status}}</title></head>
<body style="font-family: sans-serif">
<h1>entrarisk job {{.Job}}: {{.Status}}</h1>
<table>
<tr><th align="left">Started</th><td>{{.Started}}</td></tr>
<tr><th align="left">Duration</th><td>{{.Duration}}</td></tr>
<tr><th align="left">Files</th><td>{{.Files}} loaded, {{.Rejected}} rejected</td></tr>
<tr><th align="left">Rows</th><td>{{.Rows}} added</td></tr>
<tr><th align="left">Detections</th><td>{{.Detections}}</td></tr>
<tr><th align="left">Users</th><td>{{.Users}}</td></tr>
<tr><th align="left">Exit status</th><td>{{.ExitStatus}}</td></tr>
<tr><th align="left">Folder</th><td>{{.Folder}}</td></tr>
</table>
{{- if .Outputs}}
<h2>Outputs</h2>
<ul>
{{- range .Outputs}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Err}}
<h2>What went wrong</h2>
<pre>{{.Err}}</pre>
{{- end}}
</body>
</html>
`

func (r report) html() ([]byte, error) {
	t, err := template.New("summary").Parse(summaryHTML)
	if err != nil {
		return nil, err
	}
	outputs := make([]string, len(r.Outputs))
	for i, o := range r.Outputs {
		outputs[i] = clean(o)
	}
	var errLines []string
	for _, line := range strings.Split(r.Err, "\n") {
		errLines = append(errLines, clean(line))
	}
	var b bytes.Buffer
	err = t.Execute(&b, map[string]any{
		"Job":        clean(r.Job),
		"Status":     r.status(),
		"Started":    r.Started.UTC().Format("2006-01-02 15:04:05 UTC"),
		"Duration":   r.Duration.Round(time.Second).String(),
		"Files":      r.Outcome.Files,
		"Rejected":   r.Outcome.FilesRejected,
		"Rows":       r.Outcome.Rows,
		"Detections": r.Outcome.Detections,
		"Users":      r.levels(),
		"ExitStatus": r.Outcome.ExitStatus,
		"Folder":     clean(r.RunDir),
		"Outputs":    outputs,
		"Err":        strings.Join(errLines, "\n"),
	})
	return b.Bytes(), err
}

// relOutputs names each output relative to the run folder when it is inside it.
func relOutputs(runDir string, outputs []string) []string {
	out := make([]string, 0, len(outputs))
	for _, o := range outputs {
		if runDir != "" {
			if rel, err := filepath.Rel(runDir, o); err == nil && filepath.IsAbs(o) == filepath.IsAbs(runDir) &&
				rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				o = rel
			}
		}
		out = append(out, o)
	}
	return out
}

// clean shows control characters (terminal escapes among them) escaped, so that text from
// logs or file names reads as data in a mail or on a terminal.
func clean(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' ||
			(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
