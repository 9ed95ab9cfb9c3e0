package analyze

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"
)

// riskScenario: alice is sprayed, signs in from the spraying address, then forwards her mail
// outside and makes a backdoor admin (a chain); ivan only uses IMAP (posture); uma is rated
// high by Microsoft; rita signs in from a new country; quiet@ only signs in normally.
const riskScenario = `
INSERT INTO fx_signins BY NAME
SELECT 'rs-spray-' || i AS id, TIMESTAMP '2026-03-10 10:00:00' + i * INTERVAL 40 SECOND AS created_at,
    'user' || i || '@contoso.com' AS user_principal_name, '203.0.113.7' AS ip_address, 50126 AS error_code
FROM range(12) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'rs-rita-' || i AS id, TIMESTAMP '2026-02-27 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'rita@contoso.com' AS user_principal_name, '198.51.100.9' AS ip_address, 0 AS error_code, 'GB' AS country, 'member' AS user_type
FROM range(16) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, user_type, ip_address, error_code, client_app, country, risk_level_during_signin) VALUES
    ('rs-alice-ok', TIMESTAMP '2026-03-10 13:00:00', 'alice@contoso.com', 'member', '203.0.113.7', 0, 'Browser', NULL, NULL),
    ('rs-ivan-1', TIMESTAMP '2026-03-10 08:00:00', 'ivan@contoso.com', 'member', '198.51.100.80', 0, 'IMAP4', NULL, NULL),
    ('rs-uma-1', TIMESTAMP '2026-03-10 08:00:00', 'uma@contoso.com', 'member', '203.0.113.140', 0, 'Browser', NULL, 'high'),
    ('rs-rita-x', TIMESTAMP '2026-03-15 03:00:00', 'rita@contoso.com', 'member', '203.0.113.121', 0, 'Browser', 'NG', NULL),
    ('rs-quiet-1', TIMESTAMP '2026-03-10 08:00:00', 'quiet@contoso.com', 'member', '198.51.100.9', 0, 'Browser', NULL, NULL);
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, user_id, client_ip, parameters) VALUES
    ('rs-fwd', TIMESTAMP '2026-03-11 09:00:00', 'ExchangeAdmin', 'New-InboxRule', 'alice@contoso.com', '203.0.113.7',
     '[{"name":"Name","value":"x"},{"name":"ForwardTo","value":"drop@evil.example"}]');
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type, target_resources) VALUES
    ('rs-role', TIMESTAMP '2026-03-11 09:30:00', 'Add member to role', 'alice@contoso.com', '203.0.113.7', 'backdoor@contoso.com', 'User',
     '[{"type":"User","userprincipalname":"backdoor@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Global Administrator\""}]}]');
`

type userRisk struct {
	level, state, reasons, changedBy string
	score, detections                int
}

