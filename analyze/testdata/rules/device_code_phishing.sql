-- settings: {"TrustedIPs": ["198.51.100.0/26"]}
-- Fires: oscar redeems a device code from 203.0.113.100 twice.
-- Near-miss: nearmiss-room's conference room device signs in with a code from the trusted office range;
--   nearmiss-pending's device code attempt fails (authorization pending).
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, authentication_protocol, app_display_name) VALUES
    ('dc-oscar-1', TIMESTAMP '2026-03-10 08:00:00', 'oscar@contoso.com', '203.0.113.100', 0, 'deviceCode', 'Microsoft Office'),
    ('dc-oscar-2', TIMESTAMP '2026-03-10 08:05:00', 'oscar@contoso.com', '203.0.113.100', 0, 'deviceCode', 'Microsoft Office'),
    ('dc-room-1', TIMESTAMP '2026-03-10 09:00:00', 'nearmiss-room@contoso.com', '198.51.100.12', 0, 'deviceCode', 'Microsoft Teams'),
    ('dc-pending-1', TIMESTAMP '2026-03-10 09:00:00', 'nearmiss-pending@contoso.com', '198.51.100.100', 70016, 'deviceCode', 'Microsoft Office');
