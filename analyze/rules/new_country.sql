-- id: new_country
-- title: Sign-in from a country new for the account
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Authentication Attempt from New Country" (a country with no
--   successful sign-in in the previous 14 days), applied per account as Entra ID Protection's unfamiliar
--   sign-in properties are, and with their longer memory: a country the account used within the look-back
--   (90 days), however long ago in it, is familiar (a traveller's second trip is routine).
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
-- param: lookback_days int 90  days of history that make a country familiar (a country the account signed in from this recently, even once, is not new: a traveller's second trip)
-- param: min_history_days int 5  days of history an account needs before a new country is medium (below it: low, baseline short)
-- param: min_history_signins int 10  successes an account needs in the look-back before a new country is medium
WITH daily AS (
    -- successes a day, per account and country: the first interactive one of the day is the candidate
    SELECT user_principal_name, country, date_trunc('day', created_at) AS day, count(*) AS n,
        min(created_at) FILTER (WHERE category = 'interactive') AS created_at,
        arg_min(id, created_at) FILTER (WHERE category = 'interactive') AS id,
        arg_min(ip_address, created_at) FILTER (WHERE category = 'interactive') AS ip_address,
        arg_min(city, created_at) FILTER (WHERE category = 'interactive') AS city,
        arg_min(nullif(device_id, ''), created_at) FILTER (WHERE category = 'interactive') AS device_id,
        arg_min(coalesce(is_managed, false) OR coalesce(is_compliant, false), created_at) FILTER (WHERE category = 'interactive') AS managed
    FROM signins
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND error_code = 0 AND user_principal_name IS NOT NULL AND country IS NOT NULL
      AND category IN ('interactive', 'non_interactive')
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
    GROUP BY user_principal_name, country, date_trunc('day', created_at)
),
seq AS (
    SELECT *,
        lag(day) OVER (PARTITION BY user_principal_name, country ORDER BY day) AS prev_here,
        min(day) OVER (PARTITION BY user_principal_name) AS first_day,
        coalesce(sum(n) OVER (PARTITION BY user_principal_name ORDER BY day, country ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_n
    FROM daily
),
fresh AS (
    SELECT *,
        date_diff('day', first_day, created_at) AS history_days,
        date_diff('day', first_day, created_at) >= $min_history_days AND before_n >= $min_history_signins AS full_baseline
    FROM seq
    WHERE created_at IS NOT NULL AND created_at >= $since
      AND (prev_here IS NULL OR prev_here < day - $lookback_days * INTERVAL '1' DAY)
      AND first_day < day
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
    FROM fresh f JOIN signins o ON o.user_principal_name = f.user_principal_name AND o.device_id = f.device_id
    WHERE f.device_id IS NOT NULL AND f.managed AND o.error_code = 0
      AND o.created_at < f.day AND o.created_at >= f.day - $lookback_days * INTERVAL '1' DAY
)
SELECT f.user_principal_name || '|' || f.country || '|' || CAST(CAST(date_trunc('day', f.created_at) AS DATE) AS VARCHAR) AS detection_key,
    f.user_principal_name, f.ip_address, f.created_at AS first_seen, f.created_at AS last_seen,
    CAST(1 AS BIGINT) AS event_count,
    CASE WHEN f.full_baseline AND u.id IS NULL THEN 'medium' ELSE 'low' END AS severity,
    f.user_principal_name || ' signed in from ' || coalesce(f.city || ', ', '') || f.country || ' (' || coalesce(f.ip_address, '?')
        || ') at ' || CAST(f.created_at AS VARCHAR) || '; no earlier successful sign-in from ' || f.country
        || ' (look-back ' || CAST($lookback_days AS VARCHAR) || ' days)'
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
