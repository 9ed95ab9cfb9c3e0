package reports

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// timelineCap is the most events the Timeline shows for one user: the marked ones
// (detections, risky sign-ins, audit findings) first, then the newest of the rest.
const timelineCap = 2000

// timelineQuery lists, for each high-risk user, their sign-ins, directory changes,
// mailbox activity and detections from a day before their first finding to a day after
// their last, in time order. $1, $2: the period; $3: the cap per user.
const timelineQuery = `
WITH tu AS (
	SELECT lower(u.user_principal_name) AS upn,
		row_number() OVER (ORDER BY ` + flaggedOrder + `) AS ord,
		coalesce(u.first_seen, u.last_seen, u.analyzed_at - INTERVAL 7 DAY) - INTERVAL 24 HOUR AS wfrom,
		coalesce(u.last_seen, u.first_seen, u.analyzed_at) + INTERVAL 24 HOUR AS wto
	FROM user_risk u
	WHERE ` + flaggedWhere + ` AND (u.risk_level = 'high' OR u.risk_state = 'confirmedCompromised')
),
marks AS (
	SELECT source, event_id, array_to_string(list_sort(list_distinct(list(rule_id))), ', ') AS rules,
		CASE max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)
			WHEN 3 THEN 'high' WHEN 2 THEN 'medium' WHEN 1 THEN 'low' ELSE 'none' END AS sev
	FROM audit_findings
	GROUP BY source, event_id
),
dir AS (
	SELECT tu.ord, tu.upn, da.id, da.activity_at, da.activity, da.result, da.actor_ip, da.actor_upn, da.actor_display_name,
		da.actor_app_name, da.logged_by_service, da.target_upn, da.target_name
	FROM directory_audits da JOIN tu ON lower(da.actor_upn) = tu.upn
	WHERE da.activity_at >= tu.wfrom AND da.activity_at < tu.wto
	UNION
	SELECT tu.ord, tu.upn, da.id, da.activity_at, da.activity, da.result, da.actor_ip, da.actor_upn, da.actor_display_name,
		da.actor_app_name, da.logged_by_service, da.target_upn, da.target_name
	FROM directory_audits da JOIN tu ON lower(da.target_upn) = tu.upn
	WHERE da.activity_at >= tu.wfrom AND da.activity_at < tu.wto
),
ev AS (
	SELECT tu.ord, tu.upn, s.created_at AS t, 1 AS ko, 'Sign-in' AS kind,
		'Sign-in (' || replace(s.category, '_', '-') || ')' AS activity,
		CASE WHEN coalesce(s.error_code, 0) = 0 THEN 'Success'
			ELSE 'Failure ' || s.error_code || coalesce(': ' || s.failure_reason, '') END AS result,
		s.ip_address AS ip, nullif(concat_ws(', ', s.city, s.state, s.country), '') AS loc,
		coalesce(s.app_display_name, s.resource_display_name) AS app, s.client_app AS client, s.user_agent AS details,
		rs.rule_ids AS rules, rs.risk_level AS sev, s.id AS rid
	FROM signins s
	JOIN tu ON s.user_principal_name = tu.upn AND s.created_at >= tu.wfrom AND s.created_at < tu.wto
	LEFT JOIN risky_signins rs ON rs.signin_id = s.id
	WHERE s.created_at >= $1 AND s.created_at < $2
	UNION ALL
	SELECT dir.ord, dir.upn, dir.activity_at, 2, 'Directory change', dir.activity, dir.result, dir.actor_ip, NULL,
		coalesce(dir.actor_app_name, dir.logged_by_service), NULL,
		'by ' || coalesce(dir.actor_upn, dir.actor_display_name, 'unknown') || ' on ' || coalesce(dir.target_upn, dir.target_name, 'unknown'),
		m.rules, m.sev, dir.id
	FROM dir LEFT JOIN marks m ON m.source = 'directory_audits' AND m.event_id = dir.id
	WHERE dir.activity_at >= $1 AND dir.activity_at < $2
	UNION ALL
	SELECT tu.ord, tu.upn, ua.created_at, 3, 'Mailbox / Microsoft 365', ua.operation, ua.result_status, ua.client_ip, NULL,
		ua.workload, NULL,
		left(coalesce(nullif(array_to_string(list_transform(
			from_json(ua.parameters, '[{"name":"VARCHAR","value":"VARCHAR"}]'), p -> p.name || '=' || coalesce(p.value, '')), '; '), ''),
			ua.object_id), 400),
		m.rules, m.sev, ua.id
	FROM unified_audit ua
	JOIN tu ON ua.user_id = tu.upn AND ua.created_at >= tu.wfrom AND ua.created_at < tu.wto
	LEFT JOIN marks m ON m.source = 'unified_audit' AND m.event_id = ua.id
	WHERE ua.created_at >= $1 AND ua.created_at < $2
	UNION ALL
	SELECT tu.ord, tu.upn, d.first_seen, 0, 'Detection', d.rule_name, d.state, d.ip_address, NULL, NULL, NULL,
		d.evidence, d.rule_id, d.severity, d.detection_id
	FROM detections d JOIN tu ON lower(d.user_principal_name) = tu.upn
	WHERE d.last_seen >= $1 AND d.first_seen < $2
),
ranked AS (
	SELECT *,
		row_number() OVER (PARTITION BY ord ORDER BY (rules IS NOT NULL) DESC, t DESC, ko, rid) AS rn,
		count(*) OVER (PARTITION BY ord) AS total
	FROM ev
)
SELECT upn, t, kind, activity, result, ip, loc, app, client, details, rules, sev, rid, total
FROM ranked
WHERE rn <= $3
ORDER BY ord, t, ko, rid`

