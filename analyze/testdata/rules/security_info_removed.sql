-- settings: {"PrivilegedUsers": ["eve@contoso.com"]}
-- Fires: victor's Authenticator is deleted from a hosting address and an hour later he signs in with a
--   password alone from M247 (medium); mallory deletes the phone method of eve, a privileged account, who
--   then signs in single-factor from M247 (high); wendy deletes her old phone from home and signs in to
--   Windows from home with a password (low: her usual network).
-- Near-miss: nearmiss-mfa's sign-ins after the deletion are all multi-factor; nearmiss-late's single-factor
--   sign-in comes after the window; nearmiss-failed's single-factor attempt fails; nearmiss-adds registers a
--   method instead.
INSERT INTO fx_signins BY NAME
SELECT 'sir-' || u || '-' || i AS id, TIMESTAMP '2026-03-01 14:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name, ip AS ip_address, 7922 AS asn, 'US' AS country, 0 AS error_code,
    'multiFactorAuthentication' AS authentication_requirement, 'OfficeHome' AS app_display_name
FROM range(14) t(i),
    (VALUES ('victor', '73.10.0.1'), ('eve', '73.10.0.2'), ('wendy', '73.10.0.3'), ('nearmiss-mfa', '73.10.0.4'),
            ('nearmiss-late', '73.10.0.5'), ('nearmiss-failed', '73.10.0.6'), ('nearmiss-adds', '73.10.0.7')) v(u, ip);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, asn, country, error_code, authentication_requirement, app_display_name) VALUES
    ('sir-victor-x', TIMESTAMP '2026-03-15 04:30:00', 'victor@contoso.com', '146.70.12.34', 9009, 'RO', 0, 'singleFactorAuthentication', 'Microsoft Office'),
    ('sir-eve-x', TIMESTAMP '2026-03-15 06:00:00', 'eve@contoso.com', '146.70.12.35', 9009, 'RO', 0, 'singleFactorAuthentication', 'Azure Portal'),
    ('sir-wendy-x', TIMESTAMP '2026-03-15 15:00:00', 'wendy@contoso.com', '73.10.0.3', 7922, 'US', 0, 'singleFactorAuthentication', 'Windows Sign In'),
    ('sir-nmmfa-x', TIMESTAMP '2026-03-15 15:00:00', 'nearmiss-mfa@contoso.com', '198.51.100.40', 9009, 'RO', 0, 'multiFactorAuthentication', 'OfficeHome'),
    ('sir-nmlate-x', TIMESTAMP '2026-03-20 15:00:00', 'nearmiss-late@contoso.com', '198.51.100.41', 9009, 'RO', 0, 'singleFactorAuthentication', 'OfficeHome'),
    ('sir-nmfail-x', TIMESTAMP '2026-03-15 15:00:00', 'nearmiss-failed@contoso.com', '198.51.100.42', 9009, 'RO', 50126, 'singleFactorAuthentication', 'OfficeHome'),
    ('sir-nmadds-x', TIMESTAMP '2026-03-15 15:00:00', 'nearmiss-adds@contoso.com', '198.51.100.43', 9009, 'RO', 0, 'singleFactorAuthentication', 'OfficeHome');
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type, result_reason) VALUES
    ('sir-a-victor', TIMESTAMP '2026-03-15 03:30:00', 'User deleted security info', 'victor@contoso.com', '146.70.12.30', 'victor@contoso.com', 'User', 'User deleted Authenticator App with Notification and Code'),
    ('sir-a-eve', TIMESTAMP '2026-03-15 05:40:00', 'Admin deleted security info', 'mallory@contoso.com', '146.70.12.31', 'eve@contoso.com', 'User', 'Admin deleted mobile phone method for user'),
    ('sir-a-wendy', TIMESTAMP '2026-03-15 14:00:00', 'User deleted security info', 'wendy@contoso.com', '73.10.0.3', 'wendy@contoso.com', 'User', 'User deleted Mobile Phone SMS'),
    ('sir-a-nmmfa', TIMESTAMP '2026-03-15 14:00:00', 'User deleted security info', 'nearmiss-mfa@contoso.com', '198.51.100.44', 'nearmiss-mfa@contoso.com', 'User', 'User deleted Mobile Phone SMS'),
    ('sir-a-nmlate', TIMESTAMP '2026-03-15 14:00:00', 'User deleted security info', 'nearmiss-late@contoso.com', '198.51.100.45', 'nearmiss-late@contoso.com', 'User', 'User deleted Mobile Phone SMS'),
    ('sir-a-nmfail', TIMESTAMP '2026-03-15 14:00:00', 'Admin deleted security info', 'admin@contoso.com', '198.51.100.46', 'nearmiss-failed@contoso.com', 'User', 'Admin deleted mobile phone method for user'),
    ('sir-a-nmadds', TIMESTAMP '2026-03-15 14:00:00', 'User registered security info', 'nearmiss-adds@contoso.com', '198.51.100.47', 'nearmiss-adds@contoso.com', 'User', 'User registered Mobile Phone SMS');
