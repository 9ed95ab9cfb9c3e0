package compliance

import "github.com/entrarisk/entrarisk/reports"

// tables are the data sheets, in the workbook's order: the six CSVs of CONTRACT.md (their
// fixed columns first, then more), then the sheets behind the Summary's other figures.
// Every query reads the period's temporary tables (sql/prepare.sql) and ends in a
// deterministic ORDER BY, so that the same store gives the same CSV bytes.
func tables() []reports.Table {
	text := func(csv, title string, width float64) reports.Column {
		return reports.Column{CSV: csv, Title: title, Width: width}
	}
	kind := func(csv, title string, width float64, k reports.ColumnKind) reports.Column {
		return reports.Column{CSV: csv, Title: title, Width: width, Kind: k}
	}
	table := func(file, sheet, name, keeps string, cols ...reports.Column) reports.Table {
		q := query(name)
		return reports.Table{File: file, Sheet: sheet, Columns: cols, Query: q, Count: "SELECT count(*) FROM (\n" + q + "\n)", Keeps: keeps}
	}
	const (
		kInt   = reports.KindInt
		kTime  = reports.KindTime
		kShare = reports.KindShare
		kBool  = reports.KindBool
		kWrap  = reports.KindWrap
	)
	sensitive := table(FileSensitiveOperations, SheetSensitiveOperations, "sensitive_operations", "newest",
		kind("activity_time", "Time", 19, kTime),
		text("category", "", 0),
		text("activity", "Activity", 36),
		text("actor", "Actor", 30),
		text("actor_ip", "Actor IP", 16),
		text("target", "Target", 30),
		text("target_type", "Target type", 14),
		text("result", "Result", 9),
		kind("details", "Details", 60, kWrap),
		kind("flagged", "Flagged", 9, kBool),
		text("rule_ids", "Rules", 24),
		text("", "Kind", 30),
		text("record_id", "Record id", 40))
	// On the sheet the kind in words comes second, the details near the end.
	sensitive.SheetColumns = []int{0, 11, 2, 3, 4, 5, 6, 7, 9, 10, 8, 12}
	return []reports.Table{
		table(FileMFACoverage, SheetMFACoverage, "mfa_coverage", "first",
			text("user_principal_name", "User", 34),
			kind("sign_ins", "Sign-ins", 10, kInt),
			kind("successful_sign_ins", "Successful", 11, kInt),
			kind("single_factor_successes", "Single factor", 11, kInt),
			kind("multi_factor_successes", "Multifactor", 11, kInt),
			kind("mfa_share", "MFA share", 10, kShare),
			kind("single_factor_apps", "Apps reached with a single factor", 44, kWrap),
			kind("last_single_factor_at", "Last single-factor sign-in", 19, kTime),
			kind("unknown_method_successes", "Method not recorded", 11, kInt),
			kind("single_factor_clients", "Single-factor client apps", 30, kWrap),
			kind("last_sign_in_at", "Last sign-in", 19, kTime)),
		table(FileLegacyAuth, SheetLegacyAuth, "legacy_auth", "first",
			text("user_principal_name", "User", 34),
			text("client_app", "Client app", 22),
			kind("attempts", "Attempts", 10, kInt),
			kind("successes", "Successes", 10, kInt),
			kind("first_seen", "First seen", 19, kTime),
			kind("last_seen", "Last seen", 19, kTime),
			kind("ip_addresses", "IP addresses", 34, kWrap),
			text("apps", "Apps", 30),
			kind("distinct_ip_addresses", "Addresses", 10, kInt)),
		table(FileConditionalAccess, SheetConditionalAccess, "conditional_access", "first",
			text("policy_id", "Policy id", 38),
			text("policy_name", "Policy", 44),
			text("result", "Result", 22),
			kind("sign_ins", "Sign-ins", 10, kInt),
			kind("users", "Users", 9, kInt),
			text("mode", "Mode", 12),
			kind("successful_sign_ins", "Successful sign-ins", 12, kInt),
			kind("first_seen", "First seen", 19, kTime),
			kind("last_seen", "Last seen", 19, kTime)),
		sensitive,
		table(FilePrivilegedRoles, SheetPrivilegedRoles, "privileged_roles", "newest",
			kind("activity_time", "Time", 19, kTime),
			text("action", "Action", 18),
			text("role", "Role", 32),
			text("target", "Target", 32),
			text("actor", "Actor", 32),
			text("actor_ip", "Actor IP", 16),
			text("result", "Result", 9),
			text("activity", "Activity", 44),
			kind("flagged", "Flagged", 9, kBool),
			text("rule_ids", "Rules", 24),
			text("record_id", "Record id", 40)),
		table(FileMFAPrompts, SheetMFAPrompts, "mfa_prompts", "first",
			text("user_principal_name", "User", 34),
			kind("prompts", "Prompts", 9, kInt),
			kind("approved", "Approved", 9, kInt),
			kind("denied", "Denied", 9, kInt),
			kind("no_response", "No response", 10, kInt),
			kind("fraud_reported", "Fraud reported", 10, kInt),
			kind("apps", "Apps", 40, kWrap),
			kind("other_failures", "Other failures", 10, kInt),
			kind("busiest_hour", "Most in one hour", 10, kInt),
			kind("first_prompt", "First prompt", 19, kTime),
			kind("last_prompt", "Last prompt", 19, kTime),
			text("methods", "Methods", 32)),
		table("", SheetMFAByApp, "mfa_by_app", "first",
			text("", "Dimension", 14),
			text("", "Name", 40),
			kind("", "Users", 9, kInt),
			kind("", "Successful sign-ins", 12, kInt),
			kind("", "Single factor", 11, kInt),
			kind("", "Multifactor", 11, kInt),
			kind("", "MFA share", 10, kShare),
			kind("", "Method not recorded", 11, kInt),
			kind("", "Single-factor users", 11, kInt)),
		table("", SheetNoPolicy, "no_policy", "first",
			text("", "App", 40),
			text("", "Client app", 30),
			kind("", "Successful sign-ins", 12, kInt),
			kind("", "Users", 9, kInt),
			kind("", "Interactive", 11, kInt),
			kind("", "First seen", 19, kTime),
			kind("", "Last seen", 19, kTime)),
		table("", SheetInputs, "inputs", "first",
			text("", "Path", 60),
			text("", "Format", 24),
			text("", "Table", 18),
			kind("", "Rows in the period", 12, kInt),
			kind("", "Rows added", 12, kInt),
			kind("", "Size (bytes)", 14, kInt),
			text("", "SHA-256", 66),
			kind("", "Loaded", 19, kTime)),
	}
}
