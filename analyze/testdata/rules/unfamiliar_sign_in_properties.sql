-- Fires: erin, eight days and 16 sign-ins at home on her laptop (AS 7922, US, Edge on Windows), signs in from AS 29465 in NG
--   on an unregistered Android phone with Chrome Mobile: five unfamiliar properties (medium);
--   frank has only two days of history when a Linux Firefox signs in from AS 9009 in RO (low: short baseline).
-- Near-miss: nearmiss-travel signs in from Canada on the phone he always uses (two new properties);
--   nearmiss-laptop takes her registered laptop abroad and opens Chrome instead of Edge on it (the browser is
--   the known device's);
--   nearmiss-newphone gets a new phone and uses it at home (the network is familiar);
--   nearmiss-first's first day in the store shows two networks (no baseline yet).
INSERT INTO fx_signins BY NAME
SELECT 'uf-' || u || '-' || i AS id, TIMESTAMP '2026-03-02 09:00:00' + (i // 2) * INTERVAL 1 DAY + (i % 2) * INTERVAL 3 HOUR AS created_at,
    u || '@contoso.com' AS user_principal_name,
    CASE WHEN u LIKE 'nearmiss%' THEN '198.51.100.10' ELSE '203.0.113.10' END AS ip_address, 7922 AS asn, 'US' AS country, 0 AS error_code,
    CASE WHEN i % 3 = 0 THEN 'non_interactive' ELSE 'interactive' END AS category,
    CASE WHEN u = 'nearmiss-travel' AND i % 2 = 1 THEN 'dev-phone-' || u ELSE 'dev-laptop-' || u END AS device_id,
    CASE WHEN u = 'nearmiss-travel' AND i % 2 = 1 THEN 'Mobile Safari' ELSE 'Edge 131.0.0' END AS browser,
    CASE WHEN u = 'nearmiss-travel' AND i % 2 = 1 THEN 'Ios 17.5' ELSE 'Windows10' END AS operating_system
FROM range(16) t(i), (VALUES ('erin'), ('nearmiss-travel'), ('nearmiss-newphone'), ('nearmiss-laptop')) AS v(u);
INSERT INTO fx_signins BY NAME
SELECT 'uf-frank-' || i AS id, TIMESTAMP '2026-03-09 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'frank@contoso.com' AS user_principal_name, '203.0.113.11' AS ip_address, 2856 AS asn, 'GB' AS country, 0 AS error_code,
    'interactive' AS category, 'dev-frank' AS device_id, 'Chrome 131.0.0' AS browser, 'MacOs' AS operating_system
FROM range(2) t(i);
INSERT INTO fx_signins (id, created_at, category, user_principal_name, ip_address, asn, country, error_code, device_id, browser, operating_system) VALUES
    ('uf-erin-x', TIMESTAMP '2026-03-10 22:40:00', 'interactive', 'erin@contoso.com', '203.0.113.50', 29465, 'NG', 0, NULL, 'Chrome Mobile 128.0.6613', 'Android 13'),
    ('uf-frank-x', TIMESTAMP '2026-03-11 03:10:00', 'interactive', 'frank@contoso.com', '203.0.113.51', 9009, 'RO', 0, NULL, 'Firefox 128.0', 'Linux'),
    ('uf-travel-x', TIMESTAMP '2026-03-17 15:00:00', 'interactive', 'nearmiss-travel@contoso.com', '198.51.100.60', 812, 'CA', 0,
        'dev-phone-nearmiss-travel', 'Mobile Safari', 'Ios 17.5'),
    ('uf-newphone-x', TIMESTAMP '2026-03-17 19:00:00', 'interactive', 'nearmiss-newphone@contoso.com', '198.51.100.10', 7922, 'US', 0,
        'dev-new-phone', 'Chrome Mobile 131.0', 'Android 14'),
    ('uf-laptop-x', TIMESTAMP '2026-03-17 15:00:00', 'interactive', 'nearmiss-laptop@contoso.com', '198.51.100.61', 5466, 'IE', 0,
        'dev-laptop-nearmiss-laptop', 'Chrome 131.0.0', 'Windows10'),
    ('uf-first-1', TIMESTAMP '2026-03-17 09:00:00', 'interactive', 'nearmiss-first@contoso.com', '198.51.100.70', 7922, 'US', 0, NULL, 'Edge 131.0.0', 'Windows10'),
    ('uf-first-2', TIMESTAMP '2026-03-17 18:00:00', 'interactive', 'nearmiss-first@contoso.com', '198.51.100.71', 21928, 'US', 0, NULL, 'Safari', 'Ios 17');
