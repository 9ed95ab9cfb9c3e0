-- Fires: one rare user agent tries 30 accounts once or twice each from 15 residential addresses in 12
--   networks over three hours (app Office 365 Exchange Online, browser client); user7 then signs in with it
--   from one of those addresses (high).
-- Near-miss: nearmiss-typo users mistype once each from 25 home addresses over the day with the ordinary
--   browser everyone signs in with (it succeeds far more often than it fails);
--   nearmiss-bulk users are sprayed from three addresses, 20 tries each (one address's spray, not a campaign).
INSERT INTO fx_signins BY NAME
SELECT 'sc-' || i AS id, TIMESTAMP '2026-03-12 01:00:00' + i * INTERVAL 4 MINUTE AS created_at,
    'user' || (i % 30) || '@contoso.com' AS user_principal_name, '203.0.113.' || (100 + i % 15) AS ip_address,
    64500 + i % 12 AS asn, CASE WHEN i % 3 = 0 THEN 'BR' WHEN i % 3 = 1 THEN 'VN' ELSE 'IN' END AS country,
    CASE WHEN i % 7 = 0 THEN 50053 ELSE 50126 END AS error_code,
    'Mozilla/5.0 (X11; Linux i686; rv:45.0) Gecko/20100101 Firefox/45.0' AS user_agent,
    '00000002-0000-0ff1-ce00-000000000000' AS app_id, 'Office 365 Exchange Online' AS app_display_name, 'Browser' AS client_app
FROM range(45) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, asn, country, error_code, user_agent, app_id, app_display_name, client_app) VALUES
    ('sc-win', TIMESTAMP '2026-03-12 04:30:00', 'user7@contoso.com', '203.0.113.107', 64507, 'VN', 0,
        'Mozilla/5.0 (X11; Linux i686; rv:45.0) Gecko/20100101 Firefox/45.0', '00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online', 'Browser'),
    ('sc-home', TIMESTAMP '2026-03-12 09:30:00', 'user8@contoso.com', '192.0.2.8', 7922, 'US', 0,
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0', '4765445b-32c6-49b0-83e6-1d93765276ca', 'OfficeHome', 'Browser');
INSERT INTO fx_signins BY NAME
SELECT 'typo-' || i AS id, TIMESTAMP '2026-03-12 08:00:00' + i * INTERVAL 20 MINUTE AS created_at,
    'nearmiss-typo' || i || '@contoso.com' AS user_principal_name, '198.51.100.' || i AS ip_address, 7922 AS asn, 'US' AS country,
    CASE WHEN i < 25 THEN 50126 ELSE 0 END AS error_code,
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0' AS user_agent,
    '4765445b-32c6-49b0-83e6-1d93765276ca' AS app_id, 'OfficeHome' AS app_display_name, 'Browser' AS client_app
FROM range(125) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'bulk-' || i AS id, TIMESTAMP '2026-03-13 02:00:00' + i * INTERVAL 30 SECOND AS created_at,
    'nearmiss-bulk' || (i % 25) || '@contoso.com' AS user_principal_name, '198.51.100.' || (200 + i % 3) AS ip_address,
    9009 AS asn, 'RO' AS country, 50126 AS error_code, 'python-requests/2.31.0' AS user_agent,
    '1b730954-1685-4b74-9bfd-dac224a7b894' AS app_id, 'Azure Active Directory PowerShell' AS app_display_name,
    'Mobile Apps and Desktop clients' AS client_app
FROM range(60) t(i);
