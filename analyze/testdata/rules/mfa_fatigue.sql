-- Fires: erin denies or ignores 14 prompts within 40 minutes, then one succeeds.
-- Near-miss: nearmiss-tired gets 10 prompts (not more than 10) then succeeds;
--   nearmiss-spammed gets 20 prompts and never approves; nearmiss-later's 12 denials are 3 hours before a success.
INSERT INTO fx_signins BY NAME
SELECT 'mf-erin-' || i AS id, TIMESTAMP '2026-03-10 22:00:00' + i * INTERVAL 3 MINUTE AS created_at,
    'erin@contoso.com' AS user_principal_name, '203.0.113.50' AS ip_address, 500121 AS error_code,
    CASE WHEN i % 2 = 0 THEN 'MFA denied; user did not respond to mobile app notification'
         ELSE 'MFA denied; user declined the authentication' END AS additional_details
FROM range(14) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'mf-erin-ok' AS id, TIMESTAMP '2026-03-10 22:43:00' AS created_at, 'erin@contoso.com' AS user_principal_name,
    '203.0.113.50' AS ip_address, 0 AS error_code;
INSERT INTO fx_signins BY NAME
SELECT 'mf-tired-' || i AS id, TIMESTAMP '2026-03-10 09:00:00' + i * INTERVAL 2 MINUTE AS created_at,
    'nearmiss-tired@contoso.com' AS user_principal_name, '198.51.100.50' AS ip_address, 500121 AS error_code
FROM range(10) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'mf-tired-ok' AS id, TIMESTAMP '2026-03-10 09:25:00' AS created_at, 'nearmiss-tired@contoso.com' AS user_principal_name,
    '198.51.100.50' AS ip_address, 0 AS error_code;
INSERT INTO fx_signins BY NAME
SELECT 'mf-spam-' || i AS id, TIMESTAMP '2026-03-10 13:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'nearmiss-spammed@contoso.com' AS user_principal_name, '198.51.100.51' AS ip_address, 500121 AS error_code
FROM range(20) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'mf-later-' || i AS id, TIMESTAMP '2026-03-11 06:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'nearmiss-later@contoso.com' AS user_principal_name, '198.51.100.52' AS ip_address, 500121 AS error_code
FROM range(12) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'mf-later-ok' AS id, TIMESTAMP '2026-03-11 09:15:00' AS created_at, 'nearmiss-later@contoso.com' AS user_principal_name,
    '198.51.100.52' AS ip_address, 0 AS error_code;
