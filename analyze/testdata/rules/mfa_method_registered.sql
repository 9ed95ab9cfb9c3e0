-- settings: {"PrivilegedUsers": ["dana@contoso.com", "ops@contoso.com", "nearmiss-tap@contoso.com"]}
-- Fires: gary, signing in from 203.0.113.212 for weeks, registers security info from 192.0.2.210, which
--   he first used an hour before (medium); dana (privileged) registers a method from her usual address in
--   her working hours (low: routine); dana registers another from a brand-new address (high).
-- Near-miss: nearmiss-usual registers from his usual address; nearmiss-newhire's first registration from the
--   address of his first ever sign-in.
INSERT INTO fx_signins BY NAME
SELECT 'mm-' || u || '-' || i AS id, TIMESTAMP '2026-03-01 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name,
    CASE WHEN u LIKE 'nearmiss%' THEN '198.51.100.210' ELSE '203.0.113.212' END AS ip_address, 0 AS error_code
FROM range(12) t(i), (VALUES ('gary'), ('dana'), ('nearmiss-usual')) v(u);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('mm-gary-x', TIMESTAMP '2026-03-14 01:00:00', 'gary@contoso.com', '192.0.2.210', 0),
    ('mm-dana-x', TIMESTAMP '2026-03-14 04:00:00', 'dana@contoso.com', '192.0.2.211', 0),
    ('mm-newhire-1', TIMESTAMP '2026-03-14 09:00:00', 'nearmiss-newhire@contoso.com', '198.51.100.211', 0);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type) VALUES
    ('mm-a-1', TIMESTAMP '2026-03-14 02:00:00', 'User registered security info', 'gary@contoso.com', '192.0.2.210', 'gary@contoso.com', 'User'),
    ('mm-a-2', TIMESTAMP '2026-03-13 10:00:00', 'User registered security info', 'dana@contoso.com', '203.0.113.212', 'dana@contoso.com', 'User'),
    ('mm-a-3', TIMESTAMP '2026-03-14 04:10:00', 'User changed default security info', 'dana@contoso.com', '192.0.2.211', 'dana@contoso.com', 'User'),
    ('mm-a-4', TIMESTAMP '2026-03-14 10:00:00', 'User registered security info', 'nearmiss-usual@contoso.com', '198.51.100.210', 'nearmiss-usual@contoso.com', 'User'),
    ('mm-a-5', TIMESTAMP '2026-03-14 09:05:00', 'User registered all required security info', 'nearmiss-newhire@contoso.com', '198.51.100.211', 'nearmiss-newhire@contoso.com', 'User');
-- Near-miss: nearmiss-office registers from the office egress 198.51.100.250, where 10 colleagues sign in,
--   the morning after his first sign-in from there.
INSERT INTO fx_signins BY NAME
SELECT 'mm-office-' || i AS id, TIMESTAMP '2026-03-14 08:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'nearmiss-colleague' || i || '@contoso.com' AS user_principal_name, '198.51.100.250' AS ip_address, 0 AS error_code
FROM range(10) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('mm-office-old', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-office@contoso.com', '198.51.100.251', 0),
    ('mm-office-new', TIMESTAMP '2026-03-13 09:00:00', 'nearmiss-office@contoso.com', '198.51.100.250', 0);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type) VALUES
    ('mm-a-6', TIMESTAMP '2026-03-14 09:30:00', 'User registered security info', 'nearmiss-office@contoso.com', '198.51.100.250', 'nearmiss-office@contoso.com', 'User');
-- Fires: gary, as an administrator, registers a phone for ops (privileged) from the address he first used
--   an hour before (high: the changer's address is new).
-- Near-miss: gary issues nearmiss-tap a Temporary Access Pass (temporary_access_pass's).
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type, result_reason) VALUES
    ('mm-a-7', TIMESTAMP '2026-03-14 02:20:00', 'Admin registered security info', 'gary@contoso.com', '192.0.2.210', 'ops@contoso.com', 'User', 'Admin registered mobile phone method for user'),
    ('mm-a-8', TIMESTAMP '2026-03-14 02:25:00', 'Admin registered security info', 'gary@contoso.com', '198.51.100.213', 'nearmiss-tap@contoso.com', 'User', 'Admin registered temporary access pass method for user');
-- Near-miss: nearmiss-rotated, on his home broadband (AS 3320) for weeks, registers a new phone from an
--   address his provider gave him that morning (a new address on a network he has long used).
INSERT INTO fx_signins BY NAME
SELECT 'mm-rotated-' || i AS id, TIMESTAMP '2026-03-01 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'nearmiss-rotated@contoso.com' AS user_principal_name, '84.150.1.' || i AS ip_address, 0 AS error_code, 3320 AS asn
FROM range(12) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, asn) VALUES
    ('mm-rotated-x', TIMESTAMP '2026-03-14 08:50:00', 'nearmiss-rotated@contoso.com', '91.40.7.22', 0, 3320);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type) VALUES
    ('mm-a-9', TIMESTAMP '2026-03-14 09:00:00', 'User registered security info', 'nearmiss-rotated@contoso.com', '91.40.7.22', 'nearmiss-rotated@contoso.com', 'User');
-- Fires (low): wren, signing in from 203.0.113.212 for weeks, registers from 192.0.2.99, an address no sign-in of
--   the export shows (the export lacks the registration's sign-in: nothing can be judged).
INSERT INTO fx_signins BY NAME
SELECT 'mm-wren-' || i AS id, TIMESTAMP '2026-03-01 10:00:00' + i * INTERVAL 1 DAY AS created_at,
    'wren@contoso.com' AS user_principal_name, '203.0.113.212' AS ip_address, 0 AS error_code
FROM range(12) t(i);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type) VALUES
    ('mm-a-10', TIMESTAMP '2026-03-14 10:00:00', 'User registered security info', 'wren@contoso.com', '192.0.2.99', 'wren@contoso.com', 'User');
-- Fires (medium, short baseline): xena's sign-ins in the export begin on 11 March, from 203.0.113.212 in GB; on
--   the 14th she registers security info from 192.0.2.77 in NG, which she first used half an hour before.
--   yuri does the same from a new address in GB, his own country (low: a short baseline says too little).
INSERT INTO fx_signins BY NAME
SELECT 'mm-' || u || '-' || i AS id, TIMESTAMP '2026-03-11 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name, '203.0.113.212' AS ip_address, 0 AS error_code, 'GB' AS country
FROM range(3) t(i), (VALUES ('xena'), ('yuri')) v(u);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country) VALUES
    ('mm-xena-x', TIMESTAMP '2026-03-14 11:30:00', 'xena@contoso.com', '192.0.2.77', 0, 'NG'),
    ('mm-yuri-x', TIMESTAMP '2026-03-14 11:30:00', 'yuri@contoso.com', '192.0.2.78', 0, 'GB');
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type) VALUES
    ('mm-a-11', TIMESTAMP '2026-03-14 12:00:00', 'User registered security info', 'xena@contoso.com', '192.0.2.77', 'xena@contoso.com', 'User'),
    ('mm-a-12', TIMESTAMP '2026-03-14 12:00:00', 'User registered security info', 'yuri@contoso.com', '192.0.2.78', 'yuri@contoso.com', 'User');
