-- Workload identity risk: service principals and managed identities flagged for risk, as Entra ID
-- Protection's risky workload identities. Run after states.sql (by analyze and by triage), from
-- the detection states it has just set. $now is the time of the run. Triage runs it too, with none
-- of the rules' macros (sql/macros.sql): it reads the audit JSON itself.
--
-- A service principal is named by
--   sp_new_network, sp_credential_then_use       the detection's target (its object id);
--   app_credential_added, app_permission_granted,
--   consent_grant_risky                          the audit record behind the detection: the service
--                                                principal it names (target or ServicePrincipal.ObjectID),
--                                                else the one whose app id or display name it names.
-- Level: the highest severity among its open (atRisk, confirmedCompromised) detections; none when all
-- of them are closed. State: atRisk while one is open, else the state of the newest (an analyst's
-- resolve, false-positive or ignore of its detections). A user's confirm-compromised marks that user's
-- detections, not the apps they changed: a workload identity is never confirmedCompromised here.
-- Score as user risk: 70 (high), 30 (medium) or 10 (low) per rule, plus 5 for each further detection
-- of it (at most 10), held within the level's band.

DELETE FROM service_principal_risk;

INSERT INTO service_principal_risk
WITH app_audits AS (
    -- The audit records the app-changing detections stand on, and those that create service principals.
    SELECT a.id, a.activity, a.activity_at, a.target_id, a.target_name, a.target_type, a.target_resources, a.additional_details
    FROM directory_audits a
    WHERE lower(trim(a.activity)) = 'add service principal'
       OR a.id IN (SELECT e.event_id FROM detection_events e JOIN detections d USING (detection_id)
                   WHERE e.source_table = 'directory_audits'
                     AND d.rule_id IN ('app_credential_added', 'app_permission_granted', 'consent_grant_risky'))
),
props AS (
    SELECT id, lower(p.displayname) AS name, er_text(trim(p.newvalue, '"[] ')) AS value
    FROM (SELECT id, unnest(flatten(list_transform(
              from_json(target_resources, '[{"modifiedproperties":[{"displayname":"VARCHAR","newvalue":"VARCHAR"}]}]'),
              t -> coalesce(t.modifiedproperties, [])))) AS p
          FROM app_audits)
),
audit_apps AS (
    SELECT a.*,
        (SELECT max(value) FROM props p WHERE p.id = a.id AND p.name = 'serviceprincipal.objectid') AS granted_sp,
        (SELECT max(value) FROM props p WHERE p.id = a.id AND p.name IN ('serviceprincipal.displayname', 'serviceprincipal.name')) AS granted_name,
        (SELECT max(value) FROM props p WHERE p.id = a.id AND p.name IN ('serviceprincipal.appid', 'appprincipalid')) AS prop_app_id,
        list_filter(from_json(a.additional_details, '[{"key":"VARCHAR","value":"VARCHAR"}]'), kv -> lower(kv.key) = 'appid')[1].value AS detail_app_id
    FROM app_audits a
),
seen AS (
    SELECT service_principal_id AS sp_id, coalesce(service_principal_name, app_display_name) AS name, app_id, created_at AS seen_at
    FROM signins
    WHERE category IN ('service_principal', 'managed_identity') AND service_principal_id IS NOT NULL
    UNION ALL
    SELECT target_id, target_name, prop_app_id, activity_at
    FROM audit_apps
    WHERE lower(trim(activity)) = 'add service principal' AND target_id IS NOT NULL
    UNION ALL
    SELECT granted_sp, granted_name, prop_app_id, activity_at
    FROM audit_apps
    WHERE granted_sp IS NOT NULL
),
identities AS (
    SELECT sp_id, arg_max(name, seen_at) AS name, arg_max(app_id, seen_at) FILTER (WHERE app_id IS NOT NULL) AS app_id
    FROM seen GROUP BY sp_id
),
app_changes AS (
    SELECT d.detection_id, d.target,
        -- Permission records name the resource (Microsoft Graph) as their target, the app in their properties.
        CASE WHEN lower(a.target_type) = 'serviceprincipal'
                  AND lower(trim(a.activity)) NOT IN ('add app role assignment to service principal', 'add delegated permission grant')
             THEN a.target_id END AS named_sp,
        a.granted_sp, lower(coalesce(a.prop_app_id, a.detail_app_id)) AS app_id
    FROM detections d
    JOIN detection_events e ON e.detection_id = d.detection_id AND e.source_table = 'directory_audits'
    JOIN audit_apps a ON a.id = e.event_id
    WHERE d.rule_id IN ('app_credential_added', 'app_permission_granted', 'consent_grant_risky')
),
links AS (
    SELECT detection_id, target AS sp_id
    FROM detections
    WHERE rule_id IN ('sp_new_network', 'sp_credential_then_use') AND target IS NOT NULL
    UNION
    SELECT c.detection_id,
        coalesce(c.granted_sp, c.named_sp,
            (SELECT min(i.sp_id) FROM identities i WHERE lower(i.app_id) = c.app_id),
            (SELECT min(i.sp_id) FROM identities i WHERE lower(i.name) = lower(c.target)))
    FROM app_changes c
),
linked AS (
    SELECT l.sp_id, d.*,
        CASE d.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END AS rank,
        d.state IN ('atRisk', 'confirmedCompromised') AS open
    FROM links l JOIN detections d USING (detection_id)
    WHERE l.sp_id IS NOT NULL
),
per_rule AS (
    SELECT sp_id, rule_id, max(rank) AS rank, count(*) AS n
    FROM linked WHERE open GROUP BY sp_id, rule_id
),
per_sp AS (
    SELECT sp_id, max(rank) AS rank, sum(n) AS n,
        sum(CASE rank WHEN 3 THEN 70 WHEN 2 THEN 30 ELSE 10 END + least(10, 5 * (n - 1))) AS raw,
        list(rule_id ORDER BY rule_id) AS rule_ids,
        string_agg(CASE WHEN rank = 3 THEN rule_id END, ', ' ORDER BY rule_id) AS high_rules,
        string_agg(CASE WHEN rank = 2 THEN rule_id END, ', ' ORDER BY rule_id) AS medium_rules,
        string_agg(CASE WHEN rank = 1 THEN rule_id END, ', ' ORDER BY rule_id) AS low_rules
    FROM per_rule GROUP BY sp_id
),
all_dets AS (
    SELECT sp_id, list(DISTINCT detection_id ORDER BY detection_id) AS detection_ids,
        list(DISTINCT rule_id ORDER BY rule_id) AS rule_ids,
        min(first_seen) FILTER (WHERE open) AS open_first, max(last_seen) FILTER (WHERE open) AS open_last,
        min(first_seen) AS first_seen, max(last_seen) AS last_seen,
        arg_max(state, last_seen) AS last_state
    FROM linked GROUP BY sp_id
)
SELECT a.sp_id, i.name, i.app_id,
    CASE WHEN p.rank = 3 THEN 'high' WHEN p.rank = 2 THEN 'medium' WHEN p.rank = 1 THEN 'low' ELSE 'none' END,
    CASE WHEN p.sp_id IS NOT NULL THEN 'atRisk' ELSE a.last_state END,
    CASE WHEN p.rank = 3 THEN least(100, greatest(70, p.raw))
         WHEN p.rank = 2 THEN least(69, greatest(30, p.raw))
         WHEN p.rank = 1 THEN least(29, greatest(1, p.raw))
         ELSE 0 END,
    coalesce(p.n, 0), coalesce(p.rule_ids, a.rule_ids), a.detection_ids,
    coalesce(a.open_first, a.first_seen), coalesce(a.open_last, a.last_seen),
    coalesce(nullif(concat_ws('; ',
        CASE WHEN p.high_rules IS NOT NULL THEN 'high: ' || p.high_rules END,
        CASE WHEN p.medium_rules IS NOT NULL THEN 'medium: ' || p.medium_rules END,
        CASE WHEN p.low_rules IS NOT NULL THEN 'low: ' || p.low_rules END), ''),
        'no open detections (' || a.last_state || ')'),
    $now
FROM all_dets a
LEFT JOIN per_sp p USING (sp_id)
LEFT JOIN identities i USING (sp_id)
ORDER BY a.sp_id;
