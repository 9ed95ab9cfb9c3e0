-- Fires: mallory updates "Require MFA for admins" (medium) and deletes "Block legacy auth" (high).
-- Near-miss: nearmiss-admin updates a named location and an authorization policy (not Conditional Access);
--   a failed policy update.
INSERT INTO fx_directory_audits (id, activity_at, activity, result, actor_upn, actor_ip, target_name, target_type) VALUES
    ('ca-1', TIMESTAMP '2026-03-10 18:00:00', 'Update conditional access policy', 'success', 'mallory@contoso.com', '203.0.113.200', 'Require MFA for admins', 'Policy'),
    ('ca-2', TIMESTAMP '2026-03-10 18:05:00', 'Delete conditional access policy', 'success', 'mallory@contoso.com', '203.0.113.200', 'Block legacy auth', 'Policy'),
    ('ca-3', TIMESTAMP '2026-03-10 19:00:00', 'Update named location', 'success', 'nearmiss-admin@contoso.com', '198.51.100.200', 'Offices', 'Policy'),
    ('ca-4', TIMESTAMP '2026-03-10 19:05:00', 'Update authorization policy', 'success', 'nearmiss-admin@contoso.com', '198.51.100.200', 'Authorization Policy', 'Policy'),
    ('ca-5', TIMESTAMP '2026-03-10 19:10:00', 'Update conditional access policy', 'failure', 'nearmiss-admin@contoso.com', '198.51.100.200', 'Require MFA', 'Policy');
-- Fires lower: caadmin, who tunes Conditional Access every week from the office in the afternoon, updates
--   a policy (low) and deletes an old one (medium) from the office at 14:30.
INSERT INTO fx_signins BY NAME
SELECT 'ca-s-' || i AS id, TIMESTAMP '2026-03-01 14:00:00' + i * INTERVAL 1 DAY AS created_at,
    'caadmin@contoso.com' AS user_principal_name, '4.30.125.20' AS ip_address, 0 AS error_code
FROM range(14) t(i);
INSERT INTO fx_directory_audits (id, activity_at, activity, result, actor_upn, actor_ip, target_name, target_type) VALUES
    ('ca-11', TIMESTAMP '2026-03-04 14:10:00', 'Update conditional access policy', 'success', 'caadmin@contoso.com', '4.30.125.20', 'Require compliant device', 'Policy'),
    ('ca-12', TIMESTAMP '2026-03-12 14:30:00', 'Update conditional access policy', 'success', 'caadmin@contoso.com', '4.30.125.20', 'Require compliant device', 'Policy'),
    ('ca-13', TIMESTAMP '2026-03-12 14:35:00', 'Delete conditional access policy', 'success', 'caadmin@contoso.com', '4.30.125.20', 'Pilot: old MFA policy', 'Policy');
