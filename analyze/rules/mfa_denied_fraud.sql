-- id: mfa_denied_fraud
-- title: User denied an MFA prompt or reported it as fraud
-- severity: medium
-- tactic: Credential Access
-- technique: T1621
-- source: signins
-- follows: Microsoft Sentinel analytics rule "MFA Rejected by User" (MFARejectedbyUser) and the Sigma rule
--   "Multifactor Authentication Denied": error 500121 where the user declined the prompt or reported fraud.
-- description: The password was right but the user said no to the MFA prompt: someone else probably has
--   the password. One detection per account and day. A report of fraud (or suspicious activity) is high;
--   explicit denials are medium from the threshold on. Unanswered prompts and a single stray denial do not
--   count. A few denials (up to the routine number) from one address, followed within minutes by the user's
--   own approval from that address, which the account had signed in from successfully on an earlier day, are
--   a user fumbling the prompt: low.
-- remediation: Reset the account's password (whoever triggered the prompt knows it), revoke sessions,
--   check where the attempts came from and block those addresses, and confirm with the user that they did
--   not try to sign in.
-- param: min_denials int 2  explicit denials of one account in a day that fire without a fraud report
-- param: routine_denials int 2  at most this many denials, then an approval from a familiar address, are low
-- param: approve_minutes int 30  how soon after the last denial the approval must come, in minutes
WITH denied AS (
    SELECT id, created_at, user_principal_name, ip_address,
        lower(coalesce(additional_details, '') || ' ' || coalesce(failure_reason, '') || ' '
              || coalesce(CAST(authentication_details AS VARCHAR), '')) AS detail
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 500121
      AND user_principal_name IS NOT NULL
),
marked AS (
    SELECT *,
        detail LIKE '%fraud%' OR detail LIKE '%suspicious activity%' AS fraud,
        detail LIKE '%declined%' OR detail LIKE '%denied the%' OR detail LIKE '%user denied%' AS declined
    FROM denied
),
days AS (
    SELECT user_principal_name, date_trunc('day', created_at) AS day,
        sum(CASE WHEN fraud THEN 1 ELSE 0 END) AS frauds,
        sum(CASE WHEN declined AND NOT fraud THEN 1 ELSE 0 END) AS declines,
        count(DISTINCT ip_address) AS ips, min(ip_address) AS an_ip,
        min(created_at) AS first_seen, max(created_at) AS last_seen,
        array_agg(id ORDER BY created_at, id) AS ids
    FROM marked
    WHERE fraud OR declined
    GROUP BY user_principal_name, date_trunc('day', created_at)
    HAVING sum(CASE WHEN fraud THEN 1 ELSE 0 END) > 0 OR sum(CASE WHEN declined AND NOT fraud THEN 1 ELSE 0 END) >= $min_denials
),
-- The user's own approval right after, from the denials' address, which the account knew before the day.
approved AS (
    SELECT d.user_principal_name, d.day, min(s.created_at) AS approved_at
    FROM days d
    JOIN signins s ON s.user_principal_name = d.user_principal_name AND s.error_code = 0 AND s.ip_address = d.an_ip
        AND s.created_at > d.last_seen AND s.created_at <= d.last_seen + $approve_minutes * INTERVAL '1' MINUTE
    WHERE d.ips = 1 AND d.frauds = 0 AND d.declines <= $routine_denials
      AND EXISTS (SELECT 1 FROM signins h
                  WHERE h.user_principal_name = d.user_principal_name AND h.ip_address = d.an_ip AND h.error_code = 0
                    AND h.created_at < d.day AND h.created_at >= d.day - INTERVAL '30' DAY)
    GROUP BY d.user_principal_name, d.day
)
SELECT user_principal_name || '|' || CAST(CAST(day AS DATE) AS VARCHAR) AS detection_key,
    user_principal_name,
    CASE WHEN ips = 1 THEN an_ip END AS ip_address,
    first_seen, last_seen, frauds + declines AS event_count,
    CASE WHEN frauds > 0 THEN 'high' WHEN a.approved_at IS NOT NULL THEN 'low' ELSE 'medium' END AS severity,
    user_principal_name || ' '
        || CASE WHEN frauds > 0 THEN 'reported ' || CAST(frauds AS VARCHAR) || ' MFA prompt(s) as fraud'
                ELSE 'denied ' || CAST(declines AS VARCHAR) || ' MFA prompts' END
        || ' on ' || CAST(CAST(day AS DATE) AS VARCHAR) || ', from '
        || CASE WHEN ips = 1 THEN an_ip ELSE CAST(ips AS VARCHAR) || ' addresses' END
        || ': the password was entered correctly'
        || CASE WHEN a.approved_at IS NOT NULL THEN '; approved from the same familiar address at ' || CAST(a.approved_at AS VARCHAR)
                ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    ids AS event_ids
FROM days LEFT JOIN approved a USING (user_principal_name, day)
ORDER BY detection_key
