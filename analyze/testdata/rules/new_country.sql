-- settings: {"Since": "2026-03-10T00:00:00Z"}
-- Fires: rita, at home in GB for two weeks, signs in from NG.
--   sid, in a 14-day export, signs in from NG after ten days at home (medium: ten days are enough);
--   ursula has three days of history when she signs in from RU (low: the evidence says the baseline is short);
--   victor takes his managed, compliant laptop to DE (low: his usual managed device).
-- Near-miss: nearmiss-created was created (Add user) three days before signing in from a second country;
--   nearmiss-back returns to FR, where she signed in 10 days before (before the period analyzed:
--   history still counts);
--   nearmiss-newhire's first ever sign-ins (no baseline) come from two countries.
--   nearmiss-traveller flies to the US again, 20 days after a first trip there (a second trip is routine).
INSERT INTO fx_signins BY NAME
SELECT 'nc-rita-' || i AS id, TIMESTAMP '2026-02-27 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'rita@contoso.com' AS user_principal_name, '203.0.113.120' AS ip_address, 0 AS error_code, 'GB' AS country
FROM range(16) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'nc-back-' || i AS id, TIMESTAMP '2026-02-27 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'nearmiss-back@contoso.com' AS user_principal_name, '198.51.100.120' AS ip_address, 0 AS error_code,
    CASE WHEN i = 3 THEN 'FR' ELSE 'GB' END AS country
FROM range(16) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city) VALUES
    ('nc-rita-x', TIMESTAMP '2026-03-15 03:00:00', 'rita@contoso.com', '203.0.113.121', 0, 'NG', 'Lagos'),
    ('nc-back-x', TIMESTAMP '2026-03-14 12:00:00', 'nearmiss-back@contoso.com', '198.51.100.121', 0, 'FR', 'Paris'),
    ('nc-newhire-1', TIMESTAMP '2026-03-14 09:00:00', 'nearmiss-newhire@contoso.com', '198.51.100.122', 0, 'GB', NULL),
    ('nc-newhire-2', TIMESTAMP '2026-03-14 15:00:00', 'nearmiss-newhire@contoso.com', '198.51.100.123', 0, 'IE', NULL);
INSERT INTO fx_signins BY NAME
SELECT 'nc-' || u || '-' || i AS id, TIMESTAMP '2026-03-05 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name, '203.0.113.140' AS ip_address, 0 AS error_code, 'GB' AS country,
    'dev-' || u AS device_id, u = 'victor' AS is_managed, u = 'victor' AS is_compliant
FROM range(10) t(i), (VALUES ('sid'), ('victor')) v(u);
INSERT INTO fx_signins BY NAME
SELECT 'nc-' || u || '-' || i AS id, TIMESTAMP '2026-03-12 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name,
    CASE WHEN u LIKE 'nearmiss%' THEN '198.51.100.141' ELSE '203.0.113.141' END AS ip_address, 0 AS error_code, 'US' AS country
FROM range(3) t(i), (VALUES ('ursula'), ('nearmiss-created')) v(u);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, target_upn, target_type, result) VALUES
    ('nc-add-user', TIMESTAMP '2026-03-12 08:00:00', 'Add user', 'helpdesk@contoso.com', 'nearmiss-created@contoso.com', 'User', 'success');
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, device_id, is_managed, is_compliant) VALUES
    ('nc-sid-x', TIMESTAMP '2026-03-15 11:00:00', 'sid@contoso.com', '203.0.113.142', 0, 'NG', 'Lagos', NULL, false, false),
    ('nc-victor-x', TIMESTAMP '2026-03-15 11:00:00', 'victor@contoso.com', '203.0.113.143', 0, 'DE', 'Berlin', 'dev-victor', true, true),
    ('nc-ursula-x', TIMESTAMP '2026-03-15 02:00:00', 'ursula@contoso.com', '203.0.113.144', 0, 'RU', NULL, NULL, false, false),
    ('nc-created-x', TIMESTAMP '2026-03-15 02:00:00', 'nearmiss-created@contoso.com', '198.51.100.144', 0, 'MX', NULL, NULL, false, false);
INSERT INTO fx_signins BY NAME
SELECT 'nc-traveller-' || i AS id, TIMESTAMP '2026-02-20 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'nearmiss-traveller@contoso.com' AS user_principal_name,
    CASE WHEN i < 2 THEN '198.51.100.130' ELSE '198.51.100.131' END AS ip_address, 0 AS error_code,
    CASE WHEN i < 2 THEN 'US' ELSE 'GB' END AS country, 'interactive' AS category
FROM range(22) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, category) VALUES
    ('nc-traveller-x', TIMESTAMP '2026-03-14 15:00:00', 'nearmiss-traveller@contoso.com', '198.51.100.132', 0, 'US', 'New York', 'interactive');