// writeTimeline writes the Timeline sheet: for each high-risk user, what happened around
// their findings, in time order, for the investigator.
func (r *run) writeTimeline() error {
	var users int
	for _, u := range r.flagged {
		if u.highRisk() {
			users++
		}
	}
	var total int64
	if int64(users)*(timelineCap+1) >= int64(r.limit-1) {
		if err := r.db.QueryRowContext(r.ctx, `SELECT count(*) + count(DISTINCT upn) FROM (`+timelineQuery+`)`, r.lo, r.hi, timelineCap).Scan(&total); err != nil {
			return fmt.Errorf("timeline: count: %w", err)
		}
	}
	zone := " (" + zoneName(r.loc) + ")"
	cols := []colSpec{{"User", 30}, {"Time" + zone, 19}, {"Type", 16}, {"Activity", 30}, {"Result", 26}, {"IP address", 16},
		{"Location", 22}, {"App", 22}, {"Client", 16}, {"Details", 50}, {"Finding", 22}, {"Severity", 10}, {"Record id", 38}}
	sw, err := newSheetWriter(r.f, r.st, sheetSpec{name: SheetTimeline, cols: cols, total: total, keeps: "first",
		where: "They cover the highest-risk users first."}, r.limit)
	if err != nil {
		return err
	}
	rows, err := r.db.QueryContext(r.ctx, timelineQuery, r.lo, r.hi, timelineCap)
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	defer rows.Close()
	var (
		cur                                                         string
		curTotal                                                    int64
		shown                                                       int64
		upn, kind, rid                                              string
		t                                                           time.Time
		activity, result, ip, loc, app, client, details, rules, sev sql.NullString
		userTotal                                                   int64
	)
	moreNote := func() error {
		if cur == "" || curTotal <= shown {
			return nil
		}
		_, err := sw.add([]any{
			excelize.Cell{StyleID: r.st.text, Value: cellText(cur)}, nil,
			excelize.Cell{StyleID: r.st.muted, Value: fmt.Sprintf("%s more events of this user are not shown: the timeline keeps the %s that matter most (findings first, then the newest). Query the store for the rest.",
				thousands(curTotal-shown), thousands(shown))},
		})
		return err
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(&upn, &t, &kind, &activity, &result, &ip, &loc, &app, &client, &details, &rules, &sev, &rid, &userTotal); err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
		if n++; n%8192 == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		first := upn != cur
		if first {
			if err := moreNote(); err != nil {
				return err
			}
			cur, curTotal, shown = upn, userTotal, 0
		}
		if sw.full() {
			sw.dropped++
			continue
		}
		shown++
		textStyle, dateStyle, userStyle := r.st.text, r.st.date, r.st.text
		if first {
			textStyle, dateStyle, userStyle = r.st.bandText, r.st.bandDate, r.st.bandText
		}
		actStyle := textStyle
		if rules.Valid && !first {
			actStyle = r.st.bold
		}
		str := func(s sql.NullString, style int) any {
			if !s.Valid {
				if first {
					return excelize.Cell{StyleID: style, Value: ""}
				}
				return nil
			}
			return excelize.Cell{StyleID: style, Value: cellText(s.String)}
		}
		sevCell := str(sev, textStyle)
		if sev.Valid && rules.Valid {
			sevCell = excelize.Cell{StyleID: r.st.levelStyle(sev.String), Value: cellText(sev.String)}
		}
		row, err := sw.add([]any{
			excelize.Cell{StyleID: userStyle, Value: cellText(upn)},
			excelize.Cell{StyleID: dateStyle, Value: excelTime(t, r.loc)},
			excelize.Cell{StyleID: textStyle, Value: kind},
			str(activity, actStyle), str(result, textStyle), str(ip, textStyle), str(loc, textStyle), str(app, textStyle),
			str(client, textStyle), str(details, textStyle), str(rules, textStyle), sevCell,
			excelize.Cell{StyleID: textStyle, Value: cellText(rid)},
		})
		if err != nil {
			return err
		}
		if first {
			if u := r.byUPN[upn]; u != nil {
				u.tlRow = row
				if u.sheetRow > 0 {
					if err := sw.link(1, row, location(SheetFlaggedUsers, 1, u.sheetRow), "Flagged users: this user"); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	if !sw.full() {
		if err := moreNote(); err != nil {
			return err
		}
	}
	if sw.dropped > 0 {
		r.res.Truncated = append(r.res.Truncated, SheetTimeline)
	}
	r.sheetRows += int64(sw.row - sw.headerRow)
	return sw.close("Timeline of high-risk users")
}
