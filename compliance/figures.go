package compliance

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// figures are the Summary's key figures (sql/figures.sql), also in manifest.json.
type figures struct {
	SignIns            int64 `json:"sign_ins"`
	Users              int64 `json:"users_signed_in"`
	UsersMFA           int64 `json:"users_seen_with_mfa"`
	UsersNeverMFA      int64 `json:"users_never_seen_with_mfa"`
	UsersMethodUnknown int64 `json:"users_method_unknown"`
	Successes          int64 `json:"successful_sign_ins"`
	SuccessesMFA       int64 `json:"successful_sign_ins_mfa"`
	SuccessesSingle    int64 `json:"successful_sign_ins_single_factor"`
	SuccessesUnknown   int64 `json:"successful_sign_ins_method_unknown"`

	LegacyUsers      int64  `json:"legacy_auth_users"`
	LegacyUsersTried int64  `json:"legacy_auth_users_tried"`
	LegacyAttempts   int64  `json:"legacy_auth_attempts"`
	LegacySuccesses  int64  `json:"legacy_auth_successes"`
	LegacyClients    string `json:"legacy_auth_clients"`

	CASignIns            int64 `json:"ca_sign_ins_with_policies"`
	CAPolicies           int64 `json:"ca_policies"`
	CAFailures           int64 `json:"ca_policy_failures"`
	CAFailureUsers       int64 `json:"ca_policy_failure_users"`
	CAReportOnlyFailures int64 `json:"ca_report_only_failures"`
	CAWouldBlock         int64 `json:"ca_report_only_would_block_successes"`
	CAWouldInterrupt     int64 `json:"ca_report_only_user_action_required"`
	CAKnownSuccesses     int64 `json:"ca_successes_status_known"`
	CANoPolicySuccesses  int64 `json:"ca_successes_no_policy_applied"`

	Prompts           int64 `json:"mfa_prompts"`
	PromptsApproved   int64 `json:"mfa_prompts_approved"`
	PromptsDenied     int64 `json:"mfa_prompts_denied"`
	PromptsNoResponse int64 `json:"mfa_prompts_no_response"`
	PromptsFraud      int64 `json:"mfa_prompts_fraud_reported"`
	PromptedUsers     int64 `json:"mfa_prompted_users"`
	UsersRefusing     int64 `json:"mfa_users_denied_unanswered_or_fraud"`

	Sensitive        int64 `json:"sensitive_operations"`
	SensitiveFlagged int64 `json:"sensitive_operations_flagged"`
	RoleChanges      int64 `json:"privileged_role_changes"`
	RolesAssigned    int64 `json:"privileged_roles_assigned"`
	RolesRemoved     int64 `json:"privileged_roles_removed"`
	RolesActivated   int64 `json:"privileged_roles_activated"`
	Audits           int64 `json:"directory_changes"`

	FirstSignIn sql.NullTime `json:"-"`
	LastSignIn  sql.NullTime `json:"-"`

	ByKind []kindCount `json:"sensitive_operations_by_kind"`
}

// kindCount is one kind of sensitive operation on the Summary.
type kindCount struct {
	Kind    string `json:"kind"`
	Changes int64  `json:"changes"`
	Flagged int64  `json:"flagged"`
	Actors  int64  `json:"actors"`
	Failed  int64  `json:"failed"`
}

// measure reads the key figures.
func measure(ctx context.Context, conn *sql.Conn) (*figures, error) {
	f := &figures{}
	err := conn.QueryRowContext(ctx, query("figures")).Scan(&f.SignIns, &f.Users, &f.UsersMFA, &f.UsersNeverMFA, &f.UsersMethodUnknown,
		&f.Successes, &f.SuccessesMFA, &f.SuccessesSingle, &f.SuccessesUnknown,
		&f.LegacyUsers, &f.LegacyUsersTried, &f.LegacyAttempts, &f.LegacySuccesses, &f.LegacyClients,
		&f.CASignIns, &f.CAPolicies, &f.CAFailures, &f.CAFailureUsers, &f.CAReportOnlyFailures, &f.CAWouldBlock, &f.CAWouldInterrupt,
		&f.CAKnownSuccesses, &f.CANoPolicySuccesses,
		&f.Prompts, &f.PromptsApproved, &f.PromptsDenied, &f.PromptsNoResponse, &f.PromptsFraud, &f.PromptedUsers, &f.UsersRefusing,
		&f.Sensitive, &f.SensitiveFlagged, &f.RoleChanges, &f.RolesAssigned, &f.RolesRemoved, &f.RolesActivated, &f.Audits,
		&f.FirstSignIn, &f.LastSignIn)
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	rows, err := conn.QueryContext(ctx, query("sensitive_by_kind"))
	if err != nil {
		return nil, fmt.Errorf("sensitive operations by kind: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k kindCount
		if err := rows.Scan(&k.Kind, &k.Changes, &k.Flagged, &k.Actors, &k.Failed); err != nil {
			return nil, fmt.Errorf("sensitive operations by kind: %w", err)
		}
		f.ByKind = append(f.ByKind, k)
	}
	return f, rows.Err()
}

// share is n of all as a ratio, or nil (an empty cell) when all is zero.
func share(n, all int64) any {
	if all == 0 {
		return nil
	}
	return float64(n) / float64(all)
}

// input is one file the period's records came from.
type input struct {
	Path         string    `json:"path"`
	Format       string    `json:"format"`
	Table        string    `json:"table"`
	RowsInPeriod int64     `json:"rows_in_period"`
	RowsAdded    int64     `json:"rows_added"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	IngestedAt   time.Time `json:"ingested_at"`
}

// readInputs lists the files the period's records came from (sql/inputs.sql).
func readInputs(ctx context.Context, conn *sql.Conn) ([]input, error) {
	rows, err := conn.QueryContext(ctx, query("inputs"))
	if err != nil {
		return nil, fmt.Errorf("inputs: %w", err)
	}
	defer rows.Close()
	var out []input
	for rows.Next() {
		var in input
		var at sql.NullTime
		if err := rows.Scan(&in.Path, &in.Format, &in.Table, &in.RowsInPeriod, &in.RowsAdded, &in.Size, &in.SHA256, &at); err != nil {
			return nil, fmt.Errorf("inputs: %w", err)
		}
		in.IngestedAt = at.Time.UTC()
		out = append(out, in)
	}
	return out, rows.Err()
}
