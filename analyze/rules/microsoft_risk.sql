-- id: microsoft_risk
-- title: Microsoft Entra ID Protection marked the sign-in or user risky
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: risk_detections
-- follows: Elastic detection rules "Microsoft Entra ID High Risk Sign-in" and "Microsoft Entra ID Identity
--   Protection Alerts" and Microsoft Sentinel's Entra ID Protection connector: Microsoft's own risk level
--   on sign-ins (riskLevelDuringSignIn, riskLevelAggregated), its risk detections and its risky users.
-- description: Microsoft's own verdicts, carried over: sign-ins it rated risky (one detection per account,
--   day and level), its risk detections (per account, risk type and day) and users it holds at risk or
--   confirmed compromised. Severity is Microsoft's level; where the level is hidden (no P2 licence) it
--   follows the risk type, high for leaked credentials, password spray, token anomalies, attacker in the
--   middle, threat intelligence and admin-confirmed compromise, otherwise medium. Risk type names are
--   compared without regard to case. Detections Microsoft already dismissed or remediated do not count.
-- remediation: Follow Microsoft's guidance for risky users: for high risk, require a secure password change
--   or reset the password, revoke sessions and investigate the sign-ins behind the risk; confirm or dismiss
--   the risk in Entra ID Protection so both tools agree; turn on risk-based Conditional Access policies.
WITH signin_marks AS (
    SELECT id, created_at, user_principal_name, ip_address,
        CASE WHEN 'high' IN (risk_level_during_signin, risk_level_aggregated) THEN 'high'
             WHEN 'medium' IN (risk_level_during_signin, risk_level_aggregated) THEN 'medium'
             WHEN 'low' IN (risk_level_during_signin, risk_level_aggregated) THEN 'low'
             WHEN lower(risk_state) IN ('atrisk', 'confirmedcompromised') THEN 'medium'
        END AS level,
        array_to_string(risk_event_types, ',') AS types
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND user_principal_name IS NOT NULL
      AND (risk_level_during_signin IN ('low', 'medium', 'high') OR risk_level_aggregated IN ('low', 'medium', 'high')
           OR lower(risk_state) IN ('atrisk', 'confirmedcompromised'))
      AND coalesce(lower(risk_state), '') NOT IN ('dismissed', 'remediated', 'confirmedsafe')
),
high_types(t) AS (
    VALUES ('leakedcredentials'), ('passwordspray'), ('anomaloustoken'), ('tokenissueranomaly'),
        ('attackerinthemiddle'), ('investigationsthreatintelligence'), ('adminconfirmedusercompromised'),
        ('maliciousipaddress'), ('mcasimpossibletravel'), ('nationstateip'), ('suspiciousapitraffic'),
        ('anomaloususeractivity')
),
rd AS (
    SELECT id, detected_at, user_principal_name, ip_address, risk_event_type, risk_detail,
        CASE WHEN risk_level IN ('low', 'medium', 'high') THEN risk_level
             WHEN lower(risk_event_type) IN (SELECT t FROM high_types) THEN 'high'
             ELSE 'medium' END AS level
    FROM risk_detections
    WHERE detected_at >= $since AND detected_at < $until AND user_principal_name IS NOT NULL
      AND coalesce(lower(risk_state), 'atrisk') IN ('atrisk', 'confirmedcompromised')
      AND coalesce(lower(risk_level), '') <> 'none'
),
ru AS (
    SELECT id, risk_last_updated_at, user_principal_name, risk_detail,
        CASE WHEN lower(risk_state) = 'confirmedcompromised' THEN 'high'
             WHEN risk_level IN ('low', 'medium', 'high') THEN risk_level ELSE 'medium' END AS level,
        lower(risk_state) AS state
    FROM risky_users
    WHERE risk_last_updated_at < $until AND user_principal_name IS NOT NULL
      AND lower(risk_state) IN ('atrisk', 'confirmedcompromised')
      AND coalesce(risk_level, '') <> 'none'
      AND coalesce(is_deleted, false) = false
)
SELECT 'signin|' || user_principal_name || '|' || CAST(CAST(date_trunc('day', created_at) AS DATE) AS VARCHAR) || '|' || level AS detection_key,
    user_principal_name,
    CASE WHEN count(DISTINCT ip_address) = 1 THEN min(ip_address) END AS ip_address,
    min(created_at) AS first_seen, max(created_at) AS last_seen, count(*) AS event_count,
    level AS severity,
    'Microsoft rated ' || CAST(count(*) AS VARCHAR) || ' sign-in(s) of ' || user_principal_name || ' ' || level || ' risk on '
        || CAST(CAST(date_trunc('day', created_at) AS DATE) AS VARCHAR)
        || coalesce(' (' || nullif(string_agg(DISTINCT nullif(types, ''), ',' ORDER BY nullif(types, '')), '') || ')', '') AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    array_agg(id ORDER BY created_at, id) AS event_ids
FROM signin_marks
GROUP BY user_principal_name, date_trunc('day', created_at), level
UNION ALL
SELECT 'detection|' || user_principal_name || '|' || lower(coalesce(risk_event_type, '?')) || '|'
        || CAST(CAST(date_trunc('day', detected_at) AS DATE) AS VARCHAR),
    user_principal_name,
    CASE WHEN count(DISTINCT ip_address) = 1 THEN min(ip_address) END,
    min(detected_at), max(detected_at), count(*),
    CASE max(CASE level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END,
    'Microsoft Entra ID Protection detected ' || coalesce(min(risk_event_type), 'a risk') || ' for ' || user_principal_name
        || ' (' || CAST(count(*) AS VARCHAR) || ' detection(s), level '
        || CASE max(CASE level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END
        || coalesce(', from ' || min(ip_address), '') || ')',
    CAST(NULL AS VARCHAR), 'risk_detections',
    array_agg(id ORDER BY detected_at, id)
FROM rd
GROUP BY user_principal_name, lower(coalesce(risk_event_type, '?')), date_trunc('day', detected_at)
UNION ALL
SELECT 'user|' || user_principal_name,
    user_principal_name, CAST(NULL AS VARCHAR),
    min(risk_last_updated_at), max(risk_last_updated_at), count(*),
    CASE max(CASE level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END,
    'Microsoft holds ' || user_principal_name || ' '
        || CASE WHEN bool_or(state = 'confirmedcompromised') THEN 'confirmed compromised' ELSE 'at risk' END
        || ', level ' || CASE max(CASE level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END
        || coalesce(' (' || min(CASE WHEN lower(risk_detail) NOT IN ('none', 'hidden') THEN risk_detail END) || ')', ''),
    CAST(NULL AS VARCHAR), 'risky_users',
    array_agg(id ORDER BY id)
FROM ru
GROUP BY user_principal_name
ORDER BY detection_key
