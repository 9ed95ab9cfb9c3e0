-- Fires: mallory updates "Require MFA for admins" (medium) and deletes "Block legacy auth" (high).
-- Near-miss: nearmiss-admin updates a named location and an authorization policy (not Conditional Access);
--   a failed policy update.
INSERT INTO fx_directory_audits (id, activity_at, activity, result, actor_upn, actor_ip, target_name, target_type) VALUES
    ('ca-1', TIMESTAMP '2026-03-10 18:00:00', 'Update conditional access policy', 'success', 'mallory@contoso.com', '203.0.113.200', 'Require MFA for admins', 'Policy'),
    ('ca-2', TIMESTAMP '2026-03-10 18:05:00', 'Delete conditional access policy', 'success', 'mallory@contoso.com', '203.0.113.200', 'Block legacy auth', 'Policy'),
    ('ca-3', TIMESTAMP '2026-03-10 19:00:00', 'Update named location', 'success', 'nearmiss-admin@contoso.com', '198.51.100.200', 'Offices', 'Policy'),
    ('ca-4', TIMESTAMP '2026-03-10 19:05:00', 'Update authorization policy', 'success', 'nearmiss-admin@contoso.com', '198.51.100.200', 'Authorization Policy', 'Policy'),
    ('ca-5', TIMESTAMP '2026-03-10 19:10:00', 'Update conditional access policy', 'failure', 'nearmiss-admin@contoso.com', '198.51.100.200', 'Require MFA', 'Policy');
