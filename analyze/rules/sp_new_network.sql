-- id: sp_new_network
-- title: Service principal or managed identity signed in from a network new for it
-- severity: medium
-- tactic: Initial Access, Persistence
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Entra ID Protection's workload identity detection "Suspicious Sign-ins"
--   (suspiciousSignins: a baseline of each service principal's sign-ins learned over 2 to 60 days, and a
--   later sign-in from an unfamiliar IP address or ASN, or IP country), and the Microsoft Entra security
--   operations guide for applications ("sign-ins from unusual locations" for service principals).
-- description: A successful sign-in of a service principal or managed identity (servicePrincipalId) from
--   a network (autonomousSystemNumber; without one, the address's /24) it had not signed in from in the
--   look-back, after earlier sign-ins from other networks. High when the country is new too. Workload
--   identities run from fixed places (an Azure region, a build agent), so a new network is rare: a stolen
--   secret or certificate used elsewhere, or a deliberate move. The first network a service principal is
--   seen on is its baseline, never a finding. While the baseline is short (fewer days or sign-ins than the
--   tunables ask) the finding is low and its evidence says so. Trusted ranges do not count. One detection
--   per service principal and new network.
-- remediation: Ask the application's owner whether the workload moved. If not, treat its credentials as
--   stolen: remove the secrets and certificates it does not need (and the one used, if the log names its
--   key id), add a new certificate, review what the service principal did since and which permissions and
--   owners it has, and disable it until that is done. Restrict where it may sign in from with Conditional
--   Access for workload identities.
-- param: lookback_days int 30  days of history that make a network familiar to a service principal
-- param: min_history_days int 7  a baseline shorter than this many days makes the finding low
-- param: min_history_signins int 20  a baseline of fewer successful sign-ins makes the finding low
WITH sp AS (
    SELECT id, created_at, coalesce(service_principal_id, app_id) AS sp_id,
        coalesce(service_principal_name, app_display_name) AS sp_name, category, ip_address, country, asn,
        er_network(asn, ip_address) AS net, client_credential_type
    FROM signins
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND category IN ('service_principal', 'managed_identity') AND error_code = 0
      AND coalesce(service_principal_id, app_id) IS NOT NULL AND ip_address IS NOT NULL
      AND ip_address NOT IN (SELECT ip FROM trusted_ips)
),
seq AS (
    SELECT *,
        row_number() OVER (PARTITION BY sp_id, net ORDER BY created_at, id) AS nth_here,
        row_number() OVER (PARTITION BY sp_id, coalesce(country, '') ORDER BY created_at, id) AS nth_country,
        row_number() OVER (PARTITION BY sp_id ORDER BY created_at, id) - 1 AS before_n,
        min(created_at) OVER (PARTITION BY sp_id) AS first_at
    FROM sp
),
fresh AS (
    -- The first sign-in from each network, when the service principal had signed in before.
    SELECT *, country IS NOT NULL AND nth_country = 1 AS new_country,
        date_diff('day', first_at, created_at) AS baseline_days
    FROM seq
    WHERE nth_here = 1 AND before_n > 0 AND created_at >= $since
),
known AS (
    SELECT f.sp_id, f.net,
        string_agg(DISTINCT s.net, ', ' ORDER BY s.net) AS nets,
        string_agg(DISTINCT s.country, ', ' ORDER BY s.country) AS countries
    FROM fresh f JOIN sp s ON s.sp_id = f.sp_id AND s.created_at < f.created_at
    GROUP BY f.sp_id, f.net
),
uses AS (
    SELECT f.sp_id, f.net, count(*) AS n, max(s.created_at) AS last_at,
        list(s.id ORDER BY s.created_at, s.id)[1:50] AS ids
    FROM fresh f JOIN sp s ON s.sp_id = f.sp_id AND s.net = f.net AND s.created_at >= f.created_at AND s.created_at < $until
    GROUP BY f.sp_id, f.net
)
SELECT f.sp_id || '|' || f.net AS detection_key,
    CAST(NULL AS VARCHAR) AS user_principal_name, f.ip_address,
    f.created_at AS first_seen, u.last_at AS last_seen, u.n AS event_count,
    CASE WHEN f.baseline_days < $min_history_days OR f.before_n < $min_history_signins THEN 'low'
         WHEN f.new_country THEN 'high' ELSE 'medium' END AS severity,
    replace(f.category, '_', ' ') || ' ' || coalesce(f.sp_name, f.sp_id) || ' (' || f.sp_id || ') signed in from '
        || f.ip_address || ' (' || f.net || coalesce(', ' || f.country, '') || ')'
        || coalesce(' with ' || f.client_credential_type, '') || ' at ' || CAST(f.created_at AS VARCHAR)
        || ', ' || CAST(u.n AS VARCHAR) || ' sign-in(s) from there in all; before, it signed in only from '
        || coalesce(k.nets, '?') || coalesce(' (' || k.countries || ')', '')
        || CASE WHEN f.new_country THEN '; the country is new too' ELSE '' END
        || CASE WHEN f.baseline_days < $min_history_days OR f.before_n < $min_history_signins
                THEN '; the baseline is short: ' || CAST(f.before_n AS VARCHAR) || ' sign-in(s) over '
                     || CAST(f.baseline_days AS VARCHAR) || ' day(s), fewer than the '
                     || CAST($min_history_signins AS VARCHAR) || ' sign-ins over ' || CAST($min_history_days AS VARCHAR) || ' days a baseline needs'
                ELSE '; baseline ' || CAST(f.before_n AS VARCHAR) || ' sign-ins over ' || CAST(f.baseline_days AS VARCHAR) || ' days' END AS evidence,
    f.sp_id AS target,
    'signins' AS event_table,
    u.ids AS event_ids
FROM fresh f
JOIN uses u ON u.sp_id = f.sp_id AND u.net = f.net
LEFT JOIN known k ON k.sp_id = f.sp_id AND k.net = f.net
ORDER BY detection_key
