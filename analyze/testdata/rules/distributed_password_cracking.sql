-- Fires: dave gets 36 failures in one day from 12 addresses in 4 cities, then a success from one of them (high).
-- Near-miss: nearmiss-phone fails 40 times from one city (a stale password on a phone);
--   nearmiss-few fails from 5 countries but only 8 times.
INSERT INTO fx_signins BY NAME
SELECT 'dpc-' || i AS id, TIMESTAMP '2026-03-12 00:30:00' + i * INTERVAL 30 MINUTE AS created_at,
    'dave@contoso.com' AS user_principal_name, '203.0.113.' || (40 + i % 12) AS ip_address, 50126 AS error_code,
    ['US', 'BR', 'VN', 'RU'][1 + i % 4] AS country, ['Dallas', 'Recife', 'Hanoi', 'Kazan'][1 + i % 4] AS city
FROM range(36) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'dpc-ok' AS id, TIMESTAMP '2026-03-12 20:00:00' AS created_at, 'dave@contoso.com' AS user_principal_name,
    '203.0.113.41' AS ip_address, 0 AS error_code, 'BR' AS country, 'Recife' AS city;
INSERT INTO fx_signins BY NAME
SELECT 'dpc-phone-' || i AS id, TIMESTAMP '2026-03-12 00:10:00' + i * INTERVAL 20 MINUTE AS created_at,
    'nearmiss-phone@contoso.com' AS user_principal_name, '198.51.100.' || (1 + i % 3) AS ip_address, 50126 AS error_code,
    'GB' AS country, 'Leeds' AS city
FROM range(40) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'dpc-few-' || i AS id, TIMESTAMP '2026-03-12 03:00:00' + i * INTERVAL 40 MINUTE AS created_at,
    'nearmiss-few@contoso.com' AS user_principal_name, '198.51.100.' || (10 + i) AS ip_address, 50126 AS error_code,
    ['US', 'BR', 'VN', 'RU', 'CN'][1 + i % 5] AS country
FROM range(8) t(i);
