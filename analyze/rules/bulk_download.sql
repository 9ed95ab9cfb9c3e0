-- id: bulk_download
-- title: Files downloaded in bulk from SharePoint or OneDrive
-- severity: medium
-- tactic: Collection, Exfiltration
-- technique: T1530, T1213.002
-- source: unified_audit
-- follows: Microsoft Sentinel analytics rules "Office365 Sharepoint File transfer above threshold"
--   (FileDownloaded, FileSyncDownloadedFull and kin per user and address over a threshold) and "SharePoint
--   downloads by new IP", and Elastic's "M365 OneDrive/SharePoint Excessive File Downloads", measured per
--   user and hour against the user's own and the tenant's history instead of one fixed threshold.
-- description: An account downloaded at least min_files distinct files (FileDownloaded, FileSyncDownloadedFull,
--   FileSyncDownloadedPartial) from SharePoint or OneDrive in one hour, at least ratio times its typical busy
--   day (the 90th percentile of its daily downloads in the look-back) and ratio times the tenant's busiest
--   ordinary hour (the 99th percentile of every account's hourly downloads). High when the account signed in
--   shortly before from a country or network (ASN) it had not used in the look-back, or with a sign-in
--   Microsoft rated medium or high risk; medium when the downloads came from a network the account had not
--   signed in from; low from its usual network (the sync client filling a new laptop at the office, a team
--   folder downloaded once). An account with less history than min_history_days is compared with the
--   tenant only, and the evidence says its own baseline is short. One detection per account and day.
-- remediation: Ask the user whether they downloaded the files. If not: revoke sessions, reset the password,
--   review MFA methods and the sign-in behind the downloads, list the files (the detection's events) and
--   the sites they came from for the data owners, and consider Conditional Access session controls that
--   block downloads to unmanaged devices.
-- param: min_files int 50  distinct files in an hour below which downloads are never a finding
-- param: ratio float 5  how many times the account's typical busy day and the tenant's busiest ordinary hour an hour must reach
-- param: lookback_days int 30  days of history behind the account's and the tenant's baselines
-- param: min_history_days int 5  days of audit history an account needs for a baseline of its own
-- param: after_signin_hours int 24  hours after a sign-in from a new country or network within which the downloads are high
WITH downloads AS (
    SELECT id, created_at, user_id, client_ip, lower(operation) AS op, coalesce(object_id, id) AS file,
        date_trunc('hour', created_at) AS hour
    FROM unified_audit
    WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
      AND operation IN ('FileDownloaded', 'FileSyncDownloadedFull', 'FileSyncDownloadedPartial')
      AND user_id IS NOT NULL
),
hours AS (
    SELECT user_id, hour, count(DISTINCT file) AS files, min(created_at) AS first_at, max(created_at) AS last_at
    FROM downloads
    GROUP BY user_id, hour
),
tenant AS (
    SELECT coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY files), 0) AS busiest_hour
    FROM hours WHERE files < $min_files
),
days AS (
    SELECT user_id, CAST(hour AS DATE) AS day, sum(files) AS files
    FROM hours GROUP BY user_id, CAST(hour AS DATE)
),
busy AS (
    SELECT h.*, t.busiest_hour
    FROM hours h CROSS JOIN tenant t
    WHERE h.first_at >= $since AND h.files >= $min_files AND h.files >= $ratio * t.busiest_hour
),
-- The days around each busy hour (the look-back before it, and what the export holds after it) on which
-- the account left any audit record: its history.
presence AS (
    SELECT DISTINCT user_id, CAST(created_at AS DATE) AS day
    FROM unified_audit
    WHERE user_id IN (SELECT user_id FROM busy)
      AND created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
),
history AS (
    SELECT b.user_id, b.hour, count(p.day) FILTER (WHERE p.day <> CAST(b.hour AS DATE)) AS history_days
    FROM busy b
    LEFT JOIN presence p ON p.user_id = b.user_id AND p.day >= CAST(b.hour AS DATE) - $lookback_days * INTERVAL '1' DAY
        AND p.day <= CAST(b.hour AS DATE) + $lookback_days * INTERVAL '1' DAY
    GROUP BY b.user_id, b.hour
),
own AS (
    SELECT b.user_id, b.hour, count(d.day) AS active_days, max(d.files) AS busiest_day,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY d.files) AS typical_day
    FROM busy b
    LEFT JOIN days d ON d.user_id = b.user_id AND d.day <> CAST(b.hour AS DATE)
        AND d.day >= CAST(b.hour AS DATE) - $lookback_days * INTERVAL '1' DAY
        AND d.day <= CAST(b.hour AS DATE) + $lookback_days * INTERVAL '1' DAY
    GROUP BY b.user_id, b.hour
),
flagged AS (
    SELECT b.*, o.active_days, o.busiest_day, o.typical_day, y.history_days,
        y.history_days < $min_history_days AS short_history
    FROM busy b
    JOIN own o USING (user_id, hour)
    JOIN history y USING (user_id, hour)
    WHERE y.history_days < $min_history_days
       OR b.files >= $ratio * greatest(coalesce(o.typical_day, 0), 1)
),
hour_detail AS (
    SELECT user_id, hour,
        count(*) FILTER (WHERE op LIKE 'filesync%') AS synced,
        count(*) FILTER (WHERE lower(coalesce(x[1], '')) = 'true') AS managed,
        count(*) AS records,
        mode(client_ip) AS main_ip,
        count(DISTINCT client_ip) AS ips,
        string_agg(DISTINCT coalesce(er_text(x[2]), er_text(x[3])), ', ') AS sites,
        mode(er_text(x[4])) AS user_agent,
        array_agg(id ORDER BY created_at, id) AS ids
    FROM (
        SELECT f.user_id, f.hour, d.id, d.created_at, d.op, d.client_ip,
            json_extract_string(u.audit_data, ['$.IsManagedDevice', '$.SiteUrl', '$.Site_Url', '$.UserAgent']) AS x
        FROM flagged f
        JOIN downloads d ON d.user_id = f.user_id AND d.hour = f.hour
        JOIN unified_audit u ON u.id = d.id AND u.created_at = d.created_at
    )
    GROUP BY user_id, hour
),
-- The account's sign-ins: which networks it uses, and whether a sign-in shortly before the downloads
-- came from a country or network (ASN) new for it, or was rated risky by Microsoft.
signin_ok AS (
    SELECT s.id, s.created_at, s.user_principal_name AS u, s.ip_address, er_net(s.ip_address) AS net, s.country, s.asn,
        coalesce(s.risk_level_during_signin, s.risk_level_aggregated) AS risk_level,
        lower(coalesce(s.risk_level_during_signin, '')) IN ('medium', 'high')
            OR lower(coalesce(s.risk_level_aggregated, '')) IN ('medium', 'high') AS ms_risk,
        lag(s.created_at) OVER (PARTITION BY s.user_principal_name, s.country ORDER BY s.created_at, s.id) AS prev_country,
        lag(s.created_at) OVER (PARTITION BY s.user_principal_name, s.asn ORDER BY s.created_at, s.id) AS prev_asn,
        min(s.created_at) OVER (PARTITION BY s.user_principal_name) AS first_ok
    FROM signins s
    WHERE s.error_code = 0 AND s.category IN ('interactive', 'non_interactive')
      AND s.user_principal_name IN (SELECT user_id FROM flagged)
      AND s.created_at >= $since - $lookback_days * INTERVAL '1' DAY - $after_signin_hours * INTERVAL '1' HOUR
      AND s.created_at < $until
),
signin_new AS (
    SELECT *,
        first_ok > created_at - $min_history_days * INTERVAL '1' DAY AS short_history,
        country IS NOT NULL AND (prev_country IS NULL OR prev_country < created_at - $lookback_days * INTERVAL '1' DAY) AS new_country,
        coalesce(asn, 0) > 0 AND (prev_asn IS NULL OR prev_asn < created_at - $lookback_days * INTERVAL '1' DAY) AS new_asn
    FROM signin_ok
    WHERE ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips)
),
before AS (
    SELECT * FROM (
        SELECT f.user_id AS act_user, f.hour AS act_hour, s.*,
            row_number() OVER (PARTITION BY f.user_id, f.hour ORDER BY s.ip_address = h.main_ip DESC, s.ms_risk DESC,
                s.new_country DESC, s.created_at DESC, s.id) AS rn
        FROM flagged f
        JOIN hour_detail h ON h.user_id = f.user_id AND h.hour = f.hour
        JOIN signin_new s ON s.u = f.user_id AND s.created_at <= f.last_at
            AND s.created_at >= f.first_at - $after_signin_hours * INTERVAL '1' HOUR
        WHERE s.ms_risk OR (NOT s.short_history AND (s.new_country OR s.new_asn))
    ) WHERE rn = 1
),
-- The address's network as the account's own sign-ins from it show it (mobile carriers hand out
-- addresses from many /24s of one network).
ip_asn AS (
    SELECT h.user_id, h.hour, max(s.asn) AS asn
    FROM hour_detail h JOIN signin_ok s ON s.u = h.user_id AND s.ip_address = h.main_ip AND s.created_at <= h.hour + INTERVAL '1' HOUR
    GROUP BY h.user_id, h.hour
),
context AS (
    SELECT h.user_id, h.hour, min(s.first_ok) <= h.hour - $min_history_days * INTERVAL '1' DAY AS judged,
        bool_or((s.net = er_net(h.main_ip) OR s.asn = i.asn) AND s.created_at < h.hour - $after_signin_hours * INTERVAL '1' HOUR
            AND s.created_at >= h.hour - $lookback_days * INTERVAL '1' DAY) AS familiar
    FROM hour_detail h
    LEFT JOIN ip_asn i ON i.user_id = h.user_id AND i.hour = h.hour
    JOIN signin_ok s ON s.u = h.user_id AND s.created_at <= h.hour + INTERVAL '1' HOUR
    GROUP BY h.user_id, h.hour
),
rated AS (
    SELECT f.*, h.synced, h.managed, h.records, h.main_ip, h.ips, h.sites, h.user_agent, h.ids,
        b.created_at AS signin_at, b.ip_address AS signin_ip, b.country AS signin_country, b.asn AS signin_asn,
        b.new_country, b.new_asn, b.ms_risk, b.risk_level,
        coalesce(x.familiar, false) AS familiar, coalesce(x.judged, false) AS judged,
        CASE WHEN b.created_at IS NOT NULL THEN 3
             WHEN coalesce(x.judged, false) AND NOT coalesce(x.familiar, false) THEN 2
             ELSE 1 END AS rank
    FROM flagged f
    JOIN hour_detail h USING (user_id, hour)
    LEFT JOIN before b ON b.act_user = f.user_id AND b.act_hour = f.hour
    LEFT JOIN context x ON x.user_id = f.user_id AND x.hour = f.hour
),
described AS (
    SELECT *,
        CAST(files AS VARCHAR) || ' files in the hour from ' || CAST(hour AS VARCHAR)
        || ' (' || CASE WHEN synced = records THEN 'by the OneDrive sync client'
                        WHEN synced > 0 THEN CAST(synced AS VARCHAR) || ' of them by the sync client'
                        ELSE 'FileDownloaded' END
        || CASE WHEN managed = records THEN ', a managed device' ELSE '' END || ')'
        || coalesce(' from ' || main_ip || CASE WHEN ips > 1 THEN ' and ' || CAST(ips - 1 AS VARCHAR) || ' other address(es)' ELSE '' END, '')
        || CASE WHEN main_ip IS NULL THEN ''
                WHEN NOT judged THEN ' (too little sign-in history to judge the network)'
                WHEN familiar THEN ' (a network the account signs in from)'
                ELSE ' (a network the account had not signed in from in the previous ' || CAST($lookback_days AS VARCHAR) || ' days)' END
        || coalesce('; user agent ' || left(user_agent, 120), '')
        || coalesce('; sites ' || left(sites, 300), '')
        || CASE WHEN short_history
                THEN '; the account''s own baseline is short (audit records on ' || CAST(history_days AS VARCHAR) || ' other day(s), under '
                    || CAST($min_history_days AS VARCHAR) || '): compared with the tenant only'
                WHEN active_days = 0 THEN '; no downloads by the account on other days within ' || CAST($lookback_days AS VARCHAR) || ' days'
                ELSE '; the account''s typical busy day within ' || CAST($lookback_days AS VARCHAR) || ' days had '
                    || CAST(CAST(round(typical_day) AS BIGINT) AS VARCHAR) || ' downloads (busiest ' || CAST(busiest_day AS VARCHAR)
                    || ', ' || CAST(active_days AS VARCHAR) || ' days with downloads)' END
        || '; the tenant''s busiest ordinary hour had ' || CAST(CAST(round(busiest_hour) AS BIGINT) AS VARCHAR)
        || er_signin_before(signin_at, first_at, signin_ip, signin_country, signin_asn, new_country, new_asn, ms_risk, risk_level) AS text
    FROM rated
),
per_day AS (
    SELECT user_id, CAST(hour AS DATE) AS day,
        max(rank) AS rank, sum(files) AS files, count(*) AS hours,
        min(first_at) AS first_seen, max(last_at) AS last_seen,
        max_by(main_ip, CAST(rank AS BIGINT) * 1000000000 + files) AS ip_address,
        max_by(text, CAST(rank AS BIGINT) * 1000000000 + files) AS peak,
        flatten(array_agg(ids ORDER BY hour)) AS ids
    FROM described
    GROUP BY user_id, CAST(hour AS DATE)
)
SELECT user_id || '|' || CAST(day AS VARCHAR) AS detection_key,
    user_id AS user_principal_name, ip_address, first_seen, last_seen, files AS event_count,
    CASE rank WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS severity,
    user_id || ' downloaded ' || peak
        || CASE WHEN hours > 1 THEN '; ' || CAST(files AS VARCHAR) || ' files in ' || CAST(hours AS VARCHAR) || ' such hours that day' ELSE '' END
        AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'unified_audit' AS event_table,
    ids AS event_ids
FROM per_day
ORDER BY detection_key
