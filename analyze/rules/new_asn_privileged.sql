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
--   configured as privileged) from an ASN it did not use in the look-back period, judged against what the
--   store holds so that short exports work: medium once the account has the minimum history (days and
--   sign-ins) before it; below that, low, and the evidence says the baseline is short. An account with no
--   earlier day in the store has no baseline and is skipped. A sign-in on a registered device the account
--   used before that is managed or compliant (an administrator's own laptop on a hotel network) is low.
--   Trusted ranges do not count. One detection per account, ASN and day.
-- remediation: Confirm with the administrator. If it was not them, revoke sessions, reset the password,
--   review every directory change the account made since, and require phishing-resistant MFA and a
--   compliant device for administrators with Conditional Access.
-- param: lookback_days int 14  days of history that make an ASN familiar
-- param: min_history_days int 5  days of history an account needs before a new ASN is medium (below it: low, baseline short)
-- param: min_history_signins int 10  successes an account needs in the look-back before a new ASN is medium
WITH ok AS (
    SELECT id, created_at, user_principal_name, ip_address, asn, country, nullif(device_id, '') AS device_id,
        coalesce(is_managed, false) OR coalesce(is_compliant, false) AS managed
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
    SELECT ok.*,
        lag(created_at) OVER (PARTITION BY user_principal_name, asn ORDER BY created_at, id) AS prev_here,
        lag(created_at) OVER (PARTITION BY user_principal_name ORDER BY created_at, id) AS prev_any,
        count(*) OVER (PARTITION BY user_principal_name ORDER BY created_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_n,
        f.first_ok
    FROM ok JOIN firsts f USING (user_principal_name)
),
fresh AS (
    SELECT *,
        date_diff('day', first_ok, created_at) AS history_days,
        date_diff('day', first_ok, created_at) >= $min_history_days AND before_n >= $min_history_signins AS full_baseline
    FROM seq
    WHERE created_at >= $since
      AND (prev_here IS NULL OR prev_here < created_at - $lookback_days * INTERVAL '1' DAY)
      AND prev_any IS NOT NULL AND first_ok < date_trunc('day', created_at)
),
usual AS (
    SELECT DISTINCT f.id
    FROM fresh f JOIN ok o ON o.user_principal_name = f.user_principal_name AND o.device_id = f.device_id
    WHERE f.device_id IS NOT NULL AND f.managed AND o.created_at < date_trunc('day', f.created_at)
)
SELECT f.user_principal_name || '|' || CAST(f.asn AS VARCHAR) || '|' || CAST(CAST(date_trunc('day', f.created_at) AS DATE) AS VARCHAR) AS detection_key,
    f.user_principal_name, f.ip_address, f.created_at AS first_seen, f.created_at AS last_seen,
    CAST(1 AS BIGINT) AS event_count,
    CASE WHEN f.full_baseline AND u.id IS NULL THEN 'medium' ELSE 'low' END AS severity,
    'privileged account ' || f.user_principal_name || ' signed in from ' || coalesce(f.ip_address, '?') || ' (AS '
        || CAST(f.asn AS VARCHAR) || coalesce(', ' || f.country, '') || ') at ' || CAST(f.created_at AS VARCHAR)
        || '; no sign-in from AS ' || CAST(f.asn AS VARCHAR) || ' in the previous ' || CAST($lookback_days AS VARCHAR) || ' days'
        || CASE WHEN f.full_baseline THEN ''
                ELSE ' (baseline short: ' || CAST(f.history_days AS VARCHAR) || ' day(s) and ' || CAST(f.before_n AS VARCHAR)
                    || ' sign-in(s) of history in the store)' END
        || CASE WHEN u.id IS NOT NULL THEN '; on its usual managed device ' || f.device_id ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    [f.id] AS event_ids
FROM fresh f LEFT JOIN usual u ON u.id = f.id
ORDER BY detection_key
