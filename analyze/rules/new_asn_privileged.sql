-- id: new_asn_privileged
-- title: Privileged account signed in from a new network (ASN)
-- severity: medium
-- tactic: Initial Access, Defense Evasion
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Privileged User Logon from new ASN" (PrivilegedUserLogonfromnewASN):
--   a successful sign-in of a privileged account from an autonomous system it did not sign in from in the
--   last 14 days.
-- description: A successful sign-in of a privileged account (one the directory audit shows being given a
--   privileged role, or assigning roles, changing Conditional Access or domain federation, or one
--   configured as privileged) from an ASN it did not use in the
--   look-back period, for an account that did sign in during it and whose history is at least that long.
--   Trusted ranges do not count. One detection per account, ASN and day.
-- remediation: Confirm with the administrator. If it was not them, revoke sessions, reset the password,
--   review every directory change the account made since, and require phishing-resistant MFA and a
--   compliant device for administrators with Conditional Access.
-- param: lookback_days int 14  days of history that make an ASN familiar
WITH ok AS (
    SELECT id, created_at, user_principal_name, ip_address, asn, country
    FROM signins
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND error_code = 0 AND asn IS NOT NULL AND asn > 0
      AND user_principal_name IN (SELECT user_principal_name FROM privileged_users)
      AND category IN ('interactive', 'non_interactive')
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
),
firsts AS (
    SELECT user_principal_name, min(created_at) AS first_ok
    FROM signins
    WHERE created_at < $until AND error_code = 0
      AND user_principal_name IN (SELECT user_principal_name FROM ok)
    GROUP BY user_principal_name
),
seq AS (
    SELECT *,
        lag(created_at) OVER (PARTITION BY user_principal_name, asn ORDER BY created_at, id) AS prev_here,
        lag(created_at) OVER (PARTITION BY user_principal_name ORDER BY created_at, id) AS prev_any,
        f.first_ok
    FROM ok JOIN firsts f USING (user_principal_name)
),
fresh AS (
    SELECT *
    FROM seq
    WHERE created_at >= $since
      AND (prev_here IS NULL OR prev_here < created_at - $lookback_days * INTERVAL '1' DAY)
      AND prev_any IS NOT NULL AND prev_any >= created_at - $lookback_days * INTERVAL '1' DAY
      AND first_ok <= created_at - $lookback_days * INTERVAL '1' DAY
)
SELECT user_principal_name || '|' || CAST(asn AS VARCHAR) || '|' || CAST(CAST(date_trunc('day', created_at) AS DATE) AS VARCHAR) AS detection_key,
    user_principal_name, ip_address, created_at AS first_seen, created_at AS last_seen,
    CAST(1 AS BIGINT) AS event_count,
    'medium' AS severity,
    'privileged account ' || user_principal_name || ' signed in from ' || coalesce(ip_address, '?') || ' (AS '
        || CAST(asn AS VARCHAR) || coalesce(', ' || country, '') || ') at ' || CAST(created_at AS VARCHAR)
        || '; no sign-in from AS ' || CAST(asn AS VARCHAR) || ' in the previous ' || CAST($lookback_days AS VARCHAR) || ' days' AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    [id] AS event_ids
FROM fresh
ORDER BY detection_key
