-- settings: {"TrustedIPs": ["198.51.100.0/26"]}
-- Fires: oscar redeems a device code from 203.0.113.100 twice.
--   room-7 (a meeting-room account) redeems a code from the office network on five days in a row (low: routine);
--   paula redeems a code from a hosting address and her account registers a device 20 minutes later (high).
-- Near-miss: nearmiss-room's conference room device signs in with a code from the trusted office range;
--   nearmiss-pending's device code attempt fails (authorization pending).
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, authentication_protocol, app_display_name) VALUES
    ('dc-oscar-1', TIMESTAMP '2026-03-10 08:00:00', 'oscar@contoso.com', '203.0.113.100', 0, 'deviceCode', 'Microsoft Office'),
    ('dc-oscar-2', TIMESTAMP '2026-03-10 08:05:00', 'oscar@contoso.com', '203.0.113.100', 0, 'deviceCode', 'Microsoft Office'),
    ('dc-room-1', TIMESTAMP '2026-03-10 09:00:00', 'nearmiss-room@contoso.com', '198.51.100.12', 0, 'deviceCode', 'Microsoft Teams'),
    ('dc-pending-1', TIMESTAMP '2026-03-10 09:00:00', 'nearmiss-pending@contoso.com', '198.51.100.100', 70016, 'deviceCode', 'Microsoft Office');
INSERT INTO fx_signins BY NAME
SELECT 'dc-room7-' || i AS id, TIMESTAMP '2026-03-03 08:30:00' + i * INTERVAL 1 DAY AS created_at,
    'room-7@contoso.com' AS user_principal_name, '203.0.113.90' AS ip_address, 0 AS error_code, 'deviceCode' AS authentication_protocol,
    'Microsoft Teams' AS app_display_name, 3356 AS asn
FROM range(5) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, authentication_protocol, app_display_name, asn) VALUES
    ('dc-paula-1', TIMESTAMP '2026-03-10 14:00:00', 'paula@contoso.com', '203.0.113.101', 0, 'deviceCode', 'Microsoft Authentication Broker', 14061);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, target_name, target_type, result) VALUES
    ('dc-paula-reg', TIMESTAMP '2026-03-10 14:20:00', 'Register device', 'paula@contoso.com', 'DESKTOP-8F2K1Q', 'Device', 'success');
