-- Fires: mallory, signing in from the office in the afternoons, grants HR Sync Connector the Microsoft Graph
--   application permission RoleManagement.ReadWrite.Directory at 04:00 from a hosting address (high), grants
--   Mail Sync Pro Mail.ReadWrite (medium), and makes svc-backup an owner of HR Sync Connector, which now holds
--   that permission (high); dev makes a colleague an owner of the existing app Team Wiki Bot (medium);
--   appadmin, who grants app roles every week from the office in working hours, grants Intranet Sync
--   Sites.ReadWrite.All (low: routine).
-- Near-miss: nearmiss-reader is granted User.Read.All (neither list); nearmiss-newapp's creator becomes its
--   owner when the app is created; a delegated grant to nearmiss-delegated (consent_grant_risky's).
INSERT INTO fx_signins BY NAME
SELECT 'apg-' || u || '-' || i AS id, TIMESTAMP '2026-03-01 14:00:00' + i * INTERVAL 1 DAY AS created_at,
    u || '@contoso.com' AS user_principal_name, '4.30.125.20' AS ip_address, 3356 AS asn, 0 AS error_code
FROM range(14) t(i), (VALUES ('mallory'), ('appadmin'), ('dev')) v(u);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, correlation_id, target_id, target_name, target_type, target_upn, target_resources) VALUES
    ('apg-1', TIMESTAMP '2026-03-15 04:00:00', 'Add app role assignment to service principal', 'mallory@contoso.com', '146.70.12.30', 'c-1', 'graph-sp', 'Microsoft Graph', 'ServicePrincipal', NULL,
     '[{"id":"graph-sp","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Id","newvalue":"\"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8\""},{"displayname":"AppRole.Value","newvalue":"\"RoleManagement.ReadWrite.Directory\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"hr-sp\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"HR Sync Connector\""},{"displayname":"ServicePrincipal.AppId","newvalue":"\"hr-appid\""}]}]'),
    ('apg-2', TIMESTAMP '2026-03-15 04:05:00', 'Add app role assignment to service principal', 'mallory@contoso.com', '146.70.12.30', 'c-2', 'graph-sp', 'Microsoft Graph', 'ServicePrincipal', NULL,
     '[{"id":"graph-sp","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Value","newvalue":"\"Mail.ReadWrite\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"msp-sp\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"Mail Sync Pro\""}]}]'),
    ('apg-3', TIMESTAMP '2026-03-15 04:10:00', 'Add owner to application', 'mallory@contoso.com', '146.70.12.30', 'c-3', 'svc-id', NULL, 'User', 'svc-backup@contoso.com',
     '[{"id":"svc-id","type":"User","userprincipalname":"svc-backup@contoso.com","modifiedproperties":[{"displayname":"Application.ObjectID","newvalue":"\"hr-app-object\""},{"displayname":"Application.DisplayName","newvalue":"\"HR Sync Connector\""}]},{"id":"hr-app-object","displayname":"HR Sync Connector","type":"Application","modifiedproperties":[]}]'),
    ('apg-4', TIMESTAMP '2026-03-15 14:30:00', 'Add owner to application', 'dev@contoso.com', '4.30.125.20', 'c-4', 'col-id', NULL, 'User', 'colleague@contoso.com',
     '[{"id":"col-id","type":"User","userprincipalname":"colleague@contoso.com","modifiedproperties":[]},{"id":"wiki-app-object","displayname":"Team Wiki Bot","type":"Application","modifiedproperties":[]}]'),
    ('apg-5a', TIMESTAMP '2026-03-08 14:20:00', 'Add app role assignment to service principal', 'appadmin@contoso.com', '4.30.125.20', 'c-5a', 'graph-sp', 'Microsoft Graph', 'ServicePrincipal', NULL,
     '[{"id":"graph-sp","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Value","newvalue":"\"User.Read.All\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"intra-sp\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"Intranet Sync\""}]}]'),
    ('apg-5', TIMESTAMP '2026-03-15 14:20:00', 'Add app role assignment to service principal', 'appadmin@contoso.com', '4.30.125.20', 'c-5', 'graph-sp', 'Microsoft Graph', 'ServicePrincipal', NULL,
     '[{"id":"graph-sp","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Value","newvalue":"\"Sites.ReadWrite.All\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"intra-sp\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"Intranet Sync\""}]}]'),
    ('apg-6', TIMESTAMP '2026-03-15 14:40:00', 'Add app role assignment to service principal', 'dev@contoso.com', '198.51.100.70', 'c-6', 'graph-sp', 'Microsoft Graph', 'ServicePrincipal', NULL,
     '[{"id":"graph-sp","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"AppRole.Value","newvalue":"\"User.Read.All\""},{"displayname":"ServicePrincipal.ObjectID","newvalue":"\"nm-sp\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"nearmiss-reader\""}]}]'),
    ('apg-7a', TIMESTAMP '2026-03-15 15:00:00', 'Add application', 'dev@contoso.com', '198.51.100.71', 'c-7', 'nm-app-object', 'nearmiss-newapp', 'Application', NULL,
     '[{"id":"nm-app-object","displayname":"nearmiss-newapp","type":"Application","modifiedproperties":[]}]'),
    ('apg-7', TIMESTAMP '2026-03-15 15:00:01', 'Add owner to application', 'dev@contoso.com', '198.51.100.71', 'c-7', 'dev-id', NULL, 'User', 'dev@contoso.com',
     '[{"id":"dev-id","type":"User","userprincipalname":"dev@contoso.com","modifiedproperties":[]},{"id":"nm-app-object","displayname":"nearmiss-newapp","type":"Application","modifiedproperties":[]}]'),
    ('apg-8', TIMESTAMP '2026-03-15 15:10:00', 'Add delegated permission grant', 'dev@contoso.com', '198.51.100.72', 'c-8', 'graph-sp', 'Microsoft Graph', 'ServicePrincipal', NULL,
     '[{"id":"graph-sp","displayname":"Microsoft Graph","type":"ServicePrincipal","modifiedproperties":[{"displayname":"DelegatedPermissionGrant.Scope","newvalue":"\"Mail.ReadWrite\""},{"displayname":"ServicePrincipal.DisplayName","newvalue":"\"nearmiss-delegated\""}]}]');
