package analyze

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Decision is one analyst decision about a detection or a user.
type Decision struct {
	Action      string // resolve | false-positive | ignore | dismiss | reactivate | confirm-compromised
	DetectionID string // for resolve, false-positive, ignore (and reactivate of a detection)
	User        string // for dismiss, confirm-compromised (and reactivate of a user)
	Analyst     string
	Note        string
	At          time.Time
}

// Triage errors a caller may want to tell apart.
var (
	ErrUnknownAction    = errors.New("unknown triage action")
	ErrUnknownDetection = errors.New("no such detection in the store")
	ErrUnknownUser      = errors.New("no such user in the store")
)

// Actions lists the triage actions (CONTRACT.md) and what each takes.
func Actions() []ActionInfo {
	return []ActionInfo{
		{"resolve", "detection", "remediated", "the finding was real and has been dealt with"},
		{"false-positive", "detection", "confirmedSafe", "the finding was not an attack"},
		{"ignore", "detection", "dismissed", "never flag this finding again, whatever new events it gets"},
		{"dismiss", "user", "dismissed", "the user is not at risk; flag again only on new evidence"},
		{"reactivate", "detection or user", "atRisk", "undo the decisions before it"},
		{"confirm-compromised", "user", "confirmedCompromised", "the account is compromised: risk high"},
	}
}

// ActionInfo describes one triage action.
type ActionInfo struct {
	Name, Takes, State, Meaning string
}

// Triage records a decision and applies it at once: detection states and user risk are
// recomputed from every decision in the store, with no need to run the rules again.
func Triage(ctx context.Context, db *sql.DB, d Decision) error {
	d.Action = strings.TrimSpace(d.Action)
	d.DetectionID = strings.TrimSpace(d.DetectionID)
	d.User = strings.ToLower(strings.TrimSpace(d.User))
	d.Analyst = strings.TrimSpace(d.Analyst)
	var takes string
	for _, a := range Actions() {
		if a.Name == d.Action {
			takes = a.Takes
		}
	}
	switch {
	case takes == "":
		return fmt.Errorf("triage %q: %w (want one of resolve, false-positive, ignore, dismiss, reactivate, confirm-compromised)", d.Action, ErrUnknownAction)
	case takes == "detection" && (d.DetectionID == "" || d.User != ""):
		return fmt.Errorf("triage %s: give a detection id (--detection) and no user", d.Action)
	case takes == "user" && (d.User == "" || d.DetectionID != ""):
		return fmt.Errorf("triage %s: give a user (--user) and no detection id", d.Action)
	case takes == "detection or user" && (d.User == "") == (d.DetectionID == ""):
		return fmt.Errorf("triage %s: give either a detection id (--detection) or a user (--user)", d.Action)
	case d.Analyst == "":
		return fmt.Errorf("triage %s: no analyst named", d.Action)
	case d.At.IsZero():
		return fmt.Errorf("triage %s: no decision time", d.Action)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("triage: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("triage: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if d.DetectionID != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM detections WHERE detection_id = $1`, d.DetectionID).Scan(&n); err != nil {
			return fmt.Errorf("triage: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("triage %s %s: %w (run analyze first, or check the id in detections.csv)", d.Action, d.DetectionID, ErrUnknownDetection)
		}
	} else {
		var known bool
		if err := tx.QueryRowContext(ctx, `SELECT
			EXISTS (SELECT 1 FROM user_risk WHERE user_principal_name = $1)
			OR EXISTS (SELECT 1 FROM detections WHERE user_principal_name = $1)
			OR EXISTS (SELECT 1 FROM signins WHERE user_principal_name = $1)
			OR EXISTS (SELECT 1 FROM directory_audits WHERE actor_upn = $1 OR target_upn = $1)
			OR EXISTS (SELECT 1 FROM unified_audit WHERE user_id = $1)
			OR EXISTS (SELECT 1 FROM risky_users WHERE user_principal_name = $1)
			OR EXISTS (SELECT 1 FROM risk_detections WHERE user_principal_name = $1)`, d.User).Scan(&known); err != nil {
			return fmt.Errorf("triage: %w", err)
		}
		if !known {
			return fmt.Errorf("triage %s %s: %w", d.Action, d.User, ErrUnknownUser)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO triage (decided_at, action, detection_id, user_principal_name, analyst, note)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		d.At.UTC(), d.Action, nullString(d.DetectionID), nullString(d.User), d.Analyst, nullString(d.Note)); err != nil {
		return fmt.Errorf("triage: record: %w", err)
	}
	if err := applyStates(ctx, tx, d.At.UTC()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("triage: commit: %w", err)
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
