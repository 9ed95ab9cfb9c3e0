-- id: mail_bulk_access
-- title: Mail read in bulk, or mailboxes searched, by an account or an app
-- severity: medium
-- tactic: Collection
-- technique: T1114.002, T1114.001
-- source: unified_audit
-- follows: Elastic's "M365 Exchange Mailbox Items Accessed Excessively" (MailItemsAccessed with a large
--   OperationCount or IsThrottled) and "Suspicious Microsoft 365 Mail Access by Unusual ClientAppId",
--   Microsoft Sentinel's "Exchange workflow MailItemsAccessed operation anomaly", and Microsoft's guidance on
--   MailItemsAccessed for forensic investigations (Bind and Sync access, AppId and ClientAppId), with the
--   content searches (New-ComplianceSearch, Search-Mailbox, SearchQueryInitiatedExchange and
--   SearchQueryInitiatedSharePoint) Microsoft's incident-response playbooks look for after a compromise.
-- description: An account, or an application acting for one or for itself, read at least min_items mail
--   items (MailItemsAccessed, OperationCount or the items its Folders list) in one hour, at least ratio times
--   the 90th percentile of that account and application's hourly reads in the look-back, or was throttled
--   for reading too much. High when the account signed in shortly before from a country or network (ASN) it
--   had not used in the look-back, or with a sign-in Microsoft rated medium or high risk; medium when the
--   application was new for the account, or (acting for itself) new to the tenant's mailboxes, or the reads
--   came from a network the account had not signed in from; low otherwise (Outlook syncing a new device
--   from the usual network). A backup application reading every mailbox every night is its own baseline and
--   stays quiet, and Microsoft's own mail clients (own_clients) are never "new" for an account: people get new
--   phones. Compliance and eDiscovery searches are findings when they follow such a sign-in (high), or
--   when they look for money or credential words from a network the account had not signed in from
--   (medium); a user's own mailbox searches (SearchQueryInitiated*) when they look for such words after
--   such a sign-in (medium: travellers search their mail too). An account with mail read on fewer than
--   min_history_days other days is compared with the tenant's busiest ordinary hour (its 99th percentile)
--   instead of its own, and the evidence says its baseline is short. One detection per account,
--   application and day, and one per search.
-- remediation: Confirm with the user (or the application's owner) that the access was theirs. If not:
--   revoke sessions, reset the password, remove the application's consent or credentials, list the mail
--   read (the detection's events name the folders and message ids) for the people it concerns, and delete
--   any compliance search and its exports.
-- param: min_items int 200  mail items read in an hour below which reading is never a finding
-- param: ratio float 5  how many times the account and application's 90th-percentile hour an hour must reach
-- param: lookback_days int 14  days of history behind the baselines and the familiar networks
-- param: min_history_days int 5  days with mail read an account or application needs for a baseline of its own
-- param: after_signin_hours int 24  hours after a sign-in from a new country or network within which reading or searching is high
-- param: own_clients text "00000002-0000-0ff1-ce00-000000000000,d3590ed6-52b3-4102-aeff-aad2292ab01c,27922004-5251-4030-b22d-91ecd9a37ea4,9199bf20-a13f-4107-85dc-02114787ef48,5d661950-3475-41cd-a2c3-d671a3162bc1,1fec8e78-bce4-4aaf-ab1b-5451cc387264"  Microsoft's own mail clients (Exchange Online, Outlook desktop, Outlook Mobile, Outlook on the web, the new Outlook, Teams), by application id, comma-separated
-- param: search_terms text `password|credential|invoice|payment|wire|bank|iban|swift|payroll|w-?2\b|secret|confidential|merger|acquisition|ssn|social security|passport|login|vpn|mfa`  words (a regular expression) that make a content search from an unfamiliar network a finding
WITH reads AS (
    -- The reading as ingest keeps it (app_id, item_count, access_type, throttled, mailbox_owner); rows
    -- stored before those columns existed are read from audit_data, parsed once.
    SELECT id, created_at, user_id, client_ip, date_trunc('hour', created_at) AS hour,
        coalesce(app_id, er_text(x[1]), er_text(x[2]), er_text(x[3]), 'unknown') AS app,
        lower(coalesce(access_type, er_mail_access(operation, x[5]))) AS access,
        coalesce(throttled, er_mail_throttled(operation, x[5])) AS throttled,
        coalesce(item_count, er_mail_items(operation, x[4], x[6])) AS items,
        coalesce(mailbox_owner, lower(er_text(x[7])), user_id) AS mailbox
    FROM (
        SELECT id, created_at, user_id, client_ip, operation, app_id, access_type, throttled, item_count, mailbox_owner,
            CASE WHEN item_count IS NULL THEN json_extract_string(audit_data, ['$.AppAccessContext.ClientAppId', '$.ClientAppId',
                '$.AppId', '$.OperationCount', '$.OperationProperties', '$.Folders', '$.MailboxOwnerUPN']) END AS x
        FROM unified_audit
        WHERE created_at >= $since - $lookback_days * INTERVAL '1' DAY AND created_at < $until
          AND operation = 'MailItemsAccessed' AND user_id IS NOT NULL
          AND coalesce(lower(result_status), 'succeeded') NOT IN ('false', 'failed', 'failure')
    )
),
hours AS (
    SELECT user_id, app, hour, sum(items) AS items, bool_or(throttled) AS throttled,
        min(created_at) AS first_at, max(created_at) AS last_at
    FROM reads
    GROUP BY user_id, app, hour
),
tenant AS (
    SELECT coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY items), 0) AS busiest_hour, min(first_at) AS first_read
    FROM hours WHERE items < $min_items
),
busy AS (
    SELECT h.*, t.busiest_hour, t.first_read AS tenant_first
    FROM hours h CROSS JOIN tenant t
    WHERE h.first_at >= $since AND (h.items >= $min_items OR h.throttled)
),
-- The days around each busy hour (the look-back before it, and what the export holds after it) on which
-- the account read mail: its history.
presence AS (
    SELECT DISTINCT user_id, CAST(hour AS DATE) AS day
    FROM hours
    WHERE user_id IN (SELECT user_id FROM busy)
),
history AS (
    SELECT b.user_id, b.app, b.hour,
        count(p.day) FILTER (WHERE p.day <> CAST(b.hour AS DATE)) AS history_days,
        count(p.day) FILTER (WHERE p.day < CAST(b.hour AS DATE)) AS days_before
    FROM busy b
    LEFT JOIN presence p ON p.user_id = b.user_id AND p.day >= CAST(b.hour AS DATE) - $lookback_days * INTERVAL '1' DAY
        AND p.day <= CAST(b.hour AS DATE) + $lookback_days * INTERVAL '1' DAY
    GROUP BY b.user_id, b.app, b.hour
),
own AS (
    SELECT b.user_id, b.app, b.hour,
        count(h.hour) AS hours_seen, count(h.hour) FILTER (WHERE h.hour < b.hour) AS hours_before,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY h.items) AS typical_hour
    FROM busy b
    LEFT JOIN hours h ON h.user_id = b.user_id AND h.app = b.app AND CAST(h.hour AS DATE) <> CAST(b.hour AS DATE)
        AND h.hour >= b.hour - $lookback_days * INTERVAL '1' DAY AND h.hour <= b.hour + $lookback_days * INTERVAL '1' DAY
    GROUP BY b.user_id, b.app, b.hour
),
flagged AS (
    SELECT b.*, o.hours_seen, o.typical_hour, y.history_days,
        b.user_id LIKE '%_@_%' AS is_user,
        y.history_days < $min_history_days AS short_history,
        b.user_id LIKE '%_@_%' AND o.hours_before = 0 AND y.days_before >= $min_history_days
            AND strpos(lower($own_clients), lower(b.app)) = 0 AS new_app,
        b.user_id NOT LIKE '%_@_%' AND y.days_before = 0 AND b.tenant_first <= b.first_at - $min_history_days * INTERVAL '1' DAY
            AS new_app_only
    FROM busy b
    JOIN own o USING (user_id, app, hour)
    JOIN history y USING (user_id, app, hour)
    WHERE b.throttled
       OR (y.history_days < $min_history_days AND b.items >= $ratio * b.busiest_hour)
       OR (y.history_days >= $min_history_days AND b.items >= $ratio * greatest(coalesce(o.typical_hour, 0), 1))
),
hour_detail AS (
    SELECT f.user_id, f.app, f.hour,
        count(*) FILTER (WHERE r.access = 'sync') AS syncs,
        count(DISTINCT r.mailbox) AS mailboxes,
        mode(r.client_ip) AS main_ip,
        count(DISTINCT r.client_ip) AS ips,
        mode(er_text(json_extract_string(u.audit_data, '$.ClientInfoString'))) AS client_info,
        array_agg(r.id ORDER BY r.created_at, r.id) AS ids
    FROM flagged f
    JOIN reads r ON r.user_id = f.user_id AND r.app = f.app AND r.hour = f.hour
    JOIN unified_audit u ON u.id = r.id AND u.created_at = r.created_at
    GROUP BY f.user_id, f.app, f.hour
),
searches AS (
    SELECT id, created_at, user_id, client_ip, operation,
        coalesce(er_param(parameters, 'ContentMatchQuery'), er_param(parameters, 'SearchQuery'),
            er_text(json_extract_string(audit_data, '$.QueryText')), er_ual_prop(audit_data, 'QueryText')) AS query,
        coalesce(er_param(parameters, 'ExchangeLocation'), er_param(parameters, 'SharePointLocation'),
            er_param(parameters, 'Identity')) AS scope
    FROM unified_audit
    WHERE created_at >= $since AND created_at < $until AND user_id IS NOT NULL
      AND operation IN ('New-ComplianceSearch', 'Start-ComplianceSearch', 'New-ComplianceSearchAction', 'New-MailboxSearch',
          'Start-MailboxSearch', 'Search-Mailbox', 'SearchQueryInitiatedExchange', 'SearchQueryInitiatedSharePoint',
          'SearchQueryInitiated', 'SearchCreated', 'SearchStarted')
      AND coalesce(lower(result_status), 'true') NOT IN ('false', 'failed', 'failure')
),
-- What the sign-in context is judged for: each busy hour of an account, and each search.
acts AS (
    SELECT 'read|' || f.user_id || '|' || f.app || '|' || CAST(f.hour AS VARCHAR) AS act, f.user_id AS u,
        f.first_at, f.last_at, h.main_ip AS ip
    FROM flagged f JOIN hour_detail h USING (user_id, app, hour)
    WHERE f.is_user
    UNION ALL
    SELECT 'search|' || id, user_id, created_at, created_at, client_ip FROM searches
),
-- The account's sign-ins: which networks it uses, and whether a sign-in shortly before came from a
-- country or network (ASN) new for it, or was rated risky by Microsoft.
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
      AND s.user_principal_name IN (SELECT u FROM acts)
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
        SELECT a.act, s.*,
            row_number() OVER (PARTITION BY a.act ORDER BY s.ip_address = a.ip DESC, s.ms_risk DESC, s.new_country DESC,
                s.created_at DESC, s.id) AS rn
        FROM acts a
        JOIN signin_new s ON s.u = a.u AND s.created_at <= a.last_at
            AND s.created_at >= a.first_at - $after_signin_hours * INTERVAL '1' HOUR
        WHERE s.ms_risk OR (NOT s.short_history AND (s.new_country OR s.new_asn))
    ) WHERE rn = 1
),
-- The address's network as the account's own sign-ins from it show it (mobile carriers hand out
-- addresses from many /24s of one network).
ip_asn AS (
    SELECT a.act, max(s.asn) AS asn
    FROM acts a JOIN signin_ok s ON s.u = a.u AND s.ip_address = a.ip AND s.created_at <= a.last_at
    GROUP BY a.act
),
context AS (
    SELECT a.act, min(s.first_ok) <= a.first_at - $min_history_days * INTERVAL '1' DAY AS judged,
        bool_or((s.net = er_net(a.ip) OR s.asn = i.asn) AND s.created_at < a.first_at - $after_signin_hours * INTERVAL '1' HOUR
            AND s.created_at >= a.first_at - $lookback_days * INTERVAL '1' DAY) AS familiar
    FROM acts a
    LEFT JOIN ip_asn i ON i.act = a.act
    JOIN signin_ok s ON s.u = a.u AND s.created_at <= a.last_at
    GROUP BY a.act, a.first_at
),
judged AS (
    SELECT a.act, b.created_at AS signin_at, b.ip_address AS signin_ip, b.country AS signin_country, b.asn AS signin_asn,
        b.new_country, b.new_asn, b.ms_risk, b.risk_level,
        coalesce(x.familiar, false) AS familiar, coalesce(x.judged, false) AS judged,
        er_signin_before(b.created_at, a.first_at, b.ip_address, b.country, b.asn, b.new_country, b.new_asn, b.ms_risk, b.risk_level)
            AS signin_text
    FROM acts a
    LEFT JOIN before b USING (act)
    LEFT JOIN context x USING (act)
),
read_rated AS (
    SELECT f.*, h.syncs, h.mailboxes, h.main_ip, h.ips, h.client_info, h.ids,
        coalesce(j.familiar, false) AS familiar, coalesce(j.judged, false) AS judged, coalesce(j.signin_text, '') AS signin_text,
        CASE WHEN j.signin_at IS NOT NULL THEN 3
             WHEN f.new_app OR f.new_app_only THEN 2
             WHEN f.is_user AND coalesce(j.judged, false) AND NOT coalesce(j.familiar, false) THEN 2
             ELSE 1 END AS rank
    FROM flagged f
    JOIN hour_detail h USING (user_id, app, hour)
    LEFT JOIN judged j ON j.act = 'read|' || f.user_id || '|' || f.app || '|' || CAST(f.hour AS VARCHAR)
),
read_described AS (
    SELECT *,
        CAST(items AS VARCHAR) || ' mail items in the hour from ' || CAST(hour AS VARCHAR)
        || CASE WHEN mailboxes > 1 THEN ' across ' || CAST(mailboxes AS VARCHAR) || ' mailboxes' ELSE '' END
        || CASE WHEN syncs > 0 THEN ', ' || CAST(syncs AS VARCHAR) || ' folder sync(s)' ELSE '' END
        || CASE WHEN throttled THEN ', throttled by Exchange for reading too much' ELSE '' END
        || ' through application ' || app || coalesce(' (' || client_info || ')', '')
        || CASE WHEN new_app_only THEN ', an application new to the tenant''s mailboxes,'
                WHEN new_app THEN ', an application the account had not read mail with in the previous '
                    || CAST($lookback_days AS VARCHAR) || ' days,' ELSE '' END
        || coalesce(' from ' || main_ip || CASE WHEN ips > 1 THEN ' and ' || CAST(ips - 1 AS VARCHAR) || ' other address(es)' ELSE '' END, '')
        || CASE WHEN main_ip IS NULL OR NOT is_user THEN ''
                WHEN NOT judged THEN ' (too little sign-in history to judge the network)'
                WHEN familiar THEN ' (a network the account signs in from)'
                ELSE ' (a network the account had not signed in from in the previous ' || CAST($lookback_days AS VARCHAR) || ' days)' END
        || CASE WHEN short_history
                THEN '; the account''s own baseline is short (mail read on ' || CAST(history_days AS VARCHAR) || ' other day(s), under '
                    || CAST($min_history_days AS VARCHAR) || '): compared with the tenant''s busiest ordinary hour, '
                    || CAST(CAST(round(busiest_hour) AS BIGINT) AS VARCHAR) || ' items'
                WHEN new_app OR new_app_only OR hours_seen = 0 THEN ''
                ELSE '; its 90th-percentile hour on other days within ' || CAST($lookback_days AS VARCHAR) || ' days read '
                    || CAST(CAST(round(typical_hour) AS BIGINT) AS VARCHAR) || ' items' END
        || signin_text AS text
    FROM read_rated
),
read_days AS (
    SELECT user_id, app, CAST(hour AS DATE) AS day, bool_or(is_user) AS is_user,
        max(rank) AS rank, sum(items) AS items, count(*) AS hours,
        min(first_at) AS first_seen, max(last_at) AS last_seen,
        max_by(main_ip, CAST(rank AS BIGINT) * 1000000000 + items) AS ip_address,
        max_by(text, CAST(rank AS BIGINT) * 1000000000 + items) AS peak,
        flatten(array_agg(ids ORDER BY hour)) AS ids
    FROM read_described
    GROUP BY user_id, app, CAST(hour AS DATE)
),
search_rated AS (
    SELECT s.*, j.signin_at, coalesce(j.familiar, false) AS familiar, coalesce(j.judged, false) AS judged,
        coalesce(j.signin_text, '') AS signin_text,
        regexp_matches(lower(coalesce(s.query, '')), $search_terms) AS sensitive,
        lower(s.operation) LIKE 'searchquery%' AS mailbox_search
    FROM searches s LEFT JOIN judged j ON j.act = 'search|' || s.id
)
SELECT 'read|' || user_id || '|' || app || '|' || CAST(day AS VARCHAR) AS detection_key,
    CASE WHEN is_user THEN user_id END AS user_principal_name, ip_address, first_seen, last_seen, items AS event_count,
    CASE rank WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS severity,
    CASE WHEN is_user THEN user_id ELSE 'application identity ' || user_id END || ' read ' || peak
        || CASE WHEN hours > 1 THEN '; ' || CAST(items AS VARCHAR) || ' items in ' || CAST(hours AS VARCHAR) || ' such hours that day' ELSE '' END
        AS evidence,
    app AS target,
    'unified_audit' AS event_table,
    ids AS event_ids
FROM read_days
UNION ALL
SELECT 'search|' || id, user_id, client_ip, created_at, created_at, CAST(1 AS BIGINT),
    CASE WHEN signin_at IS NOT NULL AND NOT mailbox_search THEN 'high' ELSE 'medium' END,
    user_id || ' ran a content search (' || operation || ')' || coalesce(' for "' || left(query, 200) || '"', '')
        || coalesce(' over ' || left(scope, 100), '')
        || CASE WHEN sensitive THEN ' (money or credential words)' ELSE '' END
        || ' at ' || CAST(created_at AS VARCHAR) || coalesce(' from ' || client_ip, '')
        || CASE WHEN client_ip IS NULL OR NOT judged THEN ''
                WHEN familiar THEN ' (a network the account signs in from)'
                ELSE ' (a network the account had not signed in from in the previous ' || CAST($lookback_days AS VARCHAR) || ' days)' END
        || signin_text,
    scope, 'unified_audit', [id]
FROM search_rated
WHERE (signin_at IS NOT NULL AND (sensitive OR NOT mailbox_search))
   OR (sensitive AND judged AND NOT familiar AND NOT mailbox_search)
ORDER BY detection_key
