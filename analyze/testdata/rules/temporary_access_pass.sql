-- settings: {"PrivilegedUsers": ["exadmin@contoso.com", "secadmin@contoso.com", "nearmiss-unused@contoso.com", "nearmiss-late@contoso.com"]}
-- Fires: mallory, who works 13:00-16:00 UTC and never issued a pass, issues one to exadmin (privileged)
--   at 04:10, used ten minutes later from M247 (high); the help desk, which issues passes every few days,
--   issues one to secadmin in its working hours, used from her usual network (low: routine); rogue, who
--   never issued a pass, issues one to paul at 02:00, outside rogue's hours, and it is used (medium), and
--   one to quinn, used from M247, a network quinn never used (high).
-- Near-miss: the help desk onboards nearmiss-newhire (a pass in working hours, used from the office);
--   nearmiss-unused's pass is never used; nearmiss-late's pass is used two days later.
INSERT INTO fx_signins BY NAME
SELECT 'tap-' || u || '-' || i AS id, TIMESTAMP '2026-03-01 00:00:00' + i * INTERVAL 1 DAY + h * INTERVAL 1 HOUR AS created_at,
    u || '@contoso.com' AS user_principal_name, ip AS ip_address, asn, 'US' AS country, 0 AS error_code
FROM range(14) t(i), range(3) hh(k),
    (VALUES ('mallory', '4.30.125.20', 3356, 13), ('helpdesk', '4.30.125.21', 3356, 14), ('rogue', '73.10.1.1', 7922, 9),
            ('exadmin', '73.10.1.2', 7922, 14), ('secadmin', '73.10.1.3', 7922, 14), ('paul', '73.10.1.4', 7922, 14),
            ('nearmiss-unused', '73.10.1.5', 7922, 14), ('nearmiss-late', '73.10.1.6', 7922, 14), ('quinn', '73.10.1.7', 7922, 14)) v(u, ip, asn, h0),
    LATERAL (SELECT h0 + k AS h) x;
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, asn, country, error_code, authentication_details) VALUES
    ('tap-exadmin-x', TIMESTAMP '2026-03-15 04:20:00', 'exadmin@contoso.com', '146.70.12.34', 9009, 'RO', 0,
     '[{"authenticationStepDateTime":"2026-03-15T04:20:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]'),
    ('tap-secadmin-x', TIMESTAMP '2026-03-15 15:30:00', 'secadmin@contoso.com', '73.10.1.3', 7922, 'US', 0,
     '[{"authenticationStepDateTime":"2026-03-15T15:30:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]'),
    ('tap-paul-x', TIMESTAMP '2026-03-15 02:30:00', 'paul@contoso.com', '73.10.1.4', 7922, 'US', 0,
     '[{"authenticationStepDateTime":"2026-03-15T02:30:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]'),
    ('tap-quinn-x', TIMESTAMP '2026-03-15 02:40:00', 'quinn@contoso.com', '146.70.12.40', 9009, 'RO', 0,
     '[{"authenticationStepDateTime":"2026-03-15T02:40:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]'),
    ('tap-newhire-x', TIMESTAMP '2026-03-15 15:40:00', 'nearmiss-newhire@contoso.com', '198.51.100.60', 3356, 'US', 0,
     '[{"authenticationStepDateTime":"2026-03-15T15:40:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]'),
    ('tap-late-x', TIMESTAMP '2026-03-17 04:30:00', 'nearmiss-late@contoso.com', '198.51.100.61', 9009, 'RO', 0,
     '[{"authenticationStepDateTime":"2026-03-17T04:30:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]');
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type, result_reason) VALUES
    ('tap-a-exadmin', TIMESTAMP '2026-03-15 04:10:00', 'Admin registered security info', 'mallory@contoso.com', '146.70.12.30', 'exadmin@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-secadmin', TIMESTAMP '2026-03-15 15:00:00', 'Admin registered security info', 'helpdesk@contoso.com', '4.30.125.21', 'secadmin@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-paul', TIMESTAMP '2026-03-15 02:00:00', 'Admin registered security info', 'rogue@contoso.com', '73.10.1.1', 'paul@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-quinn', TIMESTAMP '2026-03-15 02:10:00', 'Admin registered security info', 'rogue@contoso.com', '73.10.1.1', 'quinn@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-newhire', TIMESTAMP '2026-03-15 15:10:00', 'Admin registered security info', 'helpdesk@contoso.com', '198.51.100.62', 'nearmiss-newhire@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-unused', TIMESTAMP '2026-03-15 04:12:00', 'Admin registered security info', 'mallory@contoso.com', '198.51.100.63', 'nearmiss-unused@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-late', TIMESTAMP '2026-03-15 04:14:00', 'Admin registered security info', 'mallory@contoso.com', '198.51.100.64', 'nearmiss-late@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    -- The help desk's earlier passes for new hires.
    ('tap-a-hd1', TIMESTAMP '2026-03-05 15:00:00', 'Admin registered security info', 'helpdesk@contoso.com', '4.30.125.21', 'hire1@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-hd2', TIMESTAMP '2026-03-10 16:00:00', 'Admin registered security info', 'helpdesk@contoso.com', '4.30.125.21', 'hire2@contoso.com', 'User', 'Admin registered temporary access pass method for user');
-- Fires (medium, short export): the export begins on 14 March; newbie-admin, whose sign-ins start that day, issues
--   a pass to rhea, who signed in that day from her home network, and it is used from M247 that night.
-- Near-miss: the same issuer's pass for nearmiss-starter, who has no sign-ins before it (a new hire: no networks).
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, asn, country, error_code, authentication_details) VALUES
    ('tap-newbie-1', TIMESTAMP '2026-03-14 09:00:00', 'newbie-admin@contoso.com', '4.30.125.30', 3356, 'US', 0, NULL),
    ('tap-rhea-1', TIMESTAMP '2026-03-14 10:00:00', 'rhea@contoso.com', '73.10.2.1', 7922, 'US', 0, NULL),
    ('tap-rhea-x', TIMESTAMP '2026-03-14 23:50:00', 'rhea@contoso.com', '146.70.12.50', 9009, 'RO', 0,
     '[{"authenticationStepDateTime":"2026-03-14T23:50:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]'),
    ('tap-starter-x', TIMESTAMP '2026-03-14 23:55:00', 'nearmiss-starter@contoso.com', '146.70.12.51', 9009, 'RO', 0,
     '[{"authenticationStepDateTime":"2026-03-14T23:55:00Z","authenticationMethod":"Temporary Access Pass","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]');
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_upn, target_type, result_reason) VALUES
    ('tap-a-rhea', TIMESTAMP '2026-03-14 23:40:00', 'Admin registered security info', 'newbie-admin@contoso.com', '146.70.12.52', 'rhea@contoso.com', 'User', 'Admin registered temporary access pass method for user'),
    ('tap-a-starter', TIMESTAMP '2026-03-14 23:41:00', 'Admin registered security info', 'newbie-admin@contoso.com', '146.70.12.52', 'nearmiss-starter@contoso.com', 'User', 'Admin registered temporary access pass method for user');
