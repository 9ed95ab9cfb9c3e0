-- id: mfa_fatigue
-- title: MFA fatigue: many MFA denials, then a success
-- severity: high
-- tactic: Credential Access
-- technique: T1621
-- source: signins
-- follows: Microsoft Sentinel analytics rule "MFA Spamming followed by Successful login" (MFASpamfollowedbySuccessfullogin):
--   more than 10 MFA denials or unanswered prompts (error 500121) for one account, followed by a
--   successful sign-in.
-- description: Someone who already has the password pushed MFA prompts until the user approved one.
--   More than the threshold of failed MFA prompts (error 500121) within the window before a successful
--   sign-in of the same account.
-- remediation: Treat the account as compromised: revoke its sessions, reset the password, remove any MFA
--   method the user did not register, and review sign-ins, mailbox rules and app consents since the
--   success. Turn on number matching and additional context for Authenticator notifications, and teach the
--   user to deny and report unexpected prompts.
-- param: window_minutes int 60  how far before the success the denials are counted, in minutes
-- param: max_denials int 10  the rule fires on more denials than this
WITH denials AS (
    SELECT id, created_at, user_principal_name
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 500121
      AND user_principal_name IS NOT NULL
),
wins AS (
    SELECT id, created_at, user_principal_name, ip_address
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0
      AND user_principal_name IN (SELECT user_principal_name FROM denials)
),
per_win AS (
    SELECT w.id AS win_id, w.created_at AS win_at, w.user_principal_name, w.ip_address,
        count(*) AS n, min(d.created_at) AS first_denial,
        array_agg(d.id ORDER BY d.created_at, d.id) AS ids
    FROM wins w
    JOIN denials d ON d.user_principal_name = w.user_principal_name
        AND d.created_at < w.created_at
        AND d.created_at >= w.created_at - $window_minutes * INTERVAL '1' MINUTE
    GROUP BY w.id, w.created_at, w.user_principal_name, w.ip_address
    HAVING count(*) > $max_denials
),
first_win AS (
    SELECT *, row_number() OVER (PARTITION BY user_principal_name, time_bucket($window_minutes * INTERVAL '1' MINUTE, first_denial)
                                 ORDER BY win_at, win_id) AS rn
    FROM per_win
)
SELECT user_principal_name || '|' || CAST(time_bucket($window_minutes * INTERVAL '1' MINUTE, first_denial) AS VARCHAR) AS detection_key,
    user_principal_name, ip_address, first_denial AS first_seen, win_at AS last_seen,
    n + 1 AS event_count,
    'high' AS severity,
    CAST(n AS VARCHAR) || ' MFA prompts denied or unanswered for ' || user_principal_name || ' between '
        || CAST(first_denial AS VARCHAR) || ' and ' || CAST(win_at AS VARCHAR)
        || ', then a successful sign-in from ' || coalesce(ip_address, 'an unknown address') AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    array_append(ids, win_id) AS event_ids
FROM first_win
WHERE rn = 1
ORDER BY detection_key
