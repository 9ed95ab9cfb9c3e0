-- Fires: mallory adds a client secret to the application HR Sync Connector and its service principal,
--   which has signed in hourly from one Azure address for two weeks, signs in with that very key from
--   M247 in Romania (high); an app adds a certificate to the Billing API service principal, which then
--   signs in with a client assertion (no key id in the log) from AWS (high); New Connector, two days
--   old, gets a secret and uses it from a new network (low: the baseline is short).
-- Near-miss: the owner of nearmiss-rotation adds a secret that its service principal uses from its usual
--   network; nearmiss-oldkey's service principal signs in from a new network with its old key after a new
--   one is added; nearmiss-nohistory had no sign-ins before its secret; nearmiss-late's new network comes
--   after the window; nearmiss-removal's secret is removed, not added.
INSERT INTO fx_signins BY NAME
SELECT 'sct-' || sp || '-' || i AS id, TIMESTAMP '2026-03-01 00:10:00' + i * INTERVAL 1 HOUR AS created_at,
    'service_principal' AS category, sp || '-sp' AS service_principal_id, name AS service_principal_name,
    sp || '-appid' AS app_id, ip AS ip_address, 'US' AS country, 8075 AS asn, 0 AS error_code,
    cred AS client_credential_type, oldkey AS service_principal_credential_key_id
