-- id: distributed_password_cracking
-- title: Distributed password cracking against one account
-- severity: medium
-- tactic: Credential Access
-- technique: T1110.001
-- source: signins
-- follows: Microsoft Sentinel analytics rule "Distributed Password cracking attempts in Microsoft Entra ID"
--   (DistribPassCrackAttempt): failed sign-ins with 50053, 50126 or 50055 for one account in a day from
--   3 or more distinct locations. Sentinel counts 30 or more attempts; the default here is 10, because an
--   attack spread over many addresses to stay under per-address and lockout thresholds can stay under 30
--   a day, and 10 failures from 3 locations in a day is already far from one user's mistyping.
-- description: One account failed to sign in many times in a day from several locations, the pattern of a
--   password attack spread over many addresses to dodge per-address thresholds. Medium; high when the
--   account signed in successfully that day from one of the failing addresses.
-- remediation: Reset the account's password if any attempt succeeded, revoke its sessions and review its
--   MFA methods. Ask the user whether they travelled; block the failing addresses; make sure MFA and smart
--   lockout are on and legacy authentication is blocked.
-- param: min_failures int 10  failed sign-ins of one account in one day
-- param: min_locations int 3  distinct locations (country and city) the failures came from
WITH fails AS (
    SELECT id, created_at, user_principal_name, ip_address,
        coalesce(country, '?') || '/' || coalesce(city, '?') AS location,
        date_trunc('day', created_at) AS day
    FROM signins
    WHERE created_at >= $since AND created_at < $until
      AND (error_code IN (50053, 50126, 50055) AND category IN ('interactive', 'non_interactive')
           OR er_adfs_failure(category, error_code, authentication_details))
      AND user_principal_name IS NOT NULL
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
),
days AS (
    SELECT user_principal_name, day, count(*) AS failures, count(DISTINCT location) AS locations,
        count(DISTINCT ip_address) AS ips, min(created_at) AS first_seen, max(created_at) AS last_seen,
        array_agg(id ORDER BY created_at, id) AS ids
    FROM fails
    GROUP BY user_principal_name, day
    HAVING count(*) >= $min_failures AND count(DISTINCT location) >= $min_locations
),
wins AS (
    SELECT d.user_principal_name, d.day, min(s.created_at) AS success_at, min(s.id) AS success_id
    FROM days d
    JOIN signins s ON s.user_principal_name = d.user_principal_name AND s.error_code = 0
        AND s.created_at >= d.day AND s.created_at < d.day + INTERVAL '1' DAY AND s.created_at < $until
    WHERE s.ip_address IN (SELECT f.ip_address FROM fails f
                           WHERE f.user_principal_name = d.user_principal_name AND f.day = d.day)
    GROUP BY d.user_principal_name, d.day
)
SELECT d.user_principal_name || '|' || CAST(CAST(d.day AS DATE) AS VARCHAR) AS detection_key,
    d.user_principal_name,
    CAST(NULL AS VARCHAR) AS ip_address,
    d.first_seen, greatest(d.last_seen, coalesce(w.success_at, d.last_seen)) AS last_seen,
    d.failures + CASE WHEN w.success_id IS NULL THEN 0 ELSE 1 END AS event_count,
    CASE WHEN w.success_id IS NULL THEN 'medium' ELSE 'high' END AS severity,
    CAST(d.failures AS VARCHAR) || ' failed sign-ins for ' || d.user_principal_name || ' on '
        || CAST(CAST(d.day AS DATE) AS VARCHAR) || ' from ' || CAST(d.ips AS VARCHAR) || ' addresses in '
        || CAST(d.locations AS VARCHAR) || ' locations'
        || CASE WHEN w.success_id IS NULL THEN '; none succeeded'
                ELSE '; a successful sign-in from a failing address at ' || CAST(w.success_at AS VARCHAR) END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    CASE WHEN w.success_id IS NULL THEN d.ids ELSE array_append(d.ids, w.success_id) END AS event_ids
FROM days d LEFT JOIN wins w ON w.user_principal_name = d.user_principal_name AND w.day = d.day
ORDER BY detection_key
