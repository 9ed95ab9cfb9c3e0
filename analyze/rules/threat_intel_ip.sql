-- id: threat_intel_ip
-- title: Sign-in from an address on a threat-intelligence list
-- severity: high
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rule "TI map IP entity to SigninLogs" (ThreatIntelligence solution):
--   sign-ins whose source address matches an active IP indicator. The indicators here are the addresses
--   and CIDR ranges the user supplies.
-- description: An account signed in, or tried to, from an address on the configured threat-intelligence
--   list. High when a sign-in succeeded; low when every attempt failed (the account was targeted). One
--   detection per account and address.
-- remediation: For a successful sign-in: revoke the account's sessions, reset the password, review MFA
--   methods and everything the account did from that address. Block the indicator in Conditional Access
--   (a blocked named location) or the firewall.
WITH hits AS (
    SELECT s.id, s.created_at, s.user_principal_name, s.ip_address, s.error_code, t.indicator
    FROM signins s
    JOIN threat_intel_ips t ON t.ip = s.ip_address
    WHERE s.created_at >= $since AND s.created_at < $until AND s.user_principal_name IS NOT NULL
)
SELECT user_principal_name || '|' || ip_address AS detection_key,
    user_principal_name, ip_address,
    min(created_at) AS first_seen, max(created_at) AS last_seen, count(*) AS event_count,
    CASE WHEN sum(CASE WHEN error_code = 0 THEN 1 ELSE 0 END) > 0 THEN 'high' ELSE 'low' END AS severity,
    CAST(count(*) AS VARCHAR) || ' sign-in(s) of ' || user_principal_name || ' from ' || ip_address
        || ', listed as threat intelligence (' || min(indicator) || '); '
        || CAST(sum(CASE WHEN error_code = 0 THEN 1 ELSE 0 END) AS VARCHAR) || ' succeeded' AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    array_agg(id ORDER BY created_at, id) AS event_ids
FROM hits
GROUP BY user_principal_name, ip_address
ORDER BY detection_key
