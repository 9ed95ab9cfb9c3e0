-- settings: {"PrivilegedUsers": ["exadmin@contoso.com"]}
-- Fires: mallory gives mallory.ext FullAccess to the CEO's mailbox; SendAs on finance@ to lucy;
--   owner rights on the CEO's Inbox folder to mallory.ext.
--   The Exchange administrator gives an assistant FullAccess to the CEO's mailbox from the office (low).
-- Near-miss: nearmiss-assistant gets Reviewer rights on a calendar; the mailbox's own SELF grant;
--   ReadPermission only; nearmiss-agent gets FullAccess to the shared support mailbox (which never signs in).
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('md-ceo', TIMESTAMP '2026-03-09 08:00:00', 'ceo@contoso.com', '203.0.113.241', 0),
    ('md-finance', TIMESTAMP '2026-03-09 08:00:00', 'finance@contoso.com', '203.0.113.242', 0),
    ('md-exadmin', TIMESTAMP '2026-03-09 08:00:00', 'exadmin@contoso.com', '203.0.113.243', 0),
    ('md-support-failed', TIMESTAMP '2026-03-09 08:00:00', 'support@contoso.com', '198.51.100.242', 50126);
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, user_id, client_ip, parameters) VALUES
    ('md-1', TIMESTAMP '2026-03-10 09:00:00', 'ExchangeAdmin', 'Add-MailboxPermission', 'mallory@contoso.com', '203.0.113.240',
     '[{"name":"Identity","value":"ceo@contoso.com"},{"name":"User","value":"mallory.ext@contoso.com"},{"name":"AccessRights","value":"FullAccess"},{"name":"InheritanceType","value":"All"}]'),
    ('md-2', TIMESTAMP '2026-03-10 09:30:00', 'ExchangeAdmin', 'Add-RecipientPermission', 'mallory@contoso.com', '203.0.113.240',
     '[{"name":"Identity","value":"finance@contoso.com"},{"name":"Trustee","value":"lucy@contoso.com"},{"name":"AccessRights","value":"SendAs"}]'),
    ('md-3', TIMESTAMP '2026-03-10 10:00:00', 'ExchangeAdmin', 'Add-MailboxFolderPermission', 'mallory@contoso.com', '203.0.113.240',
     '[{"name":"Identity","value":"ceo@contoso.com:\\Inbox"},{"name":"User","value":"mallory.ext@contoso.com"},{"name":"AccessRights","value":"Owner"}]'),
    ('md-4', TIMESTAMP '2026-03-10 11:00:00', 'ExchangeAdmin', 'Add-MailboxFolderPermission', 'boss@contoso.com', '198.51.100.240',
     '[{"name":"Identity","value":"boss@contoso.com:\\Calendar"},{"name":"User","value":"nearmiss-assistant@contoso.com"},{"name":"AccessRights","value":"Reviewer"}]'),
    ('md-5', TIMESTAMP '2026-03-10 11:30:00', 'ExchangeAdmin', 'Add-MailboxPermission', 'NT AUTHORITY\SYSTEM (Microsoft.Exchange.ServiceHost)', '198.51.100.241',
     '[{"name":"Identity","value":"new@contoso.com"},{"name":"User","value":"NT AUTHORITY\\SELF"},{"name":"AccessRights","value":"FullAccess"}]'),
    ('md-6', TIMESTAMP '2026-03-10 12:00:00', 'ExchangeAdmin', 'Add-MailboxPermission', 'boss@contoso.com', '198.51.100.240',
     '[{"name":"Identity","value":"boss@contoso.com"},{"name":"User","value":"nearmiss-reader@contoso.com"},{"name":"AccessRights","value":"ReadPermission"}]'),
    ('md-7', TIMESTAMP '2026-03-10 12:30:00', 'ExchangeAdmin', 'Add-MailboxPermission', 'exadmin@contoso.com', '198.51.100.240',
     '[{"name":"Identity","value":"support@contoso.com"},{"name":"User","value":"nearmiss-agent@contoso.com"},{"name":"AccessRights","value":"FullAccess"}]'),
    ('md-8', TIMESTAMP '2026-03-10 13:00:00', 'ExchangeAdmin', 'Add-MailboxPermission', 'exadmin@contoso.com', '203.0.113.244',
     '[{"name":"Identity","value":"ceo@contoso.com"},{"name":"User","value":"assistant@contoso.com"},{"name":"AccessRights","value":"FullAccess"}]');
