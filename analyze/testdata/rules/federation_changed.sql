-- Fires: mallory sets federation settings on contoso.com, and switches fabrikam.com to federated.
-- Near-miss: nearmiss-admin verifies a new domain and updates another's capabilities.
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_name, target_type, target_resources) VALUES
    ('fc-1', TIMESTAMP '2026-03-10 16:00:00', 'Set federation settings on domain', 'mallory@contoso.com', '203.0.113.190', 'contoso.com', 'Domain',
     '[{"displayname":"contoso.com","type":"Domain","modifiedproperties":[{"displayname":"IssuerUri","oldvalue":null,"newvalue":"\"http://any.sts/16B45E3B\""}]}]'),
    ('fc-2', TIMESTAMP '2026-03-10 16:05:00', 'Update domain', 'mallory@contoso.com', '203.0.113.190', 'fabrikam.com', 'Domain',
     '[{"displayname":"fabrikam.com","type":"Domain","modifiedproperties":[{"displayname":"LiveType","oldvalue":"\"Managed\"","newvalue":"\"Federated\""}]}]'),
    ('fc-3', TIMESTAMP '2026-03-10 17:00:00', 'Verify domain', 'nearmiss-admin@contoso.com', '198.51.100.190', 'new.contoso.com', 'Domain', '[]'),
    ('fc-4', TIMESTAMP '2026-03-10 17:05:00', 'Update domain', 'nearmiss-admin@contoso.com', '198.51.100.190', 'contoso.com', 'Domain',
     '[{"displayname":"contoso.com","type":"Domain","modifiedproperties":[{"displayname":"Capabilities","oldvalue":"\"Email\"","newvalue":"\"Email, OfficeCommunicationsOnline\""}]}]');
-- Fires medium: idadmin, who manages federation from the office in the afternoon and set up contoso.net's
--   federation the week before, updates its settings from the office at 14:30 (routine).
INSERT INTO fx_signins BY NAME
SELECT 'fc-s-' || i AS id, TIMESTAMP '2026-03-01 14:00:00' + i * INTERVAL 1 DAY AS created_at,
    'idadmin@contoso.com' AS user_principal_name, '4.30.125.20' AS ip_address, 0 AS error_code
FROM range(14) t(i);
INSERT INTO fx_directory_audits (id, activity_at, activity, actor_upn, actor_ip, target_name, target_type, target_resources) VALUES
    ('fc-11', TIMESTAMP '2026-03-04 14:10:00', 'Set domain authentication', 'idadmin@contoso.com', '4.30.125.20', 'contoso.net', 'Domain', '[]'),
    ('fc-12', TIMESTAMP '2026-03-12 14:30:00', 'Set federation settings on domain', 'idadmin@contoso.com', '4.30.125.20', 'contoso.net', 'Domain', '[]');
