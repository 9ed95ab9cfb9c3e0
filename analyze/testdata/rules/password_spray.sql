-- Fires: 203.0.113.7 fails 50126 for 12 users in 20 minutes, then alice signs in from it (high).
-- Fires: 203.0.113.8 fails for 5 users (the threshold) with mixed 50053/50055.
-- Near-miss: the office address 198.51.100.10, where 40 users sign in and 6 mistype.
-- Near-miss: 198.51.100.20 fails for 4 users only; 198.51.100.30 spreads 8 users over 80 minutes.
INSERT INTO fx_signins BY NAME
SELECT 'ps-a-' || i AS id, TIMESTAMP '2026-03-10 10:00:00' + i * INTERVAL 40 SECOND AS created_at,
    'user' || i || '@contoso.com' AS user_principal_name, '203.0.113.7' AS ip_address, 50126 AS error_code,
    14061 AS asn, 'NL' AS country
FROM range(12) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'ps-a-ok' AS id, TIMESTAMP '2026-03-10 13:00:00' AS created_at, 'alice@contoso.com' AS user_principal_name,
    '203.0.113.7' AS ip_address, 0 AS error_code, 14061 AS asn, 'NL' AS country;
INSERT INTO fx_signins BY NAME
SELECT 'ps-b-' || i AS id, TIMESTAMP '2026-03-11 08:01:00' + i * INTERVAL 1 MINUTE AS created_at,
    'staff' || i || '@contoso.com' AS user_principal_name, '203.0.113.8' AS ip_address,
    CASE WHEN i % 2 = 0 THEN 50053 ELSE 50055 END AS error_code
FROM range(5) t(i);
-- The office: 40 successes, 6 mistypes, in one bin.
INSERT INTO fx_signins BY NAME
SELECT 'ps-office-ok-' || i AS id, TIMESTAMP '2026-03-10 09:00:00' + i * INTERVAL 20 SECOND AS created_at,
    'nearmiss-office' || i || '@contoso.com' AS user_principal_name, '198.51.100.10' AS ip_address, 0 AS error_code
FROM range(40) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'ps-office-bad-' || i AS id, TIMESTAMP '2026-03-10 09:01:00' + i * INTERVAL 60 SECOND AS created_at,
    'nearmiss-office' || i || '@contoso.com' AS user_principal_name, '198.51.100.10' AS ip_address, 50126 AS error_code
FROM range(6) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'ps-four-' || i AS id, TIMESTAMP '2026-03-10 11:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'nearmiss-four' || i || '@contoso.com' AS user_principal_name, '198.51.100.20' AS ip_address, 50126 AS error_code
FROM range(4) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'ps-slow-' || i AS id, TIMESTAMP '2026-03-10 14:00:00' + i * INTERVAL 10 MINUTE AS created_at,
    'nearmiss-slow' || i || '@contoso.com' AS user_principal_name, '198.51.100.30' AS ip_address, 50126 AS error_code
FROM range(8) t(i);
-- Fires: AD FS sign-ins (category adfs, ADFSSignInLogs) from 203.0.113.9 fail for 6 users with AD FS's own
-- result codes (any but 0 and 50144 is a failure there, as Sentinel's ADFSSignInLogs spray rule counts).
INSERT INTO fx_signins BY NAME
SELECT 'ps-adfs-' || i AS id, TIMESTAMP '2026-03-12 07:00:00' + i * INTERVAL 30 SECOND AS created_at,
    'hybrid' || i || '@contoso.com' AS user_principal_name, '203.0.113.9' AS ip_address,
    CASE WHEN i % 2 = 0 THEN 50126 ELSE 300030 END AS error_code, 'adfs' AS category,
    '[{"authenticationMethod":"Forms Based Authentication","succeeded":false}]' AS authentication_details
FROM range(6) t(i);
-- Near-miss: AD FS failures of Integrated Windows Authentication (a domain machine's Kerberos, no typed
-- password) for 6 users from 198.51.100.40, and expired but right passwords (50144) from 198.51.100.41.
INSERT INTO fx_signins BY NAME
SELECT 'ps-adfs-iwa-' || i AS id, TIMESTAMP '2026-03-12 08:00:00' + i * INTERVAL 30 SECOND AS created_at,
    'nearmiss-iwa' || i || '@contoso.com' AS user_principal_name, '198.51.100.40' AS ip_address,
    300030 AS error_code, 'adfs' AS category,
    '[{"authenticationMethod":"Integrated Windows Authentication","succeeded":false}]' AS authentication_details
FROM range(6) t(i);
INSERT INTO fx_signins BY NAME
SELECT 'ps-adfs-expired-' || i AS id, TIMESTAMP '2026-03-12 09:00:00' + i * INTERVAL 30 SECOND AS created_at,
    'nearmiss-expired' || i || '@contoso.com' AS user_principal_name, '198.51.100.41' AS ip_address,
    50144 AS error_code, 'adfs' AS category
FROM range(6) t(i);
