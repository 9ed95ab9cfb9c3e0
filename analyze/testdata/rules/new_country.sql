-- settings: {"Since": "2026-03-10T00:00:00Z"}
-- Fires: rita, at home in GB for two weeks, signs in from NG.
-- Near-miss: nearmiss-back returns to FR, where she signed in 10 days before (before the period analyzed:
--   history still counts);
--   nearmiss-newhire's first ever sign-ins (no baseline) come from two countries.
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
