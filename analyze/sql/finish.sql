-- After the rules: the staged rows become detections, their events, risky sign-ins and
-- audit findings. $now is the run's time.

DELETE FROM detections;
DELETE FROM detection_events;
DELETE FROM risky_signins;
DELETE FROM audit_findings;

-- One detection per rule and key; a rule that yields a key twice keeps its most severe row.
INSERT INTO detections (detection_id, rule_id, rule_name, severity, tactic, technique, user_principal_name,
    ip_address, first_seen, last_seen, event_count, state, evidence, source_table, analyzed_at,
    detection_key, target, event_table)
SELECT detection_id, rule_id, title, sev, tactic, technique, user_principal_name, ip_address,
    first_seen, last_seen, event_count, 'atRisk', evidence, source, $now, detection_key, target, event_table
FROM (
    SELECT 'd' || left(sha256(s.rule_id || chr(10) || s.detection_key), 20) AS detection_id,
        s.*, r.title, r.tactic, r.technique, r.source,
        CASE WHEN s.severity IN ('low', 'medium', 'high') THEN s.severity ELSE r.severity END AS sev
    FROM er_stage s JOIN er_rules r USING (rule_id)
    WHERE s.detection_key IS NOT NULL AND s.first_seen IS NOT NULL
)
QUALIFY row_number() OVER (PARTITION BY detection_id
    ORDER BY CASE sev WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END DESC, event_count DESC, evidence) = 1;

CREATE OR REPLACE TEMP TABLE er_events AS
SELECT DISTINCT 'd' || left(sha256(e.rule_id || chr(10) || e.detection_key), 20) AS detection_id,
    coalesce(e.event_table, r.source) AS event_table, e.event_id
FROM (SELECT rule_id, detection_key, event_table, unnest(event_ids) AS event_id FROM er_stage
      WHERE detection_key IS NOT NULL) AS e
JOIN er_rules r USING (rule_id)
WHERE e.event_id IS NOT NULL;

INSERT INTO detection_events
SELECT e.detection_id, e.event_table, e.event_id, coalesce(t.at, d.first_seen)
FROM er_events e
JOIN detections d USING (detection_id)
LEFT JOIN (
    SELECT 'signins' AS tbl, id, created_at AS at FROM signins
    WHERE id IN (SELECT event_id FROM er_events WHERE event_table = 'signins')
    UNION ALL
    SELECT 'directory_audits', id, activity_at FROM directory_audits
    WHERE id IN (SELECT event_id FROM er_events WHERE event_table = 'directory_audits')
    UNION ALL
    SELECT 'unified_audit', id, created_at FROM unified_audit
    WHERE id IN (SELECT event_id FROM er_events WHERE event_table = 'unified_audit')
    UNION ALL
    SELECT 'risk_detections', id, detected_at FROM risk_detections
    WHERE id IN (SELECT event_id FROM er_events WHERE event_table = 'risk_detections')
    UNION ALL
    SELECT 'risky_users', id, risk_last_updated_at FROM risky_users
    WHERE id IN (SELECT event_id FROM er_events WHERE event_table = 'risky_users')
) AS t ON t.tbl = e.event_table AND t.id = e.event_id
ORDER BY 1, 4, 3;

DROP TABLE er_events;

-- Every sign-in a rule marked, and every sign-in Microsoft's risk detections name.
INSERT INTO risky_signins
WITH marks AS (
    SELECT e.event_id AS signin_id, d.detection_id, d.rule_id, d.severity
    FROM detection_events e JOIN detections d USING (detection_id)
    WHERE e.source_table = 'signins'
    UNION
    SELECT rd.request_id, d.detection_id, d.rule_id, d.severity
    FROM detection_events e JOIN detections d USING (detection_id)
    JOIN risk_detections rd ON e.source_table = 'risk_detections' AND rd.id = e.event_id
    WHERE rd.request_id IS NOT NULL
),
per_signin AS (
    SELECT signin_id,
        max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END) AS rank,
        string_agg(DISTINCT rule_id, ',' ORDER BY rule_id) AS rule_ids,
        list(DISTINCT detection_id ORDER BY detection_id) AS detection_ids
    FROM marks GROUP BY signin_id
)
SELECT s.id, s.created_at, s.user_principal_name, s.ip_address,
    nullif(concat_ws(', ', s.city, s.state, s.country), ''), s.country,
    CASE WHEN s.error_code = 0 THEN 'success'
         WHEN s.error_code IN (50074, 50076, 50079, 50072, 50097, 50125, 50140, 50158, 50058, 16000, 16001, 16003, 81010, 81012)
             THEN 'interrupted'
         ELSE 'failure' END,
    s.error_code, s.app_display_name, s.client_app, s.user_agent,
    CASE greatest(p.rank,
            CASE WHEN 'high' IN (s.risk_level_during_signin, s.risk_level_aggregated) THEN 3
                 WHEN 'medium' IN (s.risk_level_during_signin, s.risk_level_aggregated) THEN 2
                 WHEN 'low' IN (s.risk_level_during_signin, s.risk_level_aggregated) THEN 1 ELSE 0 END)
        WHEN 3 THEN 'high' WHEN 2 THEN 'medium' WHEN 1 THEN 'low' ELSE 'none' END,
    p.rule_ids, s.request_id, p.detection_ids, $now
FROM per_signin p JOIN signins s ON s.id = p.signin_id
ORDER BY s.created_at, s.id;

-- Every directory or mailbox change a rule marked.
INSERT INTO audit_findings
SELECT a.activity_at, d.rule_id, d.severity,
    coalesce(a.actor_upn, a.actor_app_name, a.actor_display_name, a.actor_service_principal_id),
    d.target, a.activity, d.evidence, 'directory_audits', a.id, d.detection_id, $now
FROM detection_events e JOIN detections d USING (detection_id)
JOIN directory_audits a ON e.source_table = 'directory_audits' AND a.id = e.event_id
UNION ALL
SELECT u.created_at, d.rule_id, d.severity, u.user_id, d.target, u.operation, d.evidence,
    'unified_audit', u.id, d.detection_id, $now
FROM detection_events e JOIN detections d USING (detection_id)
JOIN unified_audit u ON e.source_table = 'unified_audit' AND u.id = e.event_id
ORDER BY 1, 2, 9;
