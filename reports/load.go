package reports

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// dataRange is what the store holds for the period.
type dataRange struct {
	signins, failures, users int64
	first, last              sql.NullTime
}

// analysisRun is the analyze run whose results the report shows.
type analysisRun struct {
	RunID      string          `json:"run_id"`
	StartedAt  string          `json:"started_at"`
	FinishedAt string          `json:"finished_at"`
	Rules      []string        `json:"rules"`
	Detections int64           `json:"detections"`
	Settings   json.RawMessage `json:"settings,omitempty"`
}

// flaggedUser is a user with an open finding, and what the report says about them.
type flaggedUser struct {
	upn, level, state  string
	score, detections  int64
	first, last        sql.NullTime
	rules              []string
	reasons, changedBy string

	facts                    []ruleFact // open detections, by rule
	findings                 []finding  // directory and mailbox changes by or to the user
	riskyTotal, riskySuccess int64
	triage                   string // the latest analyst decision, in words

	steps    []step
	sheetRow int // the user's row on Flagged users
	remRow   int // the first row of the user's checklist on Remediation
	tlRow    int // the first row of the user's events on Timeline
}

// highRisk reports whether the user gets a timeline and the full compromised-account
// response.
func (u *flaggedUser) highRisk() bool {
	return u.level == "high" || u.state == "confirmedCompromised"
}

// ruleFact sums up a user's open detections of one rule.
type ruleFact struct {
	rule, severity string
	count, events  int64
	first, last    time.Time
	ids            []string // the newest detection ids (up to three)
	evidence       string   // the newest detection's evidence
	ips            []string // distinct source IPs (up to five)
}

// finding is one audit finding that involves a flagged user, with what its source record
// says (ids for remediation.ps1).
type finding struct {
	at                                                               time.Time
	rule, severity, actor, target, activity, details, source         string
	eventID, detectionID, detUser                                    string
	targetID, targetType, targetName, targetUPN, actorUPN, targetsJS string
	params, uaUser, operation, objectID                              string
	byUser                                                           bool // the user did it (else it was done to them)
}

// flaggedWhere selects the users with an open finding (CONTRACT.md) whose findings
// overlap the period ($1, $2).
const flaggedWhere = `(u.risk_level <> 'none' OR u.risk_state = 'confirmedCompromised')
	AND (u.last_seen IS NULL OR u.last_seen >= $1) AND (u.first_seen IS NULL OR u.first_seen < $2)`

// flaggedOrder puts the highest risk first, then orders by user.
const flaggedOrder = `CASE u.risk_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END,
	CASE WHEN u.risk_state = 'confirmedCompromised' THEN 0 ELSE 1 END, u.risk_score DESC, u.user_principal_name, u.risk_state`

// loadContext reads the tenant, the data range, the inputs and the analyze run.
func (r *run) loadContext() error {
	ctx, db := r.ctx, r.db
	r.tenant = r.opts.Tenant
	if r.tenant == "" {
		err := db.QueryRowContext(ctx, `
			SELECT split_part(user_principal_name, '@', 2) AS domain
			FROM signins
			WHERE user_principal_name LIKE '%_@_%' AND user_principal_name NOT LIKE '%#ext#%'
				AND coalesce(lower(user_type), 'member') = 'member'
			GROUP BY domain
			ORDER BY count(*) DESC, domain
			LIMIT 1`).Scan(&r.tenant)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("tenant: %w", err)
		}
	}
	err := db.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE coalesce(error_code, 0) <> 0), count(DISTINCT user_principal_name),
			min(created_at), max(created_at)
		FROM signins WHERE created_at >= $1 AND created_at < $2`, r.lo, r.hi).
		Scan(&r.data.signins, &r.data.failures, &r.data.users, &r.data.first, &r.data.last)
	if err != nil {
		return fmt.Errorf("sign-in counts: %w", err)
	}
	if err := r.loadInputs(); err != nil {
		return err
	}
	return r.loadAnalysis()
}

func (r *run) loadInputs() error {
	if len(r.opts.Inputs) > 0 {
		r.inputs = append([]Input(nil), r.opts.Inputs...)
		return nil
	}
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT path, sha256, size, coalesce(format, ''), rows_added, status, coalesce(reason, '')
		FROM ingest_files
		ORDER BY ingested_at, path, sha256, status`)
	if err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var in Input
		if err := rows.Scan(&in.Path, &in.SHA256, &in.Size, &in.Format, &in.Rows, &in.Status, &in.Reason); err != nil {
			return fmt.Errorf("inputs: %w", err)
		}
		r.inputs = append(r.inputs, in)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	return nil
}