func readUserRisk(t *testing.T, db *sql.DB) map[string]userRisk {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT user_principal_name, risk_level, risk_state, risk_score, detections,
		coalesce(reasons, ''), coalesce(changed_by, '') FROM user_risk ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]userRisk{}
	for rows.Next() {
		var u string
		var r userRisk
		if err := rows.Scan(&u, &r.level, &r.state, &r.score, &r.detections, &r.reasons, &r.changedBy); err != nil {
			t.Fatal(err)
		}
		out[u] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func analyzeAt(t *testing.T, db *sql.DB, now time.Time) *Result {
	t.Helper()
	res, err := Run(context.Background(), db, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestUserRiskLevels(t *testing.T) {
	st := newStore(t)
	loadFixture(t, st.DB, riskScenario)
	res := analyzeAt(t, st.DB, fixtureNow)
	risk := readUserRisk(t, st.DB)
	tests := []struct {
		user, level, state, reason string
		minScore, maxScore         int
	}{
		{"alice@contoso.com", "high", "atRisk", "compromise chain: password_spray then inbox_forwarding_external", 70, 100},
		{"uma@contoso.com", "high", "atRisk", "high: microsoft_risk", 70, 100},
		{"rita@contoso.com", "medium", "atRisk", "medium: new_country", 30, 69},
		{"ivan@contoso.com", "low", "atRisk", "low: legacy_auth", 1, 29},
		{"backdoor@contoso.com", "medium", "atRisk", "changed by at-risk account alice@contoso.com (privileged_role_assigned)", 30, 69},
	}
	for _, tc := range tests {
		t.Run(tc.user, func(t *testing.T) {
			got, ok := risk[tc.user]
			if !ok {
				t.Fatalf("got no user_risk row; want level %s", tc.level)
			}
			if got.level != tc.level || got.state != tc.state {
				t.Errorf("got %s/%s; want %s/%s (reasons: %s)", got.level, got.state, tc.level, tc.state, got.reasons)
			}
			if got.score < tc.minScore || got.score > tc.maxScore {
				t.Errorf("got score %d; want %d-%d", got.score, tc.minScore, tc.maxScore)
			}
			if !strings.Contains(got.reasons, tc.reason) {
				t.Errorf("got reasons %q; want them to say %q", got.reasons, tc.reason)
			}
		})
	}
	if r := risk["backdoor@contoso.com"]; r.changedBy != "alice@contoso.com" {
		t.Errorf("backdoor changed_by: got %q; want alice@contoso.com", r.changedBy)
	}
	if _, ok := risk["quiet@contoso.com"]; ok {
		t.Errorf("quiet@contoso.com has a user_risk row; want none")
	}
	if risk["alice@contoso.com"].score <= risk["uma@contoso.com"].score {
		t.Errorf("alice's chain scores %d, not above uma's lone Microsoft high %d", risk["alice@contoso.com"].score, risk["uma@contoso.com"].score)
	}
	if res.UsersByLevel["high"] != 2 || res.UsersByLevel["medium"] != 2 || res.UsersByLevel["low"] != 1 {
		t.Errorf("users by level: got %v; want high 2, medium 2, low 1", res.UsersByLevel)
	}
	// The sign-ins and changes behind the detections are listed for the reports.
	var risky, findings int
	if err := st.DB.QueryRow(`SELECT (SELECT count(*) FROM risky_signins WHERE signin_id = 'rs-alice-ok' AND risk_level = 'high'
		AND rule_ids = 'password_spray'), (SELECT count(*) FROM audit_findings WHERE event_id IN ('rs-fwd', 'rs-role'))`).Scan(&risky, &findings); err != nil {
		t.Fatal(err)
	}
	if risky != 1 || findings != 2 {
		t.Errorf("got %d risky sign-in rows for alice's success and %d audit findings; want 1 and 2", risky, findings)
	}
}

// detectionOf returns the id of the one detection of rule for user.
func detectionOf(t *testing.T, db *sql.DB, rule, user string) string {
	t.Helper()
	var id string
	if err := db.QueryRow(`SELECT detection_id FROM detections WHERE rule_id = $1 AND user_principal_name = $2`, rule, user).Scan(&id); err != nil {
		t.Fatalf("detection of %s for %s: %v", rule, user, err)
	}
	return id
}

func detectionState(t *testing.T, db *sql.DB, id string) string {
	t.Helper()
	var s string
	if err := db.QueryRow(`SELECT state FROM detections WHERE detection_id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTriage(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	db := st.DB
	loadFixture(t, db, riskScenario)
	analyzeAt(t, db, fixtureNow)
	decided := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	decide := func(d Decision) {
		t.Helper()
		d.Analyst, d.At = "analyst@contoso.com", decided
		decided = decided.Add(time.Minute)
		if err := Triage(ctx, db, d); err != nil {
			t.Fatalf("triage %+v: %v", d, err)
		}
	}
	level := func(user string) (string, string) {
		r, ok := readUserRisk(t, db)[user]
		if !ok {
			return "absent", ""
		}
		return r.level, r.state
	}

	rita := detectionOf(t, db, "new_country", "rita@contoso.com")
	decide(Decision{Action: "false-positive", DetectionID: rita, Note: "travelling for work"})
	if s := detectionState(t, db, rita); s != "confirmedSafe" {
		t.Errorf("after false-positive: got state %s; want confirmedSafe", s)
	}
	if l, s := level("rita@contoso.com"); l != "none" || s != "confirmedSafe" {
		t.Errorf("rita after false-positive: got %s/%s; want none/confirmedSafe", l, s)
	}
	analyzeAt(t, db, fixtureNow.Add(24*time.Hour))
	if s := detectionState(t, db, rita); s != "confirmedSafe" {
		t.Errorf("after a new analyze: got state %s; want the decision kept (confirmedSafe)", s)
	}
	decide(Decision{Action: "reactivate", DetectionID: rita})
	if l, s := level("rita@contoso.com"); l != "medium" || s != "atRisk" {
		t.Errorf("rita after reactivate: got %s/%s; want medium/atRisk", l, s)
	}

	// A user dismissal holds until newer evidence arrives.
	decide(Decision{Action: "dismiss", User: "Ivan@Contoso.com", Note: "mail app of the warehouse"})
	if l, s := level("ivan@contoso.com"); l != "none" || s != "dismissed" {
		t.Errorf("ivan after dismiss: got %s/%s; want none/dismissed", l, s)
	}
	analyzeAt(t, db, fixtureNow.Add(48*time.Hour))
	if l, s := level("ivan@contoso.com"); l != "none" || s != "dismissed" {
		t.Errorf("ivan after dismiss and a new analyze: got %s/%s; want none/dismissed", l, s)
	}
	loadFixture(t, db, `INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, client_app)
		VALUES ('rs-ivan-2', TIMESTAMP '2026-03-22 08:00:00', 'ivan@contoso.com', '198.51.100.80', 0, 'IMAP4')`)
	analyzeAt(t, db, fixtureNow.Add(72*time.Hour))
	if l, s := level("ivan@contoso.com"); l != "low" || s != "atRisk" {
		t.Errorf("ivan after new evidence: got %s/%s; want low/atRisk", l, s)
	}

	// Resolve and ignore close a detection; confirm-compromised makes a user high, even one with no detection.
	uma := detectionOf(t, db, "microsoft_risk", "uma@contoso.com")
	decide(Decision{Action: "resolve", DetectionID: uma, Note: "password reset"})
	if s := detectionState(t, db, uma); s != "remediated" {
		t.Errorf("after resolve: got %s; want remediated", s)
	}
	decide(Decision{Action: "confirm-compromised", User: "quiet@contoso.com", Note: "reported by the user"})
	if l, s := level("quiet@contoso.com"); l != "high" || s != "confirmedCompromised" {
		t.Errorf("quiet after confirm-compromised: got %s/%s; want high/confirmedCompromised", l, s)
	}
	decide(Decision{Action: "reactivate", User: "quiet@contoso.com"})
	if l, _ := level("quiet@contoso.com"); l != "absent" {
		t.Errorf("quiet after reactivate: got level %s; want no row (no detections)", l)
	}
	decide(Decision{Action: "ignore", DetectionID: rita})
	loadFixture(t, db, `INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country)
		VALUES ('rs-rita-y', TIMESTAMP '2026-03-15 05:00:00', 'rita@contoso.com', '203.0.113.121', 0, 'NG')`)
	analyzeAt(t, db, fixtureNow.Add(96*time.Hour))
	if s := detectionState(t, db, rita); s != "dismissed" {
		t.Errorf("an ignored detection: got %s; want dismissed", s)
	}

	var n int
	if err := db.QueryRow(`SELECT count(*) FROM triage WHERE analyst = 'analyst@contoso.com' AND decided_at IS NOT NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("got %d triage rows; want every decision kept (7)", n)
	}

	bad := []struct {
		name string
		d    Decision
		is   error
		msg  string
	}{
		{"unknown action", Decision{Action: "close", DetectionID: rita}, ErrUnknownAction, "close"},
		{"unknown detection", Decision{Action: "resolve", DetectionID: "dnope"}, ErrUnknownDetection, "dnope"},
		{"unknown user", Decision{Action: "dismiss", User: "ghost@contoso.com"}, ErrUnknownUser, "ghost"},
		{"user action on a detection", Decision{Action: "dismiss", DetectionID: rita}, nil, "--user"},
		{"detection action on a user", Decision{Action: "resolve", User: "rita@contoso.com"}, nil, "--detection"},
		{"reactivate with both", Decision{Action: "reactivate", User: "rita@contoso.com", DetectionID: rita}, nil, "either"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			tc.d.Analyst, tc.d.At = "a", decided
			err := Triage(ctx, db, tc.d)
			if err == nil || !strings.Contains(err.Error(), tc.msg) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("got %v; want an error about %q", err, tc.msg)
			}
		})
	}
}
