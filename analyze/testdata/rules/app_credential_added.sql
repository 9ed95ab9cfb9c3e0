-- Fires: mallory adds a client secret to the app "Payroll Sync" (one key becomes two); an app adds
--   service principal credentials.
-- Near-miss: nearmiss-admin removes a secret (two keys become one) and renames an app.
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_name, target_type, target_resources) VALUES
    ('aca-1', TIMESTAMP '2026-03-10 11:30:00', 'Update application – Certificates and secrets management', 'mallory@contoso.com', NULL, '203.0.113.170', 'Payroll Sync', 'Application',
     '[{"displayname":"Payroll Sync","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=aaaa,KeyType=Password,KeyUsage=Verify,DisplayName=old]\"]","newvalue":"[\"[KeyIdentifier=aaaa,KeyType=Password,KeyUsage=Verify,DisplayName=old]\",\"[KeyIdentifier=bbbb,KeyType=Password,KeyUsage=Verify,DisplayName=backup]\"]"},{"displayname":"Included Updated Properties","oldvalue":null,"newvalue":"\"KeyDescription\""}]}]'),
    ('aca-2', TIMESTAMP '2026-03-10 12:30:00', 'Add service principal credentials', NULL, 'Automation Runner', NULL, 'Reporting API', 'ServicePrincipal',
     '[{"displayname":"Reporting API","type":"ServicePrincipal","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[]","newvalue":"[\"[KeyIdentifier=cccc,KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=x]\"]"}]}]'),
    ('aca-3', TIMESTAMP '2026-03-10 13:30:00', 'Update application – Certificates and secrets management', 'nearmiss-admin@contoso.com', NULL, '198.51.100.170', 'HR Portal', 'Application',
     '[{"displayname":"HR Portal","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=dddd,KeyType=Password,KeyUsage=Verify,DisplayName=a]\",\"[KeyIdentifier=eeee,KeyType=Password,KeyUsage=Verify,DisplayName=b]\"]","newvalue":"[\"[KeyIdentifier=dddd,KeyType=Password,KeyUsage=Verify,DisplayName=a]\"]"}]}]'),
    ('aca-4', TIMESTAMP '2026-03-10 14:30:00', 'Update application', 'nearmiss-admin@contoso.com', NULL, '198.51.100.170', 'HR Portal', 'Application',
     '[{"displayname":"HR Portal","type":"Application","modifiedproperties":[{"displayname":"DisplayName","oldvalue":"[\"HR\"]","newvalue":"[\"HR Portal\"]"}]}]');
-- Fires low: owner, who rotated the Intranet Sync secret a week before and signs in from the office every
--   afternoon, adds its next secret from the office at 14:30 (routine rotation).
INSERT INTO fx_signins BY NAME
SELECT 'aca-owner-' || i AS id, TIMESTAMP '2026-03-01 14:00:00' + i * INTERVAL 1 DAY AS created_at,
    'owner@contoso.com' AS user_principal_name, '4.30.125.20' AS ip_address, 0 AS error_code
FROM range(14) t(i);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_id, target_name, target_type, target_resources) VALUES
    ('aca-5', TIMESTAMP '2026-03-07 14:10:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', '4.30.125.20', 'intra-obj', 'Intranet Sync', 'Application',
     '[{"id":"intra-obj","displayname":"Intranet Sync","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=ffff,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=ffff,KeyType=Password]\",\"[KeyIdentifier=gggg,KeyType=Password]\"]"}]}]'),
    ('aca-6', TIMESTAMP '2026-03-14 14:30:00', 'Update application – Certificates and secrets management', 'owner@contoso.com', '4.30.125.20', 'intra-obj', 'Intranet Sync', 'Application',
     '[{"id":"intra-obj","displayname":"Intranet Sync","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=gggg,KeyType=Password]\"]","newvalue":"[\"[KeyIdentifier=gggg,KeyType=Password]\",\"[KeyIdentifier=hhhh,KeyType=Password]\"]"}]}]');
