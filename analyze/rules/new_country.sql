-- id: new_country
-- title: Sign-in from a country new for the account
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Authentication Attempt from New Country" (a country with no
--   successful sign-in in the previous 14 days), applied per account as Entra ID Protection's unfamiliar
--   sign-in properties are.
-- description: A successful sign-in from a country the account did not sign in from successfully in the
--   look-back period, for an account that did sign in during that period and whose history is at least
--   that long (newer accounts have no baseline and are skipped). Trusted ranges do not count. One
--   detection per account, country and day.
-- remediation: Ask the user whether they travelled. If not, revoke sessions, reset the password, review
--   MFA methods and the account's activity since the sign-in; consider a Conditional Access policy that
--   blocks or challenges countries the company does not work from.
-- param: lookback_days int 14  days of history that make a country familiar
WITH ok AS (
    SELECT id, created_at, user_principal_name, ip_address, country, city
    FROM signins
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND error_code = 0 AND user_principal_name IS NOT NULL AND country IS NOT NULL
      AND category = 'interactive'
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
),
firsts AS (
    SELECT user_principal_name, min(created_at) AS first_ok
    FROM signins
    WHERE created_at < $until AND error_code = 0 AND category = 'interactive'
      AND user_principal_name IN (SELECT user_principal_name FROM ok)
    GROUP BY user_principal_name
),
seq AS (
    SELECT *,
        lag(created_at) OVER (PARTITION BY user_principal_name, country ORDER BY created_at, id) AS prev_here,
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
SELECT f.user_principal_name || '|' || f.country || '|' || CAST(CAST(date_trunc('day', f.created_at) AS DATE) AS VARCHAR) AS detection_key,
    f.user_principal_name, f.ip_address, f.created_at AS first_seen, f.created_at AS last_seen,
    CAST(1 AS BIGINT) AS event_count,
    'medium' AS severity,
    f.user_principal_name || ' signed in from ' || coalesce(f.city || ', ', '') || f.country || ' (' || coalesce(f.ip_address, '?')
        || ') at ' || CAST(f.created_at AS VARCHAR) || '; no successful sign-in from ' || f.country
        || ' in the previous ' || CAST($lookback_days AS VARCHAR) || ' days' AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    [f.id] AS event_ids
FROM fresh f
ORDER BY detection_key
