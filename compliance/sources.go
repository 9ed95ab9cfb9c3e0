package compliance

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/entrarisk/entrarisk/reports"
)

// source is one export format the period's records came from, and what its records carry.
type source struct {
	table, format string
	records       int64
	successes     int64 // sign-ins: successful ones; unified_audit: sign-in records (UserLoggedIn, UserLoginFailed)
	methodKnown   int64 // successful sign-ins whose method (single or multiple factor) the record says
	methodUnknown int64 // successful sign-ins whose method it does not say
	withPolicies  int64 // sign-ins with appliedConditionalAccessPolicies
	withCAStatus  int64 // sign-ins with an overall Conditional Access status or policies
	withSteps     int64 // sign-ins with authentication steps
	interactive   int64
}

// sources are the period's exports, by table and format.
type sources []source

// survey reads which exports the period's records came from.
func survey(ctx context.Context, conn *sql.Conn) (sources, error) {
	rows, err := conn.QueryContext(ctx, query("sources"))
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out sources
	for rows.Next() {
		var s source
		if err := rows.Scan(&s.table, &s.format, &s.records, &s.successes, &s.methodKnown, &s.methodUnknown,
			&s.withPolicies, &s.withCAStatus, &s.withSteps, &s.interactive); err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// of lists the sources of one table.
func (ss sources) of(table string) []source {
	var out []source
	for _, s := range ss {
		if s.table == table {
			out = append(out, s)
		}
	}
	return out
}

// sum adds up one count over the sources of a table.
func (ss sources) sum(table string, f func(source) int64) int64 {
	var n int64
	for _, s := range ss.of(table) {
		n += f(s)
	}
	return n
}

// formatLabels name the export formats ingest recognises, in an auditor's words.
var formatLabels = map[string]string{
	"graph_signins":                  "Microsoft Graph sign-ins (or the portal's JSON download)",
	"azure_monitor_signins":          "Azure Monitor sign-in logs",
	"log_analytics_signins":          "Log Analytics sign-in tables",
	"portal_signins_csv":             "the Entra portal's sign-in CSV download",
	"graph_directory_audits":         "Microsoft Graph directory audits",
	"azure_monitor_directory_audits": "Azure Monitor audit logs",
	"log_analytics_audit":            "Log Analytics AuditLogs",
	"portal_audit_csv":               "the Entra portal's audit-log CSV download",
	"unified_audit_log":              "the Microsoft 365 Unified Audit Log (Purview)",
	"log_analytics_office_activity":  "Log Analytics OfficeActivity (the Unified Audit Log)",
}

// label names a format for the Summary: its label and its name, as ingest records it.
func label(format string) string {
	if l, ok := formatLabels[format]; ok {
		return l + " (" + format + ")"
	}
	return format
}

// gaps says, in sentences for the Summary, what the period's exports could not tell: an
// export without a field leaves its figures out, and says so, rather than count zero.
func (ss sources) gaps(fig *figures, p *period) []string {
	var out []string
	signins := ss.of("signins")
	logons := ss.sum("unified_audit", func(s source) int64 { return s.successes })
	switch {
	case len(signins) == 0 && logons > 0:
		out = append(out, fmt.Sprintf("No sign-in log covers the period. The Unified Audit Log's %s sign-in records (UserLoggedIn, UserLoginFailed) carry no sign-in method, client app or Conditional Access result: MFA coverage, legacy authentication, Conditional Access and MFA prompts are not available from them. Load the sign-in logs (Graph, Azure Monitor, Log Analytics or the portal's download) for these figures.", reports.Thousands(logons)))
	case len(signins) == 0:
		out = append(out, "No sign-ins fall in the period: MFA coverage, legacy authentication, Conditional Access and MFA prompts are empty.")
	case logons > 0:
		out = append(out, fmt.Sprintf("The Unified Audit Log's %s sign-in records (UserLoggedIn, UserLoginFailed) are not counted: they carry no sign-in method; the sign-in figures come from the sign-in logs.", reports.Thousands(logons)))
	}
	for _, s := range signins {
		if s.methodUnknown > 0 {
			out = append(out, fmt.Sprintf("%s successful sign-ins from %s do not say how the user authenticated (no authentication requirement or steps): they are left out of the MFA shares, and counted as method unknown.", reports.Thousands(s.methodUnknown), label(s.format)))
		}
	}
	var withPolicies, without []source
	for _, s := range signins {
		if s.withPolicies > 0 {
			withPolicies = append(withPolicies, s)
		} else {
			without = append(without, s)
		}
	}
	for _, s := range without {
		msg := fmt.Sprintf("%s sign-ins from %s carry no Conditional Access policy details", reports.Thousands(s.records), label(s.format))
		if s.withCAStatus > 0 {
			msg += " (only the overall status, which counts towards \"no policy applied\")"
		}
		if len(withPolicies) == 0 {
			msg += ": results per policy are not available for the period."
		} else {
			msg += fmt.Sprintf(": the Conditional Access sheet counts the other %s sign-ins.", reports.Thousands(fig.CASignIns))
		}
		out = append(out, msg)
	}
	for _, s := range signins {
		if s.withSteps == 0 && s.interactive > 0 {
			msg := fmt.Sprintf("%s sign-ins from %s carry no authentication steps: MFA prompts answered in them are not counted (failed MFA, error 500121, still is).", reports.Thousands(s.records), label(s.format))
			if s.format == "portal_signins_csv" {
				msg += " The portal's AuthDetails download holds them: load it with the sign-ins."
			}
			out = append(out, msg)
		}
	}
	if p.analysis == nil {
		out = append(out, "No analyze run is recorded in the store: whether a rule flagged a change is not known, and the flagged columns are empty. Run entrarisk analyze (or run) first.")
	}
	if len(ss.of("directory_audits")) == 0 {
		out = append(out, "No directory audit log covers the period: sensitive operations and privileged role changes are not available. Load the audit logs (Graph directoryAudits, Azure Monitor AuditLogs, Log Analytics or the portal's download).")
	}
	return out
}
