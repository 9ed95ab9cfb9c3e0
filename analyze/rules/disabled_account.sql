-- id: disabled_account
-- title: Sign-in attempts to disabled accounts
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Attempts to sign in to disabled accounts" (SigninAttemptsByIPviaDisabledAccounts):
--   error 50057 grouped by source address, firing when one address tries several disabled accounts;
--   here also when a disabled account is tried from an address it never signed in from.
-- description: Someone tried the password of a disabled account: a departed employee's credentials in an
--   attacker's hands, or a spray list. One detection per address and day when it tried several disabled
--   accounts, otherwise per account, address and day when the address is new for that account. A departed
--   user's phone retrying from their usual address does not count. An account that then signs in
--   successfully from such an address (within the success window) gets its own detection, high: the
--   address is an attacker's, and it got in.
-- remediation: Keep the account disabled, reset its password and revoke its sessions anyway; block the
--   address; check whether the same address tried or reached other accounts, and whether the account's
--   credentials were reused elsewhere.
-- param: min_users int 3  disabled accounts one address must try in a day to fire on its own
-- param: lookback_days int 30  how far back an address counts as known for the account
-- param: success_hours int 24  how long after the attempts a success from the same address marks the account
WITH tries AS (
    SELECT id, created_at, user_principal_name, ip_address, date_trunc('day', created_at) AS day
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 50057
      AND user_principal_name IS NOT NULL AND ip_address IS NOT NULL
      AND ip_address NOT IN (SELECT ip FROM trusted_ips)
),
by_ip AS (
    SELECT ip_address, day, count(DISTINCT user_principal_name) AS users, count(*) AS n,
        min(created_at) AS first_seen, max(created_at) AS last_seen,
        array_agg(id ORDER BY created_at, id) AS ids
    FROM tries GROUP BY ip_address, day
    HAVING count(DISTINCT user_principal_name) >= $min_users
),
known AS (
    SELECT DISTINCT s.user_principal_name, s.ip_address
    FROM signins s
    WHERE s.error_code = 0 AND s.created_at < $until
      AND s.created_at >= $since - $lookback_days * INTERVAL '1' DAY
      AND s.user_principal_name IN (SELECT user_principal_name FROM tries)
),
by_user AS (
    SELECT t.user_principal_name, t.ip_address, t.day, count(*) AS n,
        min(t.created_at) AS first_seen, max(t.created_at) AS last_seen,
        array_agg(t.id ORDER BY t.created_at, t.id) AS ids
    FROM tries t
    LEFT JOIN known k ON k.user_principal_name = t.user_principal_name AND k.ip_address = t.ip_address
    LEFT JOIN by_ip b ON b.ip_address = t.ip_address AND b.day = t.day
    WHERE k.ip_address IS NULL AND b.ip_address IS NULL
    GROUP BY t.user_principal_name, t.ip_address, t.day
),
flagged AS (
    SELECT ip_address, min(first_seen) AS first_seen
    FROM (SELECT ip_address, first_seen FROM by_ip UNION ALL SELECT ip_address, first_seen FROM by_user) AS f
    GROUP BY ip_address
),
hits AS (
    SELECT s.user_principal_name, s.ip_address, min(s.created_at) AS first_seen, max(s.created_at) AS last_seen,
        count(*) AS n, array_agg(s.id ORDER BY s.created_at, s.id) AS ids
    FROM flagged f
    JOIN signins s ON s.ip_address = f.ip_address AND s.error_code = 0
        AND s.created_at >= f.first_seen AND s.created_at < $until
        AND s.created_at <= f.first_seen + $success_hours * INTERVAL '1' HOUR
        AND s.user_principal_name IS NOT NULL
    GROUP BY s.user_principal_name, s.ip_address
)
SELECT ip_address || '|' || CAST(CAST(day AS DATE) AS VARCHAR) AS detection_key,
    CAST(NULL AS VARCHAR) AS user_principal_name, ip_address, first_seen, last_seen, n AS event_count,
    'medium' AS severity,
    CAST(n AS VARCHAR) || ' sign-in attempts to ' || CAST(users AS VARCHAR) || ' disabled accounts from '
        || ip_address || ' on ' || CAST(CAST(day AS DATE) AS VARCHAR) AS evidence,
    CAST(NULL AS VARCHAR) AS target, 'signins' AS event_table, ids AS event_ids
FROM by_ip
UNION ALL
SELECT user_principal_name || '|' || ip_address || '|' || CAST(CAST(day AS DATE) AS VARCHAR),
    user_principal_name, ip_address, first_seen, last_seen, n, 'medium',
    CAST(n AS VARCHAR) || ' sign-in attempts to the disabled account ' || user_principal_name || ' from '
        || ip_address || ', an address it never signed in from, on ' || CAST(CAST(day AS DATE) AS VARCHAR),
    CAST(NULL AS VARCHAR), 'signins', ids
FROM by_user
UNION ALL
SELECT 'success|' || user_principal_name || '|' || ip_address,
    user_principal_name, ip_address, first_seen, last_seen, n, 'high',
    user_principal_name || ' signed in successfully from ' || ip_address || ' at ' || CAST(first_seen AS VARCHAR)
        || ', an address that had just tried disabled accounts',
    CAST(NULL AS VARCHAR), 'signins', ids
FROM hits
ORDER BY detection_key
