-- id: password_spray
-- title: Password spray from one address
-- severity: medium
-- tactic: Credential Access
-- technique: T1110.003
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Password spray attack against Microsoft Entra ID application" (SigninPasswordSpray):
--   error codes 50053, 50126 and 50055 counted per source IP in 20-minute bins; it fires at 5 or more
--   distinct failed users where failed users outnumber the users who signed in successfully from that IP.
--   AD FS sign-ins (category adfs) count as "Password spray attack against ADFSSignInLogs" counts them:
--   every result but 0 and 50144, Integrated Windows Authentication left out (er_adfs_failure).
-- description: One address tried passwords against many accounts in a short time, the way a password
--   spray does. A shared office or VPN address where many users sign in successfully and a few mistype
--   does not count. One detection per address and bin (medium), plus one per account that then signed in
--   successfully from the same address (high: the spray probably found a working password).
-- remediation: Block the address (a Conditional Access named location or firewall rule). For every account
--   that signed in from it after the spray: reset the password, revoke sessions (Revoke-MgUserSignInSession),
--   require MFA registration review, and check the account's sign-ins, mailbox rules and app consents since.
--   Make sure legacy authentication is blocked and every account has MFA.
-- param: window_minutes int 20  the bin in which failures are counted, in minutes
-- param: min_users int 5  distinct accounts that must fail from one address in one bin
-- param: success_hours int 24  how long after a spray a success from the same address marks the account
WITH attempts AS (
    SELECT id, created_at, user_principal_name, ip_address, error_code, asn, country,
        time_bucket($window_minutes * INTERVAL '1' MINUTE, created_at) AS bin
    FROM signins
    WHERE created_at >= $since AND created_at < $until
      AND ((error_code IN (50053, 50126, 50055) OR error_code = 0) AND category IN ('interactive', 'non_interactive')
           OR category = 'adfs' AND (error_code = 0 OR er_adfs_failure(category, error_code, authentication_details)))
      AND ip_address IS NOT NULL AND user_principal_name IS NOT NULL
      AND ip_address NOT IN (SELECT ip FROM trusted_ips)
),
bins AS (
    SELECT ip_address, bin,
        count(DISTINCT CASE WHEN error_code <> 0 THEN user_principal_name END) AS failed_users,
        count(DISTINCT CASE WHEN error_code = 0 THEN user_principal_name END) AS ok_users,
        sum(CASE WHEN error_code <> 0 THEN 1 ELSE 0 END) AS failures,
        min(CASE WHEN error_code <> 0 THEN created_at END) AS first_seen,
        max(CASE WHEN error_code <> 0 THEN created_at END) AS last_seen,
        max(asn) AS asn, max(country) AS country
    FROM attempts
    GROUP BY ip_address, bin
    HAVING count(DISTINCT CASE WHEN error_code <> 0 THEN user_principal_name END) >= $min_users
       AND count(DISTINCT CASE WHEN error_code <> 0 THEN user_principal_name END)
         > count(DISTINCT CASE WHEN error_code = 0 THEN user_principal_name END)
),
spray AS (
    SELECT b.ip_address, b.bin, b.failed_users, b.ok_users, b.failures, b.first_seen, b.last_seen, b.asn, b.country,
        array_agg(a.id ORDER BY a.created_at, a.id) AS ids
    FROM bins b
    JOIN attempts a ON a.ip_address = b.ip_address AND a.bin = b.bin AND a.error_code <> 0
    GROUP BY b.ip_address, b.bin, b.failed_users, b.ok_users, b.failures, b.first_seen, b.last_seen, b.asn, b.country
),
hits AS (
    SELECT b.ip_address, b.bin, b.failed_users, s.user_principal_name,
        min(s.created_at) AS success_at, count(*) AS n,
        array_agg(s.id ORDER BY s.created_at, s.id) AS ids
    FROM bins b
    JOIN signins s ON s.ip_address = b.ip_address AND s.error_code = 0
        AND s.created_at >= b.first_seen AND s.created_at < $until
        AND s.created_at <= b.last_seen + $success_hours * INTERVAL '1' HOUR
        AND s.user_principal_name IS NOT NULL AND s.category IN ('interactive', 'non_interactive', 'adfs')
    GROUP BY b.ip_address, b.bin, b.failed_users, s.user_principal_name
)
SELECT ip_address || '|' || CAST(bin AS VARCHAR) AS detection_key,
    CAST(NULL AS VARCHAR) AS user_principal_name,
    ip_address, first_seen, last_seen, failures AS event_count,
    'medium' AS severity,
    CAST(failures AS VARCHAR) || ' failed sign-ins for ' || CAST(failed_users AS VARCHAR) || ' users from ' || ip_address
        || coalesce(' (AS ' || CAST(asn AS VARCHAR) || coalesce(', ' || country, '') || ')', coalesce(' (' || country || ')', ''))
        || ' in ' || CAST($window_minutes AS VARCHAR) || ' min; ' || CAST(ok_users AS VARCHAR) || ' succeeded' AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    ids AS event_ids
FROM spray
UNION ALL
SELECT h.ip_address || '|' || CAST(h.bin AS VARCHAR) || '|' || h.user_principal_name,
    h.user_principal_name, h.ip_address, h.success_at, h.success_at, h.n,
    'high',
    'signed in successfully from ' || h.ip_address || ' at ' || CAST(h.success_at AS VARCHAR)
        || ', after a password spray from that address against ' || CAST(h.failed_users AS VARCHAR) || ' users',
    CAST(NULL AS VARCHAR), 'signins', h.ids
FROM hits h
ORDER BY detection_key
