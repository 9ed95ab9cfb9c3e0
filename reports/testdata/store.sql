-- A small tenant (contoso.com) after ingest and analyze, for the report tests.
-- The story, 2026-03-01 to 2026-03-07 (UTC):
--   alice    a full compromise chain: a password spray from 185.220.101.34, a successful sign-in from
--            there (impossible travel from Seattle), an MFA method registered, an inbox rule forwarding
--            outside, Global Administrator granted to svc-backup, a secret added to an app, a mailbox
--            delegate; the analyst confirmed her compromised.
--   frank    device code phishing, then a risky consent grant: high, at risk.
--   mallory  a user name an attacker typed: hostile text everywhere; brute force, one success.
--   carol    a sign-in from a new country: medium.
--   dave     MFA fatigue: medium.
--   svc-backup  given Global Administrator by alice: medium (changed_by).
--   bob      IMAP (legacy authentication) only: low.
--   eve      a target of the spray, nothing succeeded: low.
--   grace    dismissed by the analyst; henry remediated: not flagged.
-- Hostile strings stand in user agents, app names, locations, evidence, rule names and details.

-- Ordinary sign-ins: ten users, twice a day from Seattle.
INSERT INTO signins (id, created_at, category, user_principal_name, user_id, user_display_name, user_type,
    app_display_name, ip_address, city, "state", country, latitude, longitude, error_code, client_app, user_agent,
    source_format, source_file, ingested_at, load_id)
SELECT printf('00000000-0000-4000-8000-%012d', i), TIMESTAMP '2026-03-01 08:00:00' + INTERVAL (i * 337) MINUTE,
    'interactive',
    u.upn, printf('11111111-0000-4000-8000-%012d', u.n), u.name, 'member',
    'Office 365 Exchange Online', printf('131.107.0.%d', 10 + u.n), 'Seattle', 'Washington', 'US', 47.61, -122.33,
    CASE WHEN i % 9 = 0 THEN 50126 ELSE 0 END, 'Browser',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
    'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1
FROM range(0, 28) r(i)
JOIN (VALUES (0, 'alice@contoso.com', 'Alice Archer'), (1, 'bob@contoso.com', 'Bob Baker'), (2, 'carol@contoso.com', 'Carol Chen'),
    (3, 'dave@contoso.com', 'Dave Diaz'), (4, 'eve@contoso.com', 'Eve Evans'), (5, 'frank@contoso.com', 'Frank Fox'),
    (6, 'grace@contoso.com', 'Grace Green'), (7, 'henry@contoso.com', 'Henry Hill'), (8, 'ivan@contoso.com', 'Ivan Ito'),
    (9, 'judy@contoso.com', 'Judy Jones')) u(n, upn, name) ON u.n = i % 10;

-- A guest: not a member, so not the tenant's domain.
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, app_display_name, ip_address, country, error_code,
    client_app, source_format, source_file, ingested_at, load_id) VALUES
('guest-0001', TIMESTAMP '2026-03-02 09:00:00', 'interactive', 'partner_fabrikam.com#ext#@contoso.onmicrosoft.com', 'guest',
    'Microsoft Teams', '20.190.128.5', 'IE', 0, 'Browser', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1);

-- The attack.
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, app_display_name, ip_address,
    city, "state", country, error_code, failure_reason, client_app, user_agent, source_format, source_file, ingested_at, load_id) VALUES
