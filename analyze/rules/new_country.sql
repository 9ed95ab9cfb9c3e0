-- id: new_country
-- title: Sign-in from a country new for the account
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Authentication Attempt from New Country" (a country with no
--   successful sign-in in the previous 14 days), applied per account as Entra ID Protection's unfamiliar
--   sign-in properties are.
-- description: A successful interactive sign-in from a country the account did not sign in from
--   successfully (interactively or not: a phone refreshing its mail abroad counts) in the look-back period, judged against what the store holds, so that a 7- or 14-day export works too: medium
--   once the account has the minimum history (days and sign-ins) before it; below that, low, and the evidence
--   says the baseline is short. An account with no earlier sign-in has no baseline and is skipped, and so is an
--   account the directory audit shows being created (Add user) until it has the minimum history. A sign-in
--   on a registered device the account used before that is managed or compliant (a traveller's own laptop) is
--   low. Trusted ranges do not count. One detection per account, country and day.
-- remediation: Ask the user whether they travelled. If not, revoke sessions, reset the password, review
--   MFA methods and the account's activity since the sign-in; consider a Conditional Access policy that
--   blocks or challenges countries the company does not work from.
-- param: lookback_days int 14  days of history that make a country familiar
-- param: min_history_days int 5  days of history an account needs before a new country is medium (below it: low, baseline short)
-- param: min_history_signins int 10  successes an account needs in the look-back before a new country is medium
WITH ok AS (
    SELECT id, created_at, category, user_principal_name, ip_address, country, city, nullif(device_id, '') AS device_id,
        coalesce(is_managed, false) OR coalesce(is_compliant, false) AS managed
    FROM signins
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND error_code = 0 AND user_principal_name IS NOT NULL AND country IS NOT NULL
      AND category IN ('interactive', 'non_interactive')
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
    SELECT ok.*,
        lag(created_at) OVER (PARTITION BY user_principal_name, country ORDER BY created_at, id) AS prev_here,
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
    WHERE created_at >= $since AND category = 'interactive'
      AND (prev_here IS NULL OR prev_here < created_at - $lookback_days * INTERVAL '1' DAY)
      AND prev_any IS NOT NULL AND first_ok < date_trunc('day', created_at)
),
-- Accounts created shortly before: no baseline yet.
created AS (
    SELECT target_upn AS user_principal_name, max(activity_at) AS created_at
    FROM directory_audits
    WHERE activity = 'Add user' AND target_upn IS NOT NULL AND activity_at < $until
    GROUP BY target_upn
),
-- Registered devices the account used before the day, managed or compliant.
usual AS (
    SELECT DISTINCT f.id
    FROM fresh f JOIN ok o ON o.user_principal_name = f.user_principal_name AND o.device_id = f.device_id
    WHERE f.device_id IS NOT NULL AND f.managed AND o.created_at < date_trunc('day', f.created_at)
)
SELECT f.user_principal_name || '|' || f.country || '|' || CAST(CAST(date_trunc('day', f.created_at) AS DATE) AS VARCHAR) AS detection_key,
    f.user_principal_name, f.ip_address, f.created_at AS first_seen, f.created_at AS last_seen,
    CAST(1 AS BIGINT) AS event_count,
    CASE WHEN f.full_baseline AND u.id IS NULL THEN 'medium' ELSE 'low' END AS severity,
    f.user_principal_name || ' signed in from ' || coalesce(f.city || ', ', '') || f.country || ' (' || coalesce(f.ip_address, '?')
        || ') at ' || CAST(f.created_at AS VARCHAR) || '; no successful sign-in from ' || f.country
        || ' in the previous ' || CAST($lookback_days AS VARCHAR) || ' days'
        || CASE WHEN f.full_baseline THEN ''
                ELSE ' (baseline short: ' || CAST(f.history_days AS VARCHAR) || ' day(s) and ' || CAST(f.before_n AS VARCHAR)
                    || ' sign-in(s) of history in the store)' END
        || CASE WHEN u.id IS NOT NULL THEN '; on its usual managed device ' || f.device_id ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    [f.id] AS event_ids
FROM fresh f
LEFT JOIN created c ON c.user_principal_name = f.user_principal_name
LEFT JOIN usual u ON u.id = f.id
WHERE NOT (c.created_at IS NOT NULL AND c.created_at <= f.created_at AND NOT f.full_baseline)
ORDER BY detection_key
