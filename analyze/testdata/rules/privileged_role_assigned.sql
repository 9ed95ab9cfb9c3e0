-- Fires: mallory gives eve Global Administrator; a PIM request makes trent an eligible Privileged Role
--   Administrator (the role as the target resource).
-- Near-miss: admin gives nearmiss-helper the Reports Reader role (routine, not privileged); nearmiss-pim
--   activates an eligible Global Administrator assignment (PIM activation); a failed assignment to
--   nearmiss-failed.
INSERT INTO fx_directory_audits (id, activity_at, activity, result, actor_upn, actor_ip, target_upn, target_name, target_type, target_resources) VALUES
    ('pra-1', TIMESTAMP '2026-03-10 11:00:00', 'Add member to role', 'success', 'mallory@contoso.com', '203.0.113.160', 'eve@contoso.com', NULL, 'User',
     '[{"displayname":null,"type":"User","userprincipalname":"eve@contoso.com","modifiedproperties":[{"displayname":"Role.ObjectID","oldvalue":null,"newvalue":"\"9a1b\""},{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Global Administrator\""}]}]'),
    ('pra-2', TIMESTAMP '2026-03-10 12:00:00', 'Add eligible member to role in PIM completed (permanent)', 'success', 'mallory@contoso.com', '203.0.113.160', NULL, 'Privileged Role Administrator', 'Role',
     '[{"displayname":"Privileged Role Administrator","type":"Role","modifiedproperties":[]},{"displayname":"Trent","type":"User","userprincipalname":"trent@contoso.com","modifiedproperties":[]}]'),
    ('pra-3', TIMESTAMP '2026-03-10 13:00:00', 'Add member to role', 'success', 'admin@contoso.com', '198.51.100.160', 'nearmiss-helper@contoso.com', NULL, 'User',
     '[{"displayname":null,"type":"User","userprincipalname":"nearmiss-helper@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Reports Reader\""}]}]'),
    ('pra-4', TIMESTAMP '2026-03-10 14:00:00', 'Add member to role completed (PIM activation)', 'success', 'nearmiss-pim@contoso.com', '198.51.100.161', NULL, 'Global Administrator', 'Role',
     '[{"displayname":"Global Administrator","type":"Role","modifiedproperties":[]}]'),
    ('pra-5', TIMESTAMP '2026-03-10 15:00:00', 'Add member to role', 'failure', 'admin@contoso.com', '198.51.100.160', 'nearmiss-failed@contoso.com', NULL, 'User',
     '[{"displayname":null,"type":"User","userprincipalname":"nearmiss-failed@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Global Administrator\""}]}]');
-- Fires low: roleadmin, who assigns roles every week from the office in the afternoon, makes pat an
--   Exchange Administrator from the office at 14:20 (routine).
INSERT INTO fx_signins BY NAME
SELECT 'pra-s-' || i AS id, TIMESTAMP '2026-03-01 14:00:00' + i * INTERVAL 1 DAY AS created_at,
    'roleadmin@contoso.com' AS user_principal_name, '4.30.125.20' AS ip_address, 0 AS error_code
FROM range(14) t(i);
INSERT INTO fx_directory_audits (id, activity_at, activity, result, actor_upn, actor_ip, target_upn, target_name, target_type, target_resources) VALUES
    ('pra-6', TIMESTAMP '2026-03-05 14:10:00', 'Add member to role', 'success', 'roleadmin@contoso.com', '4.30.125.20', 'sam@contoso.com', NULL, 'User',
     '[{"type":"User","userprincipalname":"sam@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","newvalue":"\"Reports Reader\""}]}]'),
    ('pra-7', TIMESTAMP '2026-03-12 14:20:00', 'Add member to role', 'success', 'roleadmin@contoso.com', '4.30.125.20', 'pat@contoso.com', NULL, 'User',
     '[{"type":"User","userprincipalname":"pat@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","newvalue":"\"Exchange Administrator\""}]}]');