-- the spray: alice and eve among those tried
('a0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-03 02:10:05.123', 'interactive',
    'alice@contoso.com', 'member', 'Azure Portal', '185.220.101.34', 'Amsterdam', 'North Holland', 'NL', 50126,
    'Invalid username or password.', 'Browser', 'python-requests/2.31', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('a0000001-0000-4000-8000-000000000002', TIMESTAMP '2026-03-03 02:10:06', 'interactive',
    'eve@contoso.com', 'member', 'Azure Portal', '185.220.101.34', 'Amsterdam', 'North Holland', 'NL', 50126,
    'Invalid username or password.', 'Browser', 'python-requests/2.31', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
-- alice: the password worked
('a0000001-0000-4000-8000-000000000003', TIMESTAMP '2026-03-03 02:41:17', 'interactive',
    'alice@contoso.com', 'member', 'OfficeHome', '185.220.101.34', 'Amsterdam', 'North Holland', 'NL', 0,
    NULL, 'Browser', 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
-- frank: device code phishing
('f0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-04 14:22:09', 'interactive',
    'frank@contoso.com', 'member', 'Microsoft Office', '45.153.160.2', 'Moscow', NULL, 'RU', 0,
    NULL, 'Mobile Apps and Desktop clients', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
-- mallory: hostile text in every attacker-controlled field
('m0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-05 03:00:00', 'interactive',
    'mallory''; start-process calc; ''@contoso.com', 'member', '+cmd|'' /C calc''!A0', '198.51.100.7', '-1+2', '@SUM(1)', 'US', 0,
    NULL, 'Browser', '=HYPERLINK("http://evil")', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
-- carol: a new country
('c0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-06 12:00:00', 'interactive',
    'carol@contoso.com', 'member', 'Office 365 Exchange Online', '177.71.207.9', 'São Paulo', 'São Paulo', 'BR', 0,
    NULL, 'Browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
-- dave: MFA denied again and again
('d0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-04 22:01:00', 'interactive',
    'dave@contoso.com', 'member', 'OfficeHome', '91.132.147.20', 'Frankfurt', 'Hesse', 'DE', 500121,
    'Authentication failed during strong authentication request.', 'Browser', 'Mozilla/5.0', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
-- bob: IMAP
('b0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-02 06:30:00', 'interactive',
    'bob@contoso.com', 'member', 'Office 365 Exchange Online', '203.0.113.50', 'Portland', 'Oregon', 'US', 0,
    NULL, 'IMAP4', 'Thunderbird', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('b0000001-0000-4000-8000-000000000002', TIMESTAMP '2026-03-02 06:35:00', 'interactive',
    'bob@contoso.com', 'member', 'Office 365 Exchange Online', '203.0.113.50', 'Portland', 'Oregon', 'US', 0,
    NULL, 'IMAP4', E'\tThunderbird', 'graph_signins', '/exports/signins-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 1);

-- Directory changes by alice's attacker, and frank's consent.
INSERT INTO directory_audits (id, activity_at, category, activity, result, actor_upn, actor_user_id, actor_ip,
    target_id, target_name, target_type, target_upn, target_resources, source_format, source_file, ingested_at, load_id) VALUES
('Directory_8a1e-role', TIMESTAMP '2026-03-03 03:05:00', 'RoleManagement', 'Add member to role', 'success',
    'alice@contoso.com', '11111111-0000-4000-8000-000000000000', '185.220.101.34',
    '5b0e1c7a-3f61-4a8c-9a53-2f0d6f6b9a10', 'svc-backup', 'User', 'svc-backup@contoso.com',
    '[{"id":"5b0e1c7a-3f61-4a8c-9a53-2f0d6f6b9a10","displayname":null,"type":"User","userprincipalname":"svc-backup@contoso.com","modifiedproperties":[{"displayname":"Role.ObjectID","oldvalue":null,"newvalue":"\"0d6a47f2-6c18-4a3c-b3a4-5f5a1d9b0c11\""},{"displayname":"Role.DisplayName","oldvalue":null,"newvalue":"\"Global Administrator\""},{"displayname":"Role.TemplateId","oldvalue":null,"newvalue":"\"62e90394-69f5-4237-9190-012177145e10\""}]}]',
    'graph_directory_audits', '/exports/audits-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 2),
('Directory_8a1e-cred', TIMESTAMP '2026-03-03 03:12:00', 'ApplicationManagement', 'Update application – Certificates and secrets management', 'success',
    'alice@contoso.com', '11111111-0000-4000-8000-000000000000', '185.220.101.34',
    '7c9d2e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f', 'Payroll Sync', 'Application', NULL,
    '[{"id":"7c9d2e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f","displayname":"Payroll Sync","type":"Application","userprincipalname":null,"modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[\"[KeyIdentifier=11111111-2222-3333-4444-555555555555,KeyType=Password,KeyUsage=Verify,DisplayName=prod]\"]","newvalue":"[\"[KeyIdentifier=11111111-2222-3333-4444-555555555555,KeyType=Password,KeyUsage=Verify,DisplayName=prod]\",\"[KeyIdentifier=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a,KeyType=Password,KeyUsage=Verify,DisplayName=backup]\"]"}]}]',
    'graph_directory_audits', '/exports/audits-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 2),
('Directory_8a1e-mfa', TIMESTAMP '2026-03-03 02:50:00', 'UserManagement', 'User registered security info', 'success',
    'alice@contoso.com', '11111111-0000-4000-8000-000000000000', '185.220.101.34',
    '11111111-0000-4000-8000-000000000000', 'Alice Archer', 'User', 'alice@contoso.com', NULL,
    'graph_directory_audits', '/exports/audits-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 2),
('Directory_f7-consent', TIMESTAMP '2026-03-04 14:30:00', 'ApplicationManagement', 'Consent to application', 'success',
    'frank@contoso.com', '11111111-0000-4000-8000-000000000005', '45.153.160.2',
    'c3b2a190-8f7e-4d6c-b5a4-93827160f5e4', 'Mail Reader Pro', 'ServicePrincipal', NULL,
    '[{"id":"c3b2a190-8f7e-4d6c-b5a4-93827160f5e4","displayname":"Mail Reader Pro","type":"ServicePrincipal","modifiedproperties":[{"displayname":"ConsentAction.Permissions","oldvalue":null,"newvalue":"\"Mail.ReadWrite offline_access\""}]}]',
    'graph_directory_audits', '/exports/audits-2026-03.json', TIMESTAMP '2026-03-08 01:00:00', 2);

-- Mailbox changes (Unified Audit Log).
INSERT INTO unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, object_id,
    parameters, audit_data, source_format, source_file, ingested_at, load_id) VALUES
('ual-inbox-0001', TIMESTAMP '2026-03-03 02:58:00', 'ExchangeAdmin', 'New-InboxRule', 'Exchange', 'alice@contoso.com',
    '185.220.101.34', 'True', 'alice@contoso.com\''; Remove-Mailbox -Identity * ; ''',
    '[{"name":"Name","value":"''; Remove-Mailbox -Identity * ; ''"},{"name":"ForwardTo","value":"attacker@protonmail.com"},{"name":"MarkAsRead","value":"True"}]',
    '{"Id":"ual-inbox-0001"}', 'unified_audit_log', '/exports/ual.csv', TIMESTAMP '2026-03-08 01:00:00', 3),
('ual-deleg-0001', TIMESTAMP '2026-03-03 03:20:00', 'ExchangeAdmin', 'Add-MailboxPermission', 'Exchange', 'alice@contoso.com',
    '185.220.101.34', 'True', 'alice@contoso.com',
    '[{"name":"Identity","value":"alice@contoso.com"},{"name":"User","value":"svc-backup@contoso.com"},{"name":"AccessRights","value":"FullAccess"}]',
    '{"Id":"ual-deleg-0001"}', 'unified_audit_log', '/exports/ual.csv', TIMESTAMP '2026-03-08 01:00:00', 3),
('ual-read-0001', TIMESTAMP '2026-03-03 03:30:00', 'ExchangeItem', 'MailItemsAccessed', 'Exchange', 'alice@contoso.com',
    '185.220.101.34', 'Succeeded', NULL, NULL,
    '{"Id":"ual-read-0001"}', 'unified_audit_log', '/exports/ual.csv', TIMESTAMP '2026-03-08 01:00:00', 3);

-- What analyze found.
INSERT INTO detections (detection_id, rule_id, rule_name, severity, tactic, technique, user_principal_name, ip_address,
    first_seen, last_seen, event_count, state, evidence, source_table, analyzed_at) VALUES
('password_spray:185.220.101.34:2026-03-03', 'password_spray', 'Password spray', 'medium', 'Credential Access', 'T1110.003',
    NULL, '185.220.101.34', TIMESTAMP '2026-03-03 02:10:05', TIMESTAMP '2026-03-03 02:40:00', 212, 'atRisk',
    '212 failed sign-ins against 148 accounts from 185.220.101.34 in 30 minutes', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('password_spray:alice@contoso.com:2026-03-03', 'password_spray', 'Password spray', 'medium', 'Credential Access', 'T1110.003',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 02:10:05', TIMESTAMP '2026-03-03 02:10:05', 1, 'confirmedCompromised',
    'tried by the spray from 185.220.101.34', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('impossible_travel:alice@contoso.com:2026-03-03', 'impossible_travel', 'Impossible travel', 'high', 'Initial Access', 'T1078',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 02:41:17', TIMESTAMP '2026-03-03 02:41:17', 2, 'confirmedCompromised',
    'Seattle, US (131.107.0.10) at 00:14 then Amsterdam, NL (185.220.101.34) at 02:41: 7,800 km in 2 h 27 min', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('mfa_method_registered:alice@contoso.com:2026-03-03', 'mfa_method_registered', 'MFA method registered', 'medium', 'Persistence', 'T1098.005',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 02:50:00', TIMESTAMP '2026-03-03 02:50:00', 1, 'confirmedCompromised',
    'phone +31 6 1234 5678 registered from 185.220.101.34 minutes after a risky sign-in', 'directory_audits', TIMESTAMP '2026-03-08 02:00:00'),
('inbox_forwarding_external:ual-inbox-0001', 'inbox_forwarding_external', 'Inbox rule forwards outside', 'high', 'Collection', 'T1114.003',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 02:58:00', TIMESTAMP '2026-03-03 02:58:00', 1, 'confirmedCompromised',
    'forwards to attacker@protonmail.com', 'unified_audit', TIMESTAMP '2026-03-08 02:00:00'),
('privileged_role_assigned:Directory_8a1e-role', 'privileged_role_assigned', 'Privileged role assigned', 'high', 'Privilege Escalation', 'T1098.003',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 03:05:00', TIMESTAMP '2026-03-03 03:05:00', 1, 'confirmedCompromised',
    'Global Administrator granted to svc-backup@contoso.com', 'directory_audits', TIMESTAMP '2026-03-08 02:00:00'),
('app_credential_added:Directory_8a1e-cred', 'app_credential_added', 'App credential added', 'high', 'Persistence', 'T1098.001',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 03:12:00', TIMESTAMP '2026-03-03 03:12:00', 1, 'confirmedCompromised',
    'client secret added to Payroll Sync', 'directory_audits', TIMESTAMP '2026-03-08 02:00:00'),
('mailbox_delegate_added:ual-deleg-0001', 'mailbox_delegate_added', 'Mailbox delegate added', 'medium', 'Persistence', 'T1098.002',
    'alice@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 03:20:00', TIMESTAMP '2026-03-03 03:20:00', 1, 'confirmedCompromised',
    'FullAccess on alice@contoso.com for svc-backup@contoso.com', 'unified_audit', TIMESTAMP '2026-03-08 02:00:00'),
('device_code_phishing:frank@contoso.com:2026-03-04', 'device_code_phishing', 'Device code phishing', 'high', 'Initial Access', 'T1566.002',
    'frank@contoso.com', '45.153.160.2', TIMESTAMP '2026-03-04 14:22:09', TIMESTAMP '2026-03-04 14:22:09', 1, 'atRisk',
    'device code sign-in to Microsoft Office from 45.153.160.2 (RU)', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('consent_grant_risky:Directory_f7-consent', 'consent_grant_risky', 'Risky consent grant', 'high', 'Persistence', 'T1528',
    'frank@contoso.com', '45.153.160.2', TIMESTAMP '2026-03-04 14:30:00', TIMESTAMP '2026-03-04 14:30:00', 1, 'atRisk',
    'Mail.ReadWrite offline_access granted to Mail Reader Pro', 'directory_audits', TIMESTAMP '2026-03-08 02:00:00'),
('brute_force:mallory:2026-03-05', 'brute_force', '=HYPERLINK("http://evil")', 'medium', 'Credential Access', 'T1110.001',
    'mallory''; start-process calc; ''@contoso.com', '198.51.100.7', TIMESTAMP '2026-03-05 02:00:00', TIMESTAMP '2026-03-05 03:00:00', 40, 'atRisk',
    '-1+2', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('new_country:carol@contoso.com:2026-03-06', 'new_country', 'New country', 'medium', 'Initial Access', 'T1078',
    'carol@contoso.com', '177.71.207.9', TIMESTAMP '2026-03-06 12:00:00', TIMESTAMP '2026-03-06 12:00:00', 1, 'atRisk',
    'first sign-in from BR (São Paulo)', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('mfa_fatigue:dave@contoso.com:2026-03-04', 'mfa_fatigue', 'MFA fatigue', 'medium', 'Credential Access', 'T1621',
    'dave@contoso.com', '91.132.147.20', TIMESTAMP '2026-03-04 21:40:00', TIMESTAMP '2026-03-04 22:01:00', 14, 'atRisk',
    '14 MFA prompts denied or unanswered in 21 minutes', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('privileged_role_assigned:svc-backup:Directory_8a1e-role', 'privileged_role_assigned', 'Privileged role assigned', 'high', 'Privilege Escalation', 'T1098.003',
    'svc-backup@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 03:05:00', TIMESTAMP '2026-03-03 03:05:00', 1, 'atRisk',
    'given Global Administrator by alice@contoso.com (at risk)', 'directory_audits', TIMESTAMP '2026-03-08 02:00:00'),
('legacy_auth:bob@contoso.com:2026-03-02', 'legacy_auth', 'Legacy authentication', 'low', 'Defense Evasion', 'T1078',
    'bob@contoso.com', '203.0.113.50', TIMESTAMP '2026-03-02 06:30:00', TIMESTAMP '2026-03-02 06:35:00', 2, 'atRisk',
    '2 IMAP4 sign-ins from 203.0.113.50', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('password_spray:eve@contoso.com:2026-03-03', 'password_spray', 'Password spray', 'medium', 'Credential Access', 'T1110.003',
    'eve@contoso.com', '185.220.101.34', TIMESTAMP '2026-03-03 02:10:06', TIMESTAMP '2026-03-03 02:10:06', 1, 'atRisk',
    'tried by the spray from 185.220.101.34', 'signins', TIMESTAMP '2026-03-08 02:00:00'),
('new_country:grace@contoso.com:2026-03-02', 'new_country', 'New country', 'medium', 'Initial Access', 'T1078',
    'grace@contoso.com', '81.2.69.142', TIMESTAMP '2026-03-02 10:00:00', TIMESTAMP '2026-03-02 10:00:00', 1, 'dismissed',
    'first sign-in from GB (London)', 'signins', TIMESTAMP '2026-03-08 02:00:00');

INSERT INTO detection_events (detection_id, source_table, event_id, event_at) VALUES
('impossible_travel:alice@contoso.com:2026-03-03', 'signins', 'a0000001-0000-4000-8000-000000000003', TIMESTAMP '2026-03-03 02:41:17'),
('password_spray:alice@contoso.com:2026-03-03', 'signins', 'a0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-03 02:10:05'),
('inbox_forwarding_external:ual-inbox-0001', 'unified_audit', 'ual-inbox-0001', TIMESTAMP '2026-03-03 02:58:00'),
('legacy_auth:bob@contoso.com:2026-03-02', 'signins', 'b0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-02 06:30:00'),
('legacy_auth:bob@contoso.com:2026-03-02', 'signins', 'b0000001-0000-4000-8000-000000000002', TIMESTAMP '2026-03-02 06:35:00');

INSERT INTO risky_signins (signin_id, created_at, user_principal_name, ip_address, location, country, status, error_code, app,
    client_app, user_agent, risk_level, rule_ids, request_id, detection_ids, analyzed_at) VALUES
('a0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-03 02:10:05.123', 'alice@contoso.com', '185.220.101.34', 'Amsterdam, North Holland, NL', 'NL',
    'failure', 50126, 'Azure Portal', 'Browser', 'python-requests/2.31', 'medium', 'password_spray', 'a0000001-0000-4000-8000-000000000001',
    ['password_spray:alice@contoso.com:2026-03-03'], TIMESTAMP '2026-03-08 02:00:00'),
('a0000001-0000-4000-8000-000000000002', TIMESTAMP '2026-03-03 02:10:06', 'eve@contoso.com', '185.220.101.34', 'Amsterdam, North Holland, NL', 'NL',
    'failure', 50126, 'Azure Portal', 'Browser', 'python-requests/2.31', 'medium', 'password_spray', 'a0000001-0000-4000-8000-000000000002',
    ['password_spray:eve@contoso.com:2026-03-03'], TIMESTAMP '2026-03-08 02:00:00'),
('a0000001-0000-4000-8000-000000000003', TIMESTAMP '2026-03-03 02:41:17', 'alice@contoso.com', '185.220.101.34', 'Amsterdam, North Holland, NL', 'NL',
    'success', 0, 'OfficeHome', 'Browser', 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0', 'high',
    'impossible_travel,threat_intel_ip', 'a0000001-0000-4000-8000-000000000003', ['impossible_travel:alice@contoso.com:2026-03-03'], TIMESTAMP '2026-03-08 02:00:00'),
('f0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-04 14:22:09', 'frank@contoso.com', '45.153.160.2', 'Moscow, RU', 'RU',
    'success', 0, 'Microsoft Office', 'Mobile Apps and Desktop clients', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'high',
    'device_code_phishing', 'f0000001-0000-4000-8000-000000000001', ['device_code_phishing:frank@contoso.com:2026-03-04'], TIMESTAMP '2026-03-08 02:00:00'),
('m0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-05 03:00:00', 'mallory''; start-process calc; ''@contoso.com', '198.51.100.7', '@SUM(1)', 'US',
    'success', 0, '+cmd|'' /C calc''!A0', 'Browser', '=HYPERLINK("http://evil")', 'medium',
    'brute_force', 'm0000001-0000-4000-8000-000000000001', ['brute_force:mallory:2026-03-05'], TIMESTAMP '2026-03-08 02:00:00'),
('c0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-06 12:00:00', 'carol@contoso.com', '177.71.207.9', 'São Paulo, São Paulo, BR', 'BR',
    'success', 0, 'Office 365 Exchange Online', 'Browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)', 'medium',
    'new_country', 'c0000001-0000-4000-8000-000000000001', ['new_country:carol@contoso.com:2026-03-06'], TIMESTAMP '2026-03-08 02:00:00'),
('d0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-04 22:01:00', 'dave@contoso.com', '91.132.147.20', 'Frankfurt, Hesse, DE', 'DE',
    'failure', 500121, 'OfficeHome', 'Browser', 'Mozilla/5.0', 'medium',
    'mfa_fatigue', 'd0000001-0000-4000-8000-000000000001', ['mfa_fatigue:dave@contoso.com:2026-03-04'], TIMESTAMP '2026-03-08 02:00:00'),
('b0000001-0000-4000-8000-000000000001', TIMESTAMP '2026-03-02 06:30:00', 'bob@contoso.com', '203.0.113.50', 'Portland, Oregon, US', 'US',
    'success', 0, 'Office 365 Exchange Online', 'IMAP4', 'Thunderbird', 'low',
    'legacy_auth', 'b0000001-0000-4000-8000-000000000001', ['legacy_auth:bob@contoso.com:2026-03-02'], TIMESTAMP '2026-03-08 02:00:00'),
('b0000001-0000-4000-8000-000000000002', TIMESTAMP '2026-03-02 06:35:00', 'bob@contoso.com', '203.0.113.50', E'\rPortland', 'US',
    'success', 0, 'Office 365 Exchange Online', 'IMAP4', E'\tThunderbird', 'low',
    'legacy_auth', 'b0000001-0000-4000-8000-000000000002', ['legacy_auth:bob@contoso.com:2026-03-02'], TIMESTAMP '2026-03-08 02:00:00');

INSERT INTO audit_findings (activity_time, rule_id, severity, actor, target, activity, details, source, event_id, detection_id, analyzed_at) VALUES
(TIMESTAMP '2026-03-03 02:50:00', 'mfa_method_registered', 'medium', 'alice@contoso.com', 'alice@contoso.com', 'User registered security info',
    'phone +31 6 1234 5678', 'directory_audits', 'Directory_8a1e-mfa', 'mfa_method_registered:alice@contoso.com:2026-03-03', TIMESTAMP '2026-03-08 02:00:00'),
(TIMESTAMP '2026-03-03 02:58:00', 'inbox_forwarding_external', 'high', 'alice@contoso.com', 'alice@contoso.com', 'New-InboxRule',
    E'\tForwardTo attacker@protonmail.com; MarkAsRead', 'unified_audit', 'ual-inbox-0001', 'inbox_forwarding_external:ual-inbox-0001', TIMESTAMP '2026-03-08 02:00:00'),
(TIMESTAMP '2026-03-03 03:05:00', 'privileged_role_assigned', 'high', 'alice@contoso.com', 'svc-backup@contoso.com', 'Add member to role',
    'Global Administrator', 'directory_audits', 'Directory_8a1e-role', 'privileged_role_assigned:Directory_8a1e-role', TIMESTAMP '2026-03-08 02:00:00'),
(TIMESTAMP '2026-03-03 03:12:00', 'app_credential_added', 'high', 'alice@contoso.com', 'Payroll Sync', 'Update application – Certificates and secrets management',
    'Password credential 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a (backup)', 'directory_audits', 'Directory_8a1e-cred', 'app_credential_added:Directory_8a1e-cred', TIMESTAMP '2026-03-08 02:00:00'),
(TIMESTAMP '2026-03-03 03:20:00', 'mailbox_delegate_added', 'medium', 'alice@contoso.com', 'alice@contoso.com', 'Add-MailboxPermission',
    E'\rFullAccess for svc-backup@contoso.com', 'unified_audit', 'ual-deleg-0001', 'mailbox_delegate_added:ual-deleg-0001', TIMESTAMP '2026-03-08 02:00:00'),
(TIMESTAMP '2026-03-04 14:30:00', 'consent_grant_risky', 'high', 'frank@contoso.com', 'Mail Reader Pro', 'Consent to application',
    '@SUM(1)', 'directory_audits', 'Directory_f7-consent', 'consent_grant_risky:Directory_f7-consent', TIMESTAMP '2026-03-08 02:00:00');

INSERT INTO user_risk (user_principal_name, risk_level, risk_state, risk_score, detections, rule_ids, first_seen, last_seen, reasons, changed_by, analyzed_at) VALUES
('alice@contoso.com', 'high', 'confirmedCompromised', 95, 7,
    ['password_spray', 'impossible_travel', 'mfa_method_registered', 'inbox_forwarding_external', 'privileged_role_assigned', 'app_credential_added', 'mailbox_delegate_added'],
    TIMESTAMP '2026-03-03 02:10:05', TIMESTAMP '2026-03-03 03:20:00',
    'A password spray was followed by a successful sign-in from Amsterdam; within the hour an MFA method, an inbox rule, a role grant and an app secret were added.',
    NULL, TIMESTAMP '2026-03-08 02:00:00'),
('frank@contoso.com', 'high', 'atRisk', 80, 2, ['device_code_phishing', 'consent_grant_risky'],
    TIMESTAMP '2026-03-04 14:22:09', TIMESTAMP '2026-03-04 14:30:00', 'A device code sign-in from Moscow, then consent to Mail Reader Pro.', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('mallory''; start-process calc; ''@contoso.com', 'medium', 'atRisk', 55, 1, ['brute_force'],
    TIMESTAMP '2026-03-05 02:00:00', TIMESTAMP '2026-03-05 03:00:00', '=HYPERLINK("http://evil")', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('carol@contoso.com', 'medium', 'atRisk', 50, 1, ['new_country'],
    TIMESTAMP '2026-03-06 12:00:00', TIMESTAMP '2026-03-06 12:00:00', 'First sign-in from Brazil.', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('dave@contoso.com', 'medium', 'atRisk', 45, 1, ['mfa_fatigue'],
    TIMESTAMP '2026-03-04 21:40:00', TIMESTAMP '2026-03-04 22:01:00', '14 MFA prompts in 21 minutes.', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('svc-backup@contoso.com', 'medium', 'atRisk', 40, 1, ['privileged_role_assigned'],
    TIMESTAMP '2026-03-03 03:05:00', TIMESTAMP '2026-03-03 03:05:00', 'Given Global Administrator by an account at risk.', 'alice@contoso.com', TIMESTAMP '2026-03-08 02:00:00'),
('bob@contoso.com', 'low', 'atRisk', 20, 1, ['legacy_auth'],
    TIMESTAMP '2026-03-02 06:30:00', TIMESTAMP '2026-03-02 06:35:00', 'IMAP sign-ins (legacy authentication).', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('eve@contoso.com', 'low', 'atRisk', 15, 1, ['password_spray'],
    TIMESTAMP '2026-03-03 02:10:06', TIMESTAMP '2026-03-03 02:10:06', 'Tried by a password spray; no attempt succeeded.', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('grace@contoso.com', 'none', 'dismissed', 0, 0, ['new_country'],
    TIMESTAMP '2026-03-02 10:00:00', TIMESTAMP '2026-03-02 10:00:00', 'Dismissed: a trip to London.', NULL, TIMESTAMP '2026-03-08 02:00:00'),
('henry@contoso.com', 'none', 'remediated', 0, 0, [],
    NULL, NULL, NULL, NULL, TIMESTAMP '2026-03-08 02:00:00');

INSERT INTO triage (decided_at, action, detection_id, user_principal_name, analyst, note) VALUES
(TIMESTAMP '2026-03-07 09:15:00', 'confirm-compromised', NULL, 'alice@contoso.com', 'soc.analyst@contoso.com', 'Alice was in Seattle; she did not sign in from Amsterdam.'),
(TIMESTAMP '2026-03-06 16:00:00', 'dismiss', NULL, 'grace@contoso.com', 'soc.analyst@contoso.com', 'Travelling to London, confirmed by phone.');

INSERT INTO analyze_runs (run_id, started_at, finished_at, rules, detections, settings) VALUES
('run-2026-03-08-0200', TIMESTAMP '2026-03-08 02:00:00', TIMESTAMP '2026-03-08 02:00:04.5',
    ['password_spray', 'brute_force', 'distributed_password_cracking', 'mfa_fatigue', 'mfa_denied_fraud', 'disabled_account',
     'legacy_auth', 'ropc_user_agent', 'device_code_phishing', 'impossible_travel', 'new_country', 'new_asn_privileged',
     'microsoft_risk', 'threat_intel_ip', 'privileged_role_assigned', 'app_credential_added', 'consent_grant_risky',
     'federation_changed', 'conditional_access_changed', 'mfa_method_registered', 'inbox_forwarding_external',
     'mailbox_forwarding_external', 'mailbox_delegate_added'],
    17, '{"spray_min_accounts": 10, "travel_kmh": 900}');

INSERT INTO ingest_files (path, sha256, size, mtime, format, target_table, status, reason, rows_read, rows_added, rows_duplicate,
    rows_rejected, min_time, max_time, load_id, run_id, ingested_at) VALUES
('/exports/signins-2026-03.json', 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c', 48213, TIMESTAMP '2026-03-08 00:30:00',
    'graph_signins', 'signins', 'loaded', NULL, 38, 38, 0, 0, TIMESTAMP '2026-03-01 08:00:00', TIMESTAMP '2026-03-07 07:19:00', 1, 'ingest-1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/audits-2026-03.json', '7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730', 9120, TIMESTAMP '2026-03-08 00:30:00',
    'graph_directory_audits', 'directory_audits', 'loaded', NULL, 4, 4, 0, 0, TIMESTAMP '2026-03-03 02:50:00', TIMESTAMP '2026-03-04 14:30:00', 2, 'ingest-1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/ual.csv', 'f2ca1bb6c7e907d06dafe4687e579fce76b37e4e93b7605022da52e6ccc26fd2', 5311, TIMESTAMP '2026-03-08 00:30:00',
    'unified_audit_log', 'unified_audit', 'loaded', NULL, 3, 3, 0, 0, TIMESTAMP '2026-03-03 02:58:00', TIMESTAMP '2026-03-03 03:30:00', 3, 'ingest-1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/broken.json', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0, TIMESTAMP '2026-03-08 00:30:00',
    NULL, NULL, 'rejected', '/exports/broken.json:1: empty file', 0, 0, 0, 0, NULL, NULL, NULL, 'ingest-1', TIMESTAMP '2026-03-08 01:00:00');