func (r *run) loadAnalysis() error {
	var a analysisRun
	var started, finished time.Time
	var rules, settings sql.NullString
	err := r.db.QueryRowContext(r.ctx, `
		SELECT run_id, started_at, finished_at, array_to_string(list_sort(rules), ','), detections, CAST(settings AS VARCHAR)
		FROM analyze_runs
		ORDER BY finished_at DESC, started_at DESC, run_id
		LIMIT 1`).Scan(&a.RunID, &started, &finished, &rules, &a.Detections, &settings)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("analyze runs: %w", err)
	}
	a.StartedAt = started.UTC().Format(time.RFC3339Nano)
	a.FinishedAt = finished.UTC().Format(time.RFC3339Nano)
	if rules.String != "" {
		a.Rules = strings.Split(rules.String, ",")
	}
	if settings.Valid && json.Valid([]byte(settings.String)) {
		a.Settings = json.RawMessage(settings.String)
	}
	r.analysis = &a
	return nil
}

// loadFlagged reads the flagged users and everything their checklists need.
func (r *run) loadFlagged() error {
	ctx, db := r.ctx, r.db
	r.byUPN = map[string]*flaggedUser{}
	rows, err := db.QueryContext(ctx, `
		SELECT u.user_principal_name, u.risk_level, u.risk_state, u.risk_score, u.detections, u.first_seen, u.last_seen,
			array_to_string(list_sort(u.rule_ids), ','), coalesce(u.reasons, ''), coalesce(u.changed_by, '')
		FROM user_risk u
		WHERE `+flaggedWhere+`
		ORDER BY `+flaggedOrder, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("flagged users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		u := &flaggedUser{}
		var rules string
		if err := rows.Scan(&u.upn, &u.level, &u.state, &u.score, &u.detections, &u.first, &u.last, &rules, &u.reasons, &u.changedBy); err != nil {
			return fmt.Errorf("flagged users: %w", err)
		}
		if rules != "" {
			u.rules = strings.Split(rules, ",")
		}
		key := strings.ToLower(u.upn)
		if r.byUPN[key] != nil {
			continue // one row per user, the riskiest
		}
		r.byUPN[key] = u
		r.flagged = append(r.flagged, u)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("flagged users: %w", err)
	}
	rows.Close()
	if err := r.loadRuleFacts(); err != nil {
		return err
	}
	if err := r.loadRiskyCounts(); err != nil {
		return err
	}
	if err := r.loadFindings(); err != nil {
		return err
	}
	if err := r.loadTriage(); err != nil {
		return err
	}
	r.res.FlaggedUsers = len(r.flagged)
	for _, u := range r.flagged {
		u.steps = r.checklist(u)
	}
	return nil
}

// flaggedCTE names the flagged users as a CTE "flagged(upn)".
const flaggedCTE = `WITH flagged AS (SELECT DISTINCT lower(u.user_principal_name) AS upn FROM user_risk u WHERE ` + flaggedWhere + `)
`

func (r *run) loadRuleFacts() error {
	rows, err := r.db.QueryContext(r.ctx, flaggedCTE+`
		SELECT lower(d.user_principal_name), d.rule_id,
			max(CASE d.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)::INTEGER,
			count(*), sum(d.event_count)::BIGINT, min(d.first_seen), max(d.last_seen),
			array_to_string(list(d.detection_id ORDER BY d.last_seen DESC, d.detection_id)[1:3], ' '),
			list(d.evidence ORDER BY d.last_seen DESC, d.detection_id)[1],
			coalesce(array_to_string(list_sort(list_distinct(list(d.ip_address) FILTER (WHERE d.ip_address IS NOT NULL)))[1:5], ' '), '')
		FROM detections d JOIN flagged f ON f.upn = lower(d.user_principal_name)
		WHERE d.state IN ('atRisk', 'confirmedCompromised') AND d.last_seen >= $1 AND d.first_seen < $2
		GROUP BY ALL
		ORDER BY 1, 2`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("detections by user: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var upn, ids, ips string
		var sev int
		var f ruleFact
		var evidence sql.NullString
		if err := rows.Scan(&upn, &f.rule, &sev, &f.count, &f.events, &f.first, &f.last, &ids, &evidence, &ips); err != nil {
			return fmt.Errorf("detections by user: %w", err)
		}
		f.severity = [...]string{"none", "low", "medium", "high"}[max(0, min(sev, 3))]
		f.ids = strings.Fields(ids)
		f.ips = strings.Fields(ips)
		f.evidence = evidence.String
		if u := r.byUPN[upn]; u != nil {
			u.facts = append(u.facts, f)
		}
	}
	return rows.Err()
}

func (r *run) loadRiskyCounts() error {
	rows, err := r.db.QueryContext(r.ctx, flaggedCTE+`
		SELECT f.upn, count(*), count(*) FILTER (WHERE s.status = 'success')
		FROM risky_signins s JOIN flagged f ON f.upn = lower(s.user_principal_name)
		WHERE s.created_at >= $1 AND s.created_at < $2
		GROUP BY f.upn
		ORDER BY f.upn`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("risky sign-ins by user: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var upn string
		var total, ok int64
		if err := rows.Scan(&upn, &total, &ok); err != nil {
			return fmt.Errorf("risky sign-ins by user: %w", err)
		}
		if u := r.byUPN[upn]; u != nil {
			u.riskyTotal, u.riskySuccess = total, ok
		}
	}
	return rows.Err()
}

// loadFindings reads the audit findings that involve a flagged user, joined with their
// source records (the ids remediation.ps1 needs are there).
func (r *run) loadFindings() error {
	rows, err := r.db.QueryContext(r.ctx, flaggedCTE+`
		SELECT af.activity_time, af.rule_id, af.severity, coalesce(af.actor, ''), coalesce(af.target, ''),
			coalesce(af.activity, ''), coalesce(af.details, ''), af.source, af.event_id, af.detection_id,
			lower(coalesce(d.user_principal_name, '')),
			coalesce(da.target_id, ''), coalesce(da.target_type, ''), coalesce(da.target_name, ''),
			lower(coalesce(da.target_upn, '')), lower(coalesce(da.actor_upn, '')), coalesce(CAST(da.target_resources AS VARCHAR), ''),
			coalesce(CAST(ua.parameters AS VARCHAR), ''), lower(coalesce(ua.user_id, '')), coalesce(ua.operation, ''),
			coalesce(ua.object_id, '')
		FROM audit_findings af
		LEFT JOIN detections d ON d.detection_id = af.detection_id
		LEFT JOIN directory_audits da ON af.source = 'directory_audits' AND da.id = af.event_id
		LEFT JOIN unified_audit ua ON af.source = 'unified_audit' AND ua.id = af.event_id
		WHERE af.activity_time >= $1 AND af.activity_time < $2
			AND EXISTS (SELECT 1 FROM flagged f WHERE f.upn IN (lower(af.actor), lower(af.target), lower(d.user_principal_name),
				lower(da.target_upn), lower(da.actor_upn), lower(ua.user_id)))
		ORDER BY af.activity_time, af.rule_id, af.event_id, af.detection_id, af.actor, af.target`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("audit findings by user: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f finding
		if err := rows.Scan(&f.at, &f.rule, &f.severity, &f.actor, &f.target, &f.activity, &f.details, &f.source,
			&f.eventID, &f.detectionID, &f.detUser, &f.targetID, &f.targetType, &f.targetName, &f.targetUPN, &f.actorUPN,
			&f.targetsJS, &f.params, &f.uaUser, &f.operation, &f.objectID); err != nil {
			return fmt.Errorf("audit findings by user: %w", err)
		}
		actor, target := strings.ToLower(f.actor), strings.ToLower(f.target)
		seen := map[string]bool{}
		for _, cand := range []string{actor, f.actorUPN, f.uaUser, f.detUser, target, f.targetUPN} {
			u := r.byUPN[cand]
			if u == nil || seen[cand] {
				continue
			}
			seen[cand] = true
			g := f
			byUser := cand == actor || cand == f.actorUPN || cand == f.uaUser
			byTarget := cand == target || cand == f.targetUPN
			g.byUser = byUser || (cand == f.detUser && !byTarget)
			if len(u.findings) < 200 {
				u.findings = append(u.findings, g)
			}
		}
	}
	return rows.Err()
}

func (r *run) loadTriage() error {
	rows, err := r.db.QueryContext(r.ctx, flaggedCTE+`
		SELECT f.upn, t.action, t.analyst, t.decided_at, coalesce(t.note, '')
		FROM triage t JOIN flagged f ON f.upn = lower(t.user_principal_name)
		QUALIFY row_number() OVER (PARTITION BY f.upn ORDER BY t.decided_at DESC, t.action, t.analyst, t.note) = 1
		ORDER BY f.upn`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("triage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var upn, action, analyst, note string
		var at time.Time
		if err := rows.Scan(&upn, &action, &analyst, &at, &note); err != nil {
			return fmt.Errorf("triage: %w", err)
		}
		if u := r.byUPN[upn]; u != nil {
			u.triage = fmt.Sprintf("%s by %s on %s", action, analyst, r.when(at))
			if note != "" {
				u.triage += ": " + note
			}
		}
	}
	return rows.Err()
}

// when is a time in words for the sheets: the display zone, to the minute.
func (r *run) when(t time.Time) string {
	return t.In(r.loc).Format("2006-01-02 15:04 MST")
}

// zoneName names the display zone for column headers and the manifest.
func zoneName(loc *time.Location) string {
	if loc == nil || loc == time.UTC {
		return "UTC"
	}
	return loc.String()
}
