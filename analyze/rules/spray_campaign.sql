-- id: spray_campaign
-- title: Password spray campaign across many addresses
-- severity: medium
-- tactic: Credential Access
-- technique: T1110.003
-- source: signins
-- follows: Splunk detection "Azure AD Multi-Source Failed Authentications Spike" (failed authentications across
--   many users from many addresses in one period) and Entra ID Protection's offline "Password spray"
--   detection (one campaign across many accounts and addresses, found by what the attempts share rather than
--   by address), with Microsoft Sentinel's SigninPasswordSpray error codes (50126, 50053, 50055).
-- description: Failed sign-ins (wrong password 50126, locked 50053, expired 50055, 50056, unknown user 50034,
--   disabled 50057) that share one fingerprint (user agent, application and client) across many accounts and
--   many addresses, a few tries per address, with no pause longer than the gap: a spray spread over
--   residential proxies to stay under per-address thresholds. A fingerprint that ordinary successful
--   sign-ins share (a common browser mistyped by many users over a day) is not a campaign: the campaign's
--   fingerprint must fail more often than it succeeds. One detection per campaign (medium) naming its
--   addresses, plus one per sprayed account that then signed in from a campaign address or with the
--   campaign's user agent (high).
-- remediation: Block the campaign's addresses and user agent (Conditional Access, firewall). For every account
--   that signed in after the campaign: reset the password, revoke sessions (Revoke-MgUserSignInSession),
--   review MFA methods, mailbox rules and consents. Make sure every sprayed account has MFA, smart lockout is
--   on, legacy authentication is blocked and banned-password protection covers the tenant's own words.
-- param: gap_minutes int 60  a pause longer than this between failures of one fingerprint ends the campaign, in minutes
-- param: min_users int 20  distinct accounts a campaign must try
-- param: min_ips int 10  distinct addresses a campaign must come from
-- param: max_tries_per_ip float 5  the most failures per address, on average, that a campaign has (more is one address's spray or brute force)
-- param: success_hours int 24  how long after the campaign a sprayed account's success counts, in hours
WITH fails AS (
    SELECT id, created_at, user_principal_name, ip_address, asn, country, user_agent,
        coalesce(user_agent, '') || '|' || coalesce(app_id, app_display_name, '') || '|' || coalesce(client_app, '') AS fp
    FROM signins
    WHERE created_at >= $since AND created_at < $until
      AND (error_code IN (50126, 50053, 50055, 50056, 50034, 50057) AND category IN ('interactive', 'non_interactive')
           OR er_adfs_failure(category, error_code, authentication_details))
      AND user_principal_name IS NOT NULL AND ip_address IS NOT NULL
      AND ip_address NOT IN (SELECT ip FROM trusted_ips)
),
marked AS (
    SELECT *,
        CASE WHEN lag(created_at) OVER (PARTITION BY fp ORDER BY created_at, id) IS NULL
              OR lag(created_at) OVER (PARTITION BY fp ORDER BY created_at, id) < created_at - $gap_minutes * INTERVAL '1' MINUTE
             THEN 1 ELSE 0 END AS starts
    FROM fails
),
numbered AS (
    SELECT *, sum(starts) OVER (PARTITION BY fp ORDER BY created_at, id ROWS UNBOUNDED PRECEDING) AS camp
    FROM marked
),
camps AS (
    SELECT fp, camp, min(user_agent) AS user_agent,
        count(*) AS failures, count(DISTINCT user_principal_name) AS users, count(DISTINCT ip_address) AS ips,
        count(DISTINCT asn) AS asns, count(DISTINCT country) AS countries,
        min(created_at) AS first_seen, max(created_at) AS last_seen,
        string_agg(DISTINCT ip_address, ', ' ORDER BY ip_address) AS addresses,
        string_agg(DISTINCT country, ', ' ORDER BY country) AS country_list,
        list(id ORDER BY created_at, id) AS ids
    FROM numbered
    GROUP BY fp, camp
    HAVING count(DISTINCT user_principal_name) >= $min_users AND count(DISTINCT ip_address) >= $min_ips
       AND count(*) <= $max_tries_per_ip * count(DISTINCT ip_address)
),
-- How often each candidate fingerprint succeeded in the period: an attacker's rarely does.
fp_ok AS (
    SELECT coalesce(user_agent, '') || '|' || coalesce(app_id, app_display_name, '') || '|' || coalesce(client_app, '') AS fp,
        count(*) AS successes
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0
      AND coalesce(user_agent, '') IN (SELECT coalesce(user_agent, '') FROM camps)
    GROUP BY 1
),
campaigns AS (
    SELECT c.*, coalesce(o.successes, 0) AS successes
    FROM camps c LEFT JOIN fp_ok o USING (fp)
    WHERE coalesce(o.successes, 0) < c.failures
),
members AS (
    SELECT DISTINCT c.fp, c.camp, n.user_principal_name
    FROM campaigns c JOIN numbered n ON n.fp = c.fp AND n.camp = c.camp
),
camp_ips AS (
    SELECT DISTINCT c.fp, c.camp, n.ip_address
    FROM campaigns c JOIN numbered n ON n.fp = c.fp AND n.camp = c.camp
),
wins AS (
    SELECT c.fp, c.camp, s.user_principal_name, min(s.created_at) AS success_at, count(*) AS n,
        min(s.ip_address) AS ip_address, list(s.id ORDER BY s.created_at, s.id) AS ids,
        min(coalesce(s.client_app, '?') || ' to ' || coalesce(s.app_display_name, '?')) AS how
    FROM campaigns c
    JOIN members m ON m.fp = c.fp AND m.camp = c.camp
    JOIN signins s ON s.user_principal_name = m.user_principal_name AND s.error_code = 0
        AND s.created_at >= c.first_seen AND s.created_at < $until
        AND s.created_at <= c.last_seen + $success_hours * INTERVAL '1' HOUR
        AND s.category IN ('interactive', 'non_interactive', 'adfs')
    LEFT JOIN camp_ips i ON i.fp = c.fp AND i.camp = c.camp AND i.ip_address = s.ip_address
    WHERE i.ip_address IS NOT NULL OR s.user_agent = c.user_agent
    GROUP BY c.fp, c.camp, s.user_principal_name
)
SELECT 'campaign|' || left(md5(fp), 12) || '|' || CAST(first_seen AS VARCHAR) AS detection_key,
    CAST(NULL AS VARCHAR) AS user_principal_name,
    CAST(NULL AS VARCHAR) AS ip_address,
    first_seen, last_seen, failures AS event_count,
    'medium' AS severity,
    'password spray campaign: ' || CAST(failures AS VARCHAR) || ' failed sign-ins against ' || CAST(users AS VARCHAR)
        || ' accounts from ' || CAST(ips AS VARCHAR) || ' addresses in ' || CAST(asns AS VARCHAR) || ' networks ('
        || coalesce(country_list, '?') || '), ' || CAST(round(failures / ips, 1) AS VARCHAR) || ' tries per address, between '
        || CAST(first_seen AS VARCHAR) || ' and ' || CAST(last_seen AS VARCHAR) || ', all with user agent "'
        || coalesce(user_agent, '') || '" (' || CAST(successes AS VARCHAR) || ' successful sign-ins with it in the period); addresses: '
        || addresses AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    ids AS event_ids
FROM campaigns
UNION ALL
SELECT 'campaign|' || left(md5(w.fp), 12) || '|' || CAST(c.first_seen AS VARCHAR) || '|' || w.user_principal_name,
    w.user_principal_name, w.ip_address, w.success_at, w.success_at, w.n,
    'high',
    w.user_principal_name || ' signed in successfully (' || w.how || ') from ' || w.ip_address || ' at ' || CAST(w.success_at AS VARCHAR)
        || ', after a password spray campaign against ' || CAST(c.users AS VARCHAR) || ' accounts from ' || CAST(c.ips AS VARCHAR)
        || ' addresses (' || CAST(c.first_seen AS VARCHAR) || ' to ' || CAST(c.last_seen AS VARCHAR) || ') that tried this account',
    CAST(NULL AS VARCHAR), 'signins', w.ids
FROM wins w JOIN campaigns c ON c.fp = w.fp AND c.camp = w.camp
ORDER BY detection_key
