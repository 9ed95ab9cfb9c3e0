-- Fires: bella consents to "Mail Helper" for Mail.Read, Mail.Send and offline_access (the consent and its
--   delegated grant share a correlation id: one detection); an admin gives tenant-wide consent to
--   "Tenant Tool" for Directory.ReadWrite.All (high).
-- Near-miss: nearmiss-user consents to an app for openid, profile, User.Read and offline_access.
INSERT INTO fx_directory_audits (id, activity_at, activity, correlation_id, actor_upn, actor_ip, target_name, target_type, target_resources) VALUES
    ('cg-1', TIMESTAMP '2026-03-10 15:00:00', 'Consent to application', 'corr-1', 'bella@contoso.com', '203.0.113.180', 'Mail Helper', 'ServicePrincipal',
     '[{"displayname":"Mail Helper","type":"ServicePrincipal","modifiedproperties":[{"displayname":"ConsentContext.IsAdminConsent","oldvalue":null,"newvalue":"\"False\""},{"displayname":"ConsentAction.Permissions","oldvalue":null,"newvalue":"\"[] => [[Id: x, ClientId: y, PrincipalId: z, ResourceId: r, ConsentType: Principal, Scope:  Mail.Read Mail.Send offline_access User.Read, CreatedDateTime: , LastModifiedDateTime ]]; \""}]}]'),
    ('cg-2', TIMESTAMP '2026-03-10 15:00:01', 'Add delegated permission grant', 'corr-1', 'bella@contoso.com', '203.0.113.180', 'Microsoft Graph', 'ServicePrincipal',
     '[{"displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"DelegatedPermissionGrant.Scope","oldvalue":null,"newvalue":"\"Mail.Read Mail.Send offline_access User.Read\""}]}]'),
    ('cg-3', TIMESTAMP '2026-03-11 09:00:00', 'Consent to application', 'corr-2', 'carl@contoso.com', '203.0.113.181', 'Tenant Tool', 'ServicePrincipal',
     '[{"displayname":"Tenant Tool","type":"ServicePrincipal","modifiedproperties":[{"displayname":"ConsentContext.IsAdminConsent","oldvalue":null,"newvalue":"\"True\""},{"displayname":"ConsentAction.Permissions","oldvalue":null,"newvalue":"\"[] => [[Scope: Directory.ReadWrite.All User.Read]]\""}]}]'),
    ('cg-4', TIMESTAMP '2026-03-11 10:00:00', 'Consent to application', 'corr-3', 'nearmiss-user@contoso.com', '198.51.100.180', 'Zoom', 'ServicePrincipal',
     '[{"displayname":"Zoom","type":"ServicePrincipal","modifiedproperties":[{"displayname":"ConsentAction.Permissions","oldvalue":null,"newvalue":"\"[] => [[Scope: openid profile User.Read offline_access]]\""}]}]');
