-- id: unfamiliar_sign_in_properties
-- title: Sign-in with several properties unfamiliar for the account
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Entra ID Protection's real-time detection "Unfamiliar sign-in properties" (unfamiliarFeatures):
--   per account, a learned history of network (ASN), location, device, browser and operating system, with a
--   learning period of at least five days; a sign-in is flagged when several of its properties are new
--   together, not for one new property alone.
-- description: A successful interactive sign-in whose network (ASN) or country is new for the account and
--   whose properties (network, country, device, browser family, operating system family) are new in at least
--   the given number together, against the account's own history in the store (what the export holds, up
--   to the look-back). A device is its registered device id, or "unregistered"; on a registered device
--   the account used before, the browser and operating system are the device's and not counted as new. Medium once the account has
--   the minimum history; below it the finding is low and its evidence says the baseline is short. An account
--   with no earlier day in the store has no baseline and is skipped; trusted ranges do not count. One
--   detection per account and day. Evidence names each unfamiliar property and the baseline.
-- remediation: Ask the user whether they signed in from that device and place. If not, revoke sessions,
--   reset the password, review MFA methods and what the account did since; consider Conditional Access that
--   requires a compliant device or phishing-resistant MFA from unfamiliar networks.
-- param: lookback_days int 30  days of history that make a property familiar
-- param: min_history_days int 5  days of history an account needs before its baseline is full
-- param: min_history_signins int 10  successful sign-ins an account needs before its baseline is full
-- param: min_unfamiliar int 3  properties (of network, country, device, browser, operating system) that must be new together
WITH firsts AS (
    SELECT user_principal_name, asn, country, date_trunc('day', min(created_at)) AS first_day
    FROM signins
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND error_code = 0 AND user_principal_name IS NOT NULL
      AND category IN ('interactive', 'non_interactive')
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
    GROUP BY user_principal_name, asn, country
),
-- The first day each account used each network and country, and its first day at all.
net_first AS (
    SELECT user_principal_name, asn, min(first_day) AS first_day FROM firsts GROUP BY user_principal_name, asn
),
country_first AS (
    SELECT user_principal_name, country, min(first_day) AS first_day FROM firsts WHERE country IS NOT NULL GROUP BY user_principal_name, country
),
user_first AS (
    SELECT user_principal_name, min(first_day) AS first_day FROM firsts GROUP BY user_principal_name
),
-- Interactive successes on a network or from a country new that day, for accounts with an earlier day.
cand0 AS (
    SELECT h.id, h.created_at, date_trunc('day', h.created_at) AS day, h.user_principal_name, h.ip_address, h.asn, h.country,
        nf.first_day >= date_trunc('day', h.created_at) AS new_net,
        coalesce(cf.first_day >= date_trunc('day', h.created_at), false) AS new_country
    FROM signins h
    JOIN user_first uf ON uf.user_principal_name = h.user_principal_name
    JOIN net_first nf ON nf.user_principal_name = h.user_principal_name AND nf.asn = h.asn
    LEFT JOIN country_first cf ON cf.user_principal_name = h.user_principal_name AND cf.country = h.country
    WHERE h.created_at >= $since AND h.created_at < $until AND h.error_code = 0 AND h.category = 'interactive'
      AND (h.ip_address IS NULL OR h.ip_address NOT IN (SELECT ip FROM trusted_ips))
      AND uf.first_day < date_trunc('day', h.created_at)
      AND (nf.first_day >= date_trunc('day', h.created_at) OR cf.first_day >= date_trunc('day', h.created_at))
),
-- Device, browser and operating system family, read only for the accounts with candidates.
props AS (
    SELECT s.id, date_trunc('day', s.created_at) AS day, s.user_principal_name, s.asn, s.country,
        nullif(s.device_id, '') AS device_id,
        coalesce(nullif(s.device_id, ''), 'unregistered') AS device,
        coalesce(lower(nullif(regexp_extract(s.browser, '^[A-Za-z][A-Za-z ]*[A-Za-z]'), '')), '?') AS browser_family,
        coalesce(lower(nullif(regexp_extract(s.operating_system, '^[A-Za-z]+'), '')), '?') AS os_family
    FROM signins s
    WHERE s.created_at >= $since - $lookback_days * INTERVAL '1' DAY AND s.created_at < $until
      AND s.error_code = 0 AND s.category IN ('interactive', 'non_interactive')
      AND s.user_principal_name IN (SELECT user_principal_name FROM cand0)
      AND (s.ip_address IS NULL OR s.ip_address NOT IN (SELECT ip FROM trusted_ips))
),
cand AS (
    SELECT c.*, p.device_id, p.device, p.browser_family, p.os_family
    FROM cand0 c JOIN props p USING (id)
),
-- The account's history before the candidate's day. A registered device seen before brings
-- its own browser and operating system: they are not new on it.
base AS (
    SELECT c.id, count(*) AS signins, count(DISTINCT b.day) AS days,
        bool_or(b.device = c.device) AS known_device,
        bool_or(c.device_id IS NOT NULL AND b.device_id = c.device_id) OR bool_or(b.browser_family = c.browser_family) AS known_browser,
        bool_or(c.device_id IS NOT NULL AND b.device_id = c.device_id) OR bool_or(b.os_family = c.os_family) AS known_os,
        string_agg(DISTINCT 'AS ' || CAST(b.asn AS VARCHAR), ', ' ORDER BY 'AS ' || CAST(b.asn AS VARCHAR)) AS nets,
        string_agg(DISTINCT b.country, ', ' ORDER BY b.country) AS countries,
        count(DISTINCT b.device) AS devices,
        string_agg(DISTINCT b.browser_family, ', ' ORDER BY b.browser_family) AS browsers,
        string_agg(DISTINCT b.os_family, ', ' ORDER BY b.os_family) AS oses
    FROM cand c
    JOIN props b ON b.user_principal_name = c.user_principal_name AND b.day < c.day
        AND b.day >= c.day - $lookback_days * INTERVAL '1' DAY
    GROUP BY c.id
),
scored AS (
    SELECT c.*, b.signins AS base_signins, b.days AS base_days, b.nets, b.countries, b.devices, b.browsers, b.oses,
        NOT b.known_device AS new_device, NOT b.known_browser AS new_browser, NOT b.known_os AS new_os,
        CAST(c.new_net AS INTEGER) + CAST(c.new_country AS INTEGER) + CAST(NOT b.known_device AS INTEGER)
            + CAST(NOT b.known_browser AS INTEGER) + CAST(NOT b.known_os AS INTEGER) AS unfamiliar,
        b.days >= $min_history_days AND b.signins >= $min_history_signins AS full_baseline
    FROM cand c JOIN base b USING (id)
),
flagged AS (
    SELECT *, row_number() OVER (PARTITION BY user_principal_name, day ORDER BY unfamiliar DESC, created_at, id) AS rn,
        count(*) OVER (PARTITION BY user_principal_name, day) AS n_day
    FROM scored
    WHERE unfamiliar >= $min_unfamiliar
)
SELECT user_principal_name || '|' || CAST(CAST(day AS DATE) AS VARCHAR) AS detection_key,
    user_principal_name, ip_address, created_at AS first_seen, created_at AS last_seen,
    n_day AS event_count,
    CASE WHEN full_baseline THEN 'medium' ELSE 'low' END AS severity,
    user_principal_name || ' signed in from ' || coalesce(ip_address, '?') || ' at ' || CAST(created_at AS VARCHAR)
        || ' with ' || CAST(unfamiliar AS VARCHAR) || ' unfamiliar properties: '
        || concat_ws(', ',
            CASE WHEN new_net THEN 'network AS ' || CAST(asn AS VARCHAR) END,
            CASE WHEN new_country THEN 'country ' || coalesce(country, '?') END,
            CASE WHEN new_device THEN 'device ' || device END,
            CASE WHEN new_browser THEN 'browser ' || browser_family END,
            CASE WHEN new_os THEN 'operating system ' || os_family END)
        || '; baseline of ' || CAST(base_days AS VARCHAR) || ' day(s) and ' || CAST(base_signins AS VARCHAR) || ' sign-ins: networks '
        || coalesce(nets, '-') || '; countries ' || coalesce(countries, '-') || '; ' || CAST(devices AS VARCHAR)
        || ' device(s); browsers ' || coalesce(browsers, '-') || '; operating systems ' || coalesce(oses, '-')
        || CASE WHEN full_baseline THEN ''
                ELSE ' (baseline short: fewer than ' || CAST($min_history_days AS VARCHAR) || ' days or '
                    || CAST($min_history_signins AS VARCHAR) || ' sign-ins)' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    [id] AS event_ids
FROM flagged
WHERE rn = 1
ORDER BY detection_key
