-- id: impossible_travel
-- title: Impossible travel between successive sign-ins
-- severity: medium
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft Defender for Cloud Apps' "Impossible travel" policy and Entra ID Protection's "Atypical
--   travel" detection: two successful sign-ins of one account from places farther apart than a traveller
--   could cover in the time between them, measured as great-circle distance over time.
-- description: Successive successful interactive sign-ins of one account whose great-circle speed is
--   above what an airliner flies (coordinates from the log, or the country's centroid where the export has
--   none, as in the portal CSV). Hops shorter than the minimum distance (geolocation noise), trusted ranges
--   and shared addresses where many accounts sign in (an office or VPN egress, as Defender for Cloud Apps
--   learns organisation addresses) do not count; a trip an airliner could make is not a finding. Low, not
--   medium, when every fast hop of the day stays in one network and country (a mobile carrier's addresses
--   geolocate to its gateways, hundreds of km apart) or stays on one registered, managed or compliant device
--   (the user's own laptop behind a VPN), or goes between networks of one country that the account had
--   already used on earlier days (home broadband and the phone's carrier: Entra ID Protection's familiar
--   locations). One detection per account, pair of countries and day.
-- remediation: Ask the user whether they were in both places (or used a VPN). If not, revoke sessions,
--   reset the password, review MFA methods and the sign-ins from the unexpected place, and add the
--   company's VPN ranges to the trusted ranges so they stop appearing.
-- param: max_kmh int 1000  the highest plausible speed between sign-ins, in km/h
-- param: min_km int 500  hops shorter than this are ignored, in km
-- param: shared_ip_users int 10  an address where at least this many accounts signed in successfully in the period is an office or VPN egress
WITH shared AS (
    SELECT ip_address AS ip
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0 AND ip_address IS NOT NULL
    GROUP BY ip_address
    HAVING count(DISTINCT user_principal_name) >= $shared_ip_users
),
ok AS (
    SELECT s.id, s.created_at, s.user_principal_name, s.ip_address, s.country, s.city, s.asn,
        CASE WHEN coalesce(s.is_managed, false) OR coalesce(s.is_compliant, false) THEN nullif(s.device_id, '') END AS managed_device,
        coalesce(s.latitude, c.latitude) AS lat, coalesce(s.longitude, c.longitude) AS lon
    FROM signins s
    LEFT JOIN country_centroids c ON c.country = s.country
    WHERE s.created_at >= $since - INTERVAL '1' DAY AND s.created_at < $until
      AND s.error_code = 0 AND s.user_principal_name IS NOT NULL
      AND s.category = 'interactive'
      AND (s.ip_address IS NULL OR (s.ip_address NOT IN (SELECT ip FROM trusted_ips)
                                    AND s.ip_address NOT IN (SELECT ip FROM shared)))
      AND coalesce(s.latitude, c.latitude) IS NOT NULL
      AND NOT (coalesce(s.latitude, 1) = 0 AND coalesce(s.longitude, 1) = 0)
),
-- The networks each account had already used before a day: a hop between two of them within one
-- country is the account's own routine (home broadband and the phone's carrier).
familiar AS (
    SELECT user_principal_name, asn, min(created_at) AS first_at
    FROM signins
    WHERE error_code = 0 AND asn IS NOT NULL AND user_principal_name IS NOT NULL AND created_at < $until
      AND user_principal_name IN (SELECT user_principal_name FROM ok)
    GROUP BY ALL
),
seq AS (
    SELECT *,
        lag(id) OVER w AS prev_id, lag(created_at) OVER w AS prev_at, lag(ip_address) OVER w AS prev_ip,
        lag(country) OVER w AS prev_country, lag(city) OVER w AS prev_city,
        lag(lat) OVER w AS prev_lat, lag(lon) OVER w AS prev_lon,
        lag(asn) OVER w AS prev_asn, lag(managed_device) OVER w AS prev_device
    FROM ok
    WINDOW w AS (PARTITION BY user_principal_name ORDER BY created_at, id)
),
hops AS (
    SELECT *,
        2 * 6371 * asin(sqrt(power(sin(radians(lat - prev_lat) / 2), 2)
            + cos(radians(prev_lat)) * cos(radians(lat)) * power(sin(radians(lon - prev_lon) / 2), 2))) AS km,
        date_diff('second', prev_at, created_at) AS secs
    FROM seq
    WHERE prev_id IS NOT NULL AND created_at >= $since
),
fast AS (
    SELECT h.*, km / greatest(secs, 1) * 3600 AS kmh,
        coalesce((h.asn IS NOT NULL AND h.asn = h.prev_asn AND h.country = h.prev_country)
            OR (h.managed_device IS NOT NULL AND h.managed_device = h.prev_device)
            OR (h.country = h.prev_country AND fc.first_at < date_trunc('day', h.prev_at)
                AND fp.first_at < date_trunc('day', h.prev_at)), false) AS explained
    FROM hops h
    LEFT JOIN familiar fc ON fc.user_principal_name = h.user_principal_name AND fc.asn = h.asn
    LEFT JOIN familiar fp ON fp.user_principal_name = h.user_principal_name AND fp.asn = h.prev_asn
    WHERE km >= $min_km AND km / greatest(secs, 1) * 3600 > $max_kmh
)
SELECT user_principal_name || '|' || coalesce(prev_country, '?') || '>' || coalesce(country, '?') || '|'
        || CAST(CAST(date_trunc('day', min(created_at)) AS DATE) AS VARCHAR) AS detection_key,
    user_principal_name,
    CASE WHEN count(DISTINCT ip_address) = 1 THEN min(ip_address) END AS ip_address,
    min(prev_at) AS first_seen, max(created_at) AS last_seen,
    count(*) AS event_count,
    CASE WHEN bool_and(explained) THEN 'low' ELSE 'medium' END AS severity,
    user_principal_name || ' signed in from ' || min(ip_address) || ' (' || coalesce(min(city) || ', ', '') || coalesce(country, '?')
        || ') at ' || CAST(min(created_at) AS VARCHAR) || ', ' || CAST(CAST(round(min(secs) / 60.0) AS BIGINT) AS VARCHAR)
        || ' min after ' || min(prev_ip) || ' (' || coalesce(min(prev_city) || ', ', '') || coalesce(prev_country, '?') || '): '
        || CAST(CAST(round(max(km)) AS BIGINT) AS VARCHAR) || ' km apart, '
        || CAST(CAST(round(max(kmh)) AS BIGINT) AS VARCHAR) || ' km/h'
        || CASE WHEN count(*) > 1 THEN ' (' || CAST(count(*) AS VARCHAR) || ' such hops that day)' ELSE '' END
        || CASE WHEN bool_and(explained) THEN '; both ends on networks of one country the account already used, or on one managed device (carrier geolocation or a VPN)'
                ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    list_distinct(flatten(array_agg([prev_id, id] ORDER BY created_at, id))) AS event_ids
FROM fast
GROUP BY user_principal_name, prev_country, country, date_trunc('day', created_at)
ORDER BY detection_key
