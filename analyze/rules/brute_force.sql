-- id: brute_force
-- title: Password guessing against one account
-- severity: medium
-- tactic: Credential Access
-- technique: T1110.001
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Brute force attack against Azure Portal" (SigninBruteForce-AzurePortal):
--   5 or more failed sign-ins of one account within a 20-minute window, and a success in the same window
--   makes it a likely compromise. Here the failures are wrong or expired passwords and lockouts
--   (50126, 50053, 50055, 50056) to any application, and AD FS sign-ins' failed passwords (er_adfs_failure).
-- description: Many wrong passwords for one account in a short time. A user who mistypes a few times and
--   gets in stays below the threshold. Medium; high when the account then signed in successfully from an
--   address the failures came from that it had not signed in from in the previous 14 days (a user who
--   fumbles a password at home and then gets in stays medium).
-- remediation: If a success followed from a failing address, treat the account as compromised: reset the
--   password, revoke sessions, review MFA methods, sign-ins and mailbox rules. Otherwise confirm with the user,
--   block the source addresses, and make sure smart lockout and MFA are on for the account.
-- param: window_minutes int 20  the window in which failures are counted, in minutes
-- param: min_failures int 5  failed sign-ins of one account in one window
WITH fails AS (
    SELECT id, created_at, user_principal_name, ip_address,
        time_bucket($window_minutes * INTERVAL '1' MINUTE, created_at) AS bin
    FROM signins
    WHERE created_at >= $since AND created_at < $until
      AND (error_code IN (50126, 50053, 50055, 50056) AND category IN ('interactive', 'non_interactive')
           OR er_adfs_failure(category, error_code, authentication_details))
      AND user_principal_name IS NOT NULL
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
),
bins AS (
    SELECT user_principal_name, bin, count(*) AS failures, count(DISTINCT ip_address) AS ips,
        min(created_at) AS first_seen, max(created_at) AS last_seen, min(ip_address) AS an_ip,
        array_agg(id ORDER BY created_at, id) AS ids
    FROM fails
    GROUP BY user_principal_name, bin
    HAVING count(*) >= $min_failures
),
successes AS (
    SELECT b.user_principal_name, b.bin, b.first_seen, s.created_at, s.id, s.ip_address
    FROM bins b
    JOIN signins s ON s.user_principal_name = b.user_principal_name AND s.error_code = 0
        AND s.created_at >= b.first_seen AND s.created_at < $until
        AND s.created_at <= b.last_seen + $window_minutes * INTERVAL '1' MINUTE
    WHERE s.ip_address IN (SELECT f.ip_address FROM fails f
                           WHERE f.user_principal_name = b.user_principal_name AND f.bin = b.bin)
),
wins AS (
    SELECT w.user_principal_name, w.bin, min(w.created_at) AS success_at, min(w.id) AS success_id,
        bool_and(h.ip_address IS NOT NULL) AS familiar
    FROM successes w
    LEFT JOIN (SELECT DISTINCT s.user_principal_name, s.ip_address, b.bin
               FROM signins s JOIN bins b ON b.user_principal_name = s.user_principal_name
               WHERE s.error_code = 0 AND s.created_at < b.first_seen
                 AND s.created_at >= b.first_seen - INTERVAL '14' DAY) AS h
        ON h.user_principal_name = w.user_principal_name AND h.ip_address = w.ip_address AND h.bin = w.bin
    GROUP BY w.user_principal_name, w.bin
)
SELECT b.user_principal_name || '|' || CAST(b.bin AS VARCHAR) AS detection_key,
    b.user_principal_name,
    CASE WHEN b.ips = 1 THEN b.an_ip END AS ip_address,
    b.first_seen,
    coalesce(w.success_at, b.last_seen) AS last_seen,
    b.failures + CASE WHEN w.success_id IS NULL THEN 0 ELSE 1 END AS event_count,
    CASE WHEN w.success_id IS NULL OR w.familiar THEN 'medium' ELSE 'high' END AS severity,
    CAST(b.failures AS VARCHAR) || ' failed sign-ins for ' || b.user_principal_name || ' from '
        || CASE WHEN b.ips = 1 THEN b.an_ip ELSE CAST(b.ips AS VARCHAR) || ' addresses' END
        || ' within ' || CAST($window_minutes AS VARCHAR) || ' min'
        || CASE WHEN w.success_id IS NULL THEN '; none succeeded'
                WHEN w.familiar THEN '; then a successful sign-in from a familiar failing address at ' || CAST(w.success_at AS VARCHAR)
                ELSE '; then a successful sign-in from a failing address at ' || CAST(w.success_at AS VARCHAR) END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    CASE WHEN w.success_id IS NULL THEN b.ids ELSE array_append(b.ids, w.success_id) END AS event_ids
FROM bins b LEFT JOIN wins w ON w.user_principal_name = b.user_principal_name AND w.bin = b.bin
ORDER BY detection_key
