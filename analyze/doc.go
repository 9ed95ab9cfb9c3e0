// Package analyze finds, from the logs in the store, what Entra ID Protection and Microsoft
// Sentinel's analytics rules would find, ranks users by risk, and keeps the analysts'
// triage decisions.
//
// # Rules
//
// Each rule is an embedded SQL file, rules/<id>.sql, opening with strict "-- key: value"
// lines: id, title, severity, tactic, technique, source, follows (the public rule it is
// grounded in), description, remediation, and one "param: name type default  description"
// line per tunable. A line starting with "--" and two or more spaces continues the value
// before it. A malformed header is a [HeaderError] naming the file and line.
//
// A rule is one SELECT over the canonical tables that yields detection rows with these
// columns: detection_key (what makes the finding the same finding on the next run),
// user_principal_name, ip_address, first_seen, last_seen, event_count, severity (NULL for
// the header's; rules raise it per row where their public rule does), evidence (plain words
// built from the data), target (the account, app, domain or address a directory or mailbox
// change touched), event_table and event_ids (the records behind the finding). Tunables and
// the period bounds are named parameters: $since, $until and $<param>; values are bound,
// never spliced into the text.
//
// Besides the canonical tables a rule may read these tables, which [Run] makes from the
// settings and the data before the rules: trusted_ips and threat_intel_ips (the store's
// addresses that the configured addresses and CIDR ranges cover, matched in Go for IPv4
// and IPv6 alike), tenant_domains (configured, or the UPN domains of the members who sign
// in), privileged_roles, privileged_users (configured, plus whoever the directory audit
// shows being given a privileged role, assigning roles, or changing Conditional Access or
// federation), and country_centroids (for exports without coordinates). The JSON helpers
// of sql/macros.sql are DuckDB's; everything else is kept to SQL that Spark SQL and Trino
// read too where that costs nothing.
//
// # Runs
//
// [Run] runs every enabled rule, each an INSERT ... SELECT into a staging table on one
// connection, then rebuilds detections, detection_events, risky_signins, audit_findings
// and user_risk in the same transaction. With Settings.Since or Until set, the rebuilt
// tables hold what was found in that period; the rules still read the history before it
// that their look-backs need. detection_id is a hash of the rule id and the detection key,
// so a finding keeps its id, and its triage, from run to run.
//
// # Triage and user risk
//
// [Triage] records a decision in the triage table (never touched by Run) and at once
// re-applies every decision: detection states and user_risk, with no need to run the
// rules again. A detection's state is set by the latest decision naming it or its user:
// resolve → remediated, false-positive → confirmedSafe and dismiss (a user) → dismissed
// hold while the detection has no event newer than the decision; ignore → dismissed holds
// for good; confirm-compromised → confirmedCompromised; reactivate → atRisk.
//
// A user's level comes from their open (atRisk or confirmedCompromised) detections: high
// for a compromise chain (a suspicious sign-in, then within 7 days a persistence change by
// the same account from an address of that sign-in: a privileged role, an app credential,
// a consent, an MFA method, mail forwarding or a mailbox delegate, or a hiding rule, bulk
// download or bulk mail read of medium or high severity), for any open
// high-severity detection (Microsoft's own high among them) and for an analyst's
// confirm-compromised; medium for any open medium detection; low for low ones alone, such
// as legacy protocol use. Accounts an at-risk account changed (given a role,
// an MFA method or mailbox access) are listed with changed_by. See sql/states.sql.
//
// # Workload identity risk
//
// Service principals and managed identities get their own risk, as Entra ID Protection's risky
// workload identities: service_principal_risk, from the open detections that name them (the
// sp_* rules' target) or change their app (a credential, an application permission or owner,
// a consent), at the highest severity among them. See sql/workload.sql.
package analyze
