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
--   ranges (the company's own devices) do not count. One detection per account and address.
-- remediation: If the user did not sign in on a device with a code, revoke their sessions and refresh
--   tokens (Revoke-MgUserSignInSession), reset the password, remove devices they did not register, and
--   block the device code flow with a Conditional Access authentication-flows policy for everyone who does
--   not need it.
WITH dc AS (
    SELECT id, created_at, user_principal_name, ip_address, app_display_name
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0
      AND lower(authentication_protocol) = 'devicecode'
      AND user_principal_name IS NOT NULL
      AND (ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips))
)
SELECT user_principal_name || '|' || coalesce(ip_address, '') AS detection_key,
    user_principal_name, ip_address,
    min(created_at) AS first_seen, max(created_at) AS last_seen, count(*) AS event_count,
    'medium' AS severity,
    CAST(count(*) AS VARCHAR) || ' successful device code sign-ins of ' || user_principal_name || ' from '
        || coalesce(ip_address, 'an unknown address') || ' to ' || coalesce(min(app_display_name), 'an app') AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    array_agg(id ORDER BY created_at, id) AS event_ids
FROM dc
GROUP BY user_principal_name, ip_address
ORDER BY detection_key
