-- Fires: bob fails 7 times from 203.0.113.20 in 10 minutes, then signs in from it (high).
-- Fires: carol fails 5 times from two addresses, nothing succeeds (medium).
-- Near-miss: nearmiss-typo mistypes 3 times and gets in; nearmiss-slow fails 6 times over 2 hours.
INSERT INTO fx_signins BY NAME
SELECT 'bf-bob-' || i AS id, TIMESTAMP '2026-03-10 10:00:00' + i * INTERVAL 80 SECOND AS created_at,
    'bob@contoso.com' AS user_principal_name, '203.0.113.20' AS ip_address, 50126 AS error_code
FROM range(7) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'bf-bob-ok' AS id, TIMESTAMP '2026-03-10 10:12:00' AS created_at, 'bob@contoso.com' AS user_principal_name,
    '203.0.113.20' AS ip_address, 0 AS error_code;
INSERT INTO fx_signins BY NAME
SELECT 'bf-carol-' || i AS id, TIMESTAMP '2026-03-10 12:20:00' + i * INTERVAL 2 MINUTE AS created_at,
    'carol@contoso.com' AS user_principal_name, CASE WHEN i < 3 THEN '203.0.113.21' ELSE '203.0.113.22' END AS ip_address,
    50126 AS error_code
FROM range(5) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'bf-typo-' || i AS id, TIMESTAMP '2026-03-10 08:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'nearmiss-typo@contoso.com' AS user_principal_name, '198.51.100.5' AS ip_address,
    CASE WHEN i < 3 THEN 50126 ELSE 0 END AS error_code
FROM range(4) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'bf-slow-' || i AS id, TIMESTAMP '2026-03-10 14:00:00' + i * INTERVAL 25 MINUTE AS created_at,
    'nearmiss-slow@contoso.com' AS user_principal_name, '198.51.100.6' AS ip_address, 50126 AS error_code
FROM range(6) t(i);
-- Fires, but only medium: hugo fumbles his password 5 times at home, where he signed in the week before,
--   then gets in from there.
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('bf-hugo-old', TIMESTAMP '2026-03-03 18:00:00', 'hugo@contoso.com', '203.0.113.23', 0);
INSERT INTO fx_signins BY NAME
SELECT 'bf-hugo-' || i AS id, TIMESTAMP '2026-03-10 19:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'hugo@contoso.com' AS user_principal_name, '203.0.113.23' AS ip_address,
    CASE WHEN i < 5 THEN 50126 ELSE 0 END AS error_code
FROM range(6) t(i);
-- Fires: dana's AD FS sign-ins (category adfs) fail 6 times from 203.0.113.24 with AD FS result codes (medium).
-- Near-miss: nearmiss-kerberos fails 8 times by Integrated Windows Authentication (no typed password).
INSERT INTO fx_signins BY NAME
SELECT 'bf-dana-' || i AS id, TIMESTAMP '2026-03-11 07:00:00' + i * INTERVAL 90 SECOND AS created_at,
    'dana@contoso.com' AS user_principal_name, '203.0.113.24' AS ip_address, 300030 AS error_code, 'adfs' AS category
FROM range(6) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'bf-kerberos-' || i AS id, TIMESTAMP '2026-03-11 08:00:00' + i * INTERVAL 60 SECOND AS created_at,
    'nearmiss-kerberos@contoso.com' AS user_principal_name, '203.0.113.25' AS ip_address, 300030 AS error_code,
    'adfs' AS category, '[{"authenticationMethod":"Integrated Windows Authentication"}]' AS authentication_details
FROM range(8) t(i);
