-- settings: {"PrivilegedUsers": ["sam@contoso.com", "ann@contoso.com"]}
-- Fires: tom (given Global Administrator in the audit log) signs in from AS 9009 after two weeks on AS 2856;
--   sam (configured privileged) from AS 16276.
--   ann (configured privileged, a 7-day export) signs in from AS 20473 after three days (low: baseline short).
-- Near-miss: nearmiss-user (not privileged) signs in from a new ASN;
--   nearmiss-reader (given Reports Reader only) too.
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, target_upn, target_type, target_resources) VALUES
    ('na-role-1', TIMESTAMP '2026-02-20 10:00:00', 'Add member to role', 'admin@contoso.com', 'tom@contoso.com', 'User',
     '[{"displayname":null,"type":"User","userprincipalname":"tom@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Global Administrator\""}]}]'),
    ('na-role-2', TIMESTAMP '2026-02-20 10:05:00', 'Add member to role', 'admin@contoso.com', 'nearmiss-reader@contoso.com', 'User',
     '[{"displayname":null,"type":"User","userprincipalname":"nearmiss-reader@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Reports Reader\""}]}]');
INSERT INTO fx_signins BY NAME
SELECT 'na-' || u || '-' || i AS id, TIMESTAMP '2026-02-27 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name, '198.51.100.130' AS ip_address, 0 AS error_code, 2856 AS asn
FROM range(16) t(i), (VALUES ('tom'), ('sam'), ('nearmiss-user'), ('nearmiss-reader')) v(u);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, asn, country) VALUES
    ('na-tom-x', TIMESTAMP '2026-03-15 02:00:00', 'tom@contoso.com', '203.0.113.130', 0, 9009, 'RO'),
    ('na-sam-x', TIMESTAMP '2026-03-15 03:00:00', 'sam@contoso.com', '203.0.113.131', 0, 16276, 'FR'),
    ('na-user-x', TIMESTAMP '2026-03-15 02:00:00', 'nearmiss-user@contoso.com', '198.51.100.131', 0, 9009, 'RO'),
    ('na-reader-x', TIMESTAMP '2026-03-15 02:00:00', 'nearmiss-reader@contoso.com', '198.51.100.132', 0, 9009, 'RO');
INSERT INTO fx_signins BY NAME
SELECT 'na-ann-' || i AS id, TIMESTAMP '2026-03-12 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    'ann@contoso.com' AS user_principal_name, '203.0.113.150' AS ip_address, 0 AS error_code, 2856 AS asn
FROM range(3) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, asn, country) VALUES
    ('na-ann-x', TIMESTAMP '2026-03-15 04:00:00', 'ann@contoso.com', '203.0.113.151', 0, 20473, 'US');
