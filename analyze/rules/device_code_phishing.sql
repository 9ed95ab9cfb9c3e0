-- id: device_code_phishing
-- title: Sign-in with the device code flow
-- severity: medium
-- tactic: Initial Access
-- technique: T1566.002, T1528
-- source: signins
-- follows: Microsoft Threat Intelligence's hunting guidance for Storm-2372 device code phishing
--   (SigninLogs where AuthenticationProtocol == "deviceCode"), as also used by the Microsoft Sentinel
--   hunting query for device code authentication.
-- description: A successful sign-in that redeemed a device code: the flow meant for TVs and conference
--   room devices, which phishing campaigns abuse to get tokens for the victim. Sign-ins from trusted
--   ranges (the company's own devices) do not count. One detection per account and address. Medium; low
--   when the account redeems device codes from the same network on several days (a shared or
--   meeting-room device doing what it does every day); high when the account registered or added a device
--   in the directory within the chain window after the sign-in (Storm-2372's next step: a device, then a
--   primary refresh token).
-- remediation: If the user did not sign in on a device with a code, revoke their sessions and refresh
--   tokens (Revoke-MgUserSignInSession), reset the password, remove devices they did not register, and
--   block the device code flow with a Conditional Access authentication-flows policy for everyone who does
--   not need it.
-- param: routine_days int 3  days with device-code sign-ins from the same network (in the period or the history before) that make it routine
-- param: history_days int 30  how far back those days are looked for
-- param: device_minutes int 120  how soon after the sign-in a device registered by the account joins the chain, in minutes
WITH dc AS (
    SELECT id, created_at, user_principal_name, ip_address, app_display_name, asn
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0
      AND lower(authentication_protocol) = 'devicecode'
      AND user_principal_name IS NOT NULL
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
),
-- Earlier days on which the account redeemed device codes from the same network.
habit AS (
    SELECT d.id, count(DISTINCT date_trunc('day', h.created_at)) AS days
    FROM dc d
    JOIN signins h ON h.user_principal_name = d.user_principal_name AND h.error_code = 0
        AND lower(h.authentication_protocol) = 'devicecode'
        AND h.created_at < date_trunc('day', d.created_at)
        AND h.created_at >= date_trunc('day', d.created_at) - $history_days * INTERVAL '1' DAY
        AND (h.asn = d.asn OR h.ip_address = d.ip_address)
    GROUP BY d.id
),
devices AS (
    SELECT d.id, min(a.activity_at) AS registered_at, min(a.activity || coalesce(' ' || a.target_name, '')) AS what
    FROM dc d
    JOIN directory_audits a ON a.actor_upn = d.user_principal_name
        AND a.activity IN ('Register device', 'Add device', 'Add registered owner to device', 'Add registered users to device')
        AND a.activity_at >= d.created_at AND a.activity_at <= d.created_at + $device_minutes * INTERVAL '1' MINUTE
        AND lower(coalesce(a.result, 'success')) = 'success'
    GROUP BY d.id
),
groups AS (
    SELECT dc.user_principal_name, dc.ip_address,
        min(dc.created_at) AS first_seen, max(dc.created_at) AS last_seen, count(*) AS n,
        min(dc.app_display_name) AS app,
        greatest(count(DISTINCT date_trunc('day', dc.created_at)), max(coalesce(h.days, 0)) + 1) >= $routine_days AS routine,
        greatest(count(DISTINCT date_trunc('day', dc.created_at)), max(coalesce(h.days, 0)) + 1) AS habit_days,
        min(v.registered_at) AS registered_at, min(v.what) AS what,
        array_agg(dc.id ORDER BY dc.created_at, dc.id) AS ids
    FROM dc LEFT JOIN habit h USING (id) LEFT JOIN devices v USING (id)
    GROUP BY dc.user_principal_name, dc.ip_address
)
SELECT user_principal_name || '|' || coalesce(ip_address, '') AS detection_key,
    user_principal_name, ip_address,
    first_seen, greatest(last_seen, coalesce(registered_at, last_seen)) AS last_seen, n AS event_count,
    CASE WHEN registered_at IS NOT NULL THEN 'high' WHEN routine THEN 'low' ELSE 'medium' END AS severity,
    CAST(n AS VARCHAR) || ' successful device code sign-ins of ' || user_principal_name || ' from '
        || coalesce(ip_address, 'an unknown address') || ' to ' || coalesce(app, 'an app')
        || CASE WHEN routine THEN '; routine: device codes from this network on ' || CAST(habit_days AS VARCHAR) || ' days' ELSE '' END
        || CASE WHEN registered_at IS NOT NULL THEN '; then the account did ' || what || ' at ' || CAST(registered_at AS VARCHAR)
            || ' (a device joined after a device code phish)' ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    ids AS event_ids
FROM groups
ORDER BY detection_key