FROM range(14 * 24) t(i),
    (VALUES ('hr', 'HR Sync Connector', '20.51.6.17', 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000001'),
            ('billing', 'Billing API', '20.51.6.19', 'clientAssertion', NULL),
            ('nmrot', 'nearmiss-rotation', '198.51.100.20', 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000011'),
            ('nmold', 'nearmiss-oldkey', '198.51.100.21', 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000021'),
            ('nmlate', 'nearmiss-late', '198.51.100.22', 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000031')) v(sp, name, ip, cred, oldkey);
INSERT INTO fx_signins (id, created_at, category, service_principal_id, service_principal_name, app_id, ip_address, country, asn, error_code, client_credential_type, service_principal_credential_key_id) VALUES
    ('sct-hr-x1', TIMESTAMP '2026-03-15 04:20:00', 'service_principal', 'hr-sp', 'HR Sync Connector', 'hr-appid', '146.70.12.34', 'RO', 9009, 0, 'clientSecret', 'AAAAAAAA-0000-4000-8000-000000000002'),
    ('sct-hr-x2', TIMESTAMP '2026-03-15 05:20:00', 'service_principal', 'hr-sp', 'HR Sync Connector', 'hr-appid', '146.70.12.34', 'RO', 9009, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000002'),
    ('sct-billing-x1', TIMESTAMP '2026-03-15 11:00:00', 'service_principal', 'billing-sp', 'Billing API', 'billing-appid', '3.208.10.20', 'US', 16509, 0, 'clientAssertion', NULL),
    ('sct-new-1', TIMESTAMP '2026-03-13 09:00:00', 'service_principal', 'new-sp', 'New Connector', 'new-appid', '20.51.6.41', 'US', 8075, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000041'),
    ('sct-new-2', TIMESTAMP '2026-03-14 09:00:00', 'service_principal', 'new-sp', 'New Connector', 'new-appid', '20.51.6.41', 'US', 8075, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000041'),
    ('sct-new-3', TIMESTAMP '2026-03-15 12:00:00', 'service_principal', 'new-sp', 'New Connector', 'new-appid', '167.99.1.2', 'US', 14061, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000042'),
    ('sct-nmrot-x', TIMESTAMP '2026-03-15 11:10:00', 'service_principal', 'nmrot-sp', 'nearmiss-rotation', 'nmrot-appid', '198.51.100.20', 'US', 8075, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000012'),
    ('sct-nmold-x', TIMESTAMP '2026-03-15 11:10:00', 'service_principal', 'nmold-sp', 'nearmiss-oldkey', 'nmold-appid', '198.51.100.121', 'NL', 60781, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000021'),
    ('sct-nmhist-x', TIMESTAMP '2026-03-15 11:10:00', 'service_principal', 'nmhist-sp', 'nearmiss-nohistory', 'nmhist-appid', '198.51.100.122', 'NL', 60781, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000051'),
    ('sct-nmlate-x', TIMESTAMP '2026-03-25 11:10:00', 'service_principal', 'nmlate-sp', 'nearmiss-late', 'nmlate-appid', '198.51.100.123', 'NL', 60781, 0, 'clientSecret', 'aaaaaaaa-0000-4000-8000-000000000032');
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_id, target_name, target_type, target_resources, additional_details) VALUES
    ('sct-a-hr', TIMESTAMP '2026-03-15 04:02:00', 'Update application – Certificates and secrets management', 'mallory@contoso.com', NULL, '146.70.12.30', 'hr-app-object', 'HR Sync Connector', 'Application',
     '[{"id":"hr-app-object","displayname":"HR Sync Connector","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000001,KeyType=Password,KeyUsage=Verify,DisplayName=hr-sync-2025]\"]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000001,KeyType=Password,KeyUsage=Verify,DisplayName=hr-sync-2025]\",\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000002,KeyType=Password,KeyUsage=Verify,DisplayName=backup]\"]"}]}]',
     '[{"key":"User-Agent","value":"Mozilla/5.0"},{"key":"AppId","value":"hr-appid"}]'),
    ('sct-a-billing', TIMESTAMP '2026-03-15 10:40:00', 'Add service principal credentials', NULL, 'Automation Runner', NULL, 'billing-sp', 'Billing API', 'ServicePrincipal',
     '[{"id":"billing-sp","displayname":"Billing API","type":"ServicePrincipal","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[]","newvalue":"[\"[KeyIdentifier=bbbbbbbb-0000-4000-8000-000000000003,KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=billing]\"]"}]}]', NULL),
    ('sct-a-new', TIMESTAMP '2026-03-15 11:30:00', 'Update application – Certificates and secrets management', 'dev@contoso.com', NULL, '20.1.2.3', 'new-app-object', 'New Connector', 'Application',
     '[{"id":"new-app-object","displayname":"New Connector","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000042,KeyType=Password,KeyUsage=Verify,DisplayName=second]\"]"}]}]', NULL),
    ('sct-a-nmrot', TIMESTAMP '2026-03-15 11:00:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', NULL, '198.51.100.5', 'nmrot-app-object', 'nearmiss-rotation', 'Application',
     '[{"id":"nmrot-app-object","displayname":"nearmiss-rotation","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000011,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000011,KeyType=Password]\",\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000012,KeyType=Password]\"]"}]}]', NULL),
    ('sct-a-nmold', TIMESTAMP '2026-03-15 11:00:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', NULL, '198.51.100.5', 'nmold-app-object', 'nearmiss-oldkey', 'Application',
     '[{"id":"nmold-app-object","displayname":"nearmiss-oldkey","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000021,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000021,KeyType=Password]\",\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000022,KeyType=Password]\"]"}]}]', NULL),
    ('sct-a-nmhist', TIMESTAMP '2026-03-15 11:00:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', NULL, '198.51.100.5', 'nmhist-app-object', 'nearmiss-nohistory', 'Application',
     '[{"id":"nmhist-app-object","displayname":"nearmiss-nohistory","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000051,KeyType=Password]\"]"}]}]', NULL),
    ('sct-a-nmlate', TIMESTAMP '2026-03-15 11:00:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', NULL, '198.51.100.5', 'nmlate-app-object', 'nearmiss-late', 'Application',
     '[{"id":"nmlate-app-object","displayname":"nearmiss-late","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000031,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000031,KeyType=Password]\",\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000032,KeyType=Password]\"]"}]}]', NULL),
    ('sct-a-nmrem', TIMESTAMP '2026-03-15 11:00:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', NULL, '198.51.100.5', 'nmold-app-object', 'nearmiss-oldkey', 'Application',
     '[{"id":"nmold-app-object","displayname":"nearmiss-oldkey","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000021,KeyType=Password]\",\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000022,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=aaaaaaaa-0000-4000-8000-000000000022,KeyType=Password]\"]"}]}]', NULL);
