-- Fires: holly's new rule forwards to holly.home@gmail.com (medium); ian's rule redirects to an outside
--   address and deletes the message (high); an Outlook UpdateInboxRules record forwarding to evil.example.
-- Near-miss: nearmiss-fwd forwards to a colleague and to a subdomain of the tenant; nearmiss-move only moves
--   mail to a folder.
INSERT INTO fx_signins (id, created_at, user_principal_name, user_type, ip_address, error_code) VALUES
    ('if-learn-1', TIMESTAMP '2026-03-09 08:00:00', 'holly@contoso.com', 'member', '203.0.113.219', 0);
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, user_id, client_ip, parameters, audit_data) VALUES
    ('if-1', TIMESTAMP '2026-03-10 09:00:00', 'ExchangeAdmin', 'New-InboxRule', 'holly@contoso.com', '203.0.113.220',
     '[{"name":"Name","value":"copy"},{"name":"ForwardTo","value":"holly.home@gmail.com"}]', '{}'),
    ('if-2', TIMESTAMP '2026-03-10 10:00:00', 'ExchangeAdmin', 'Set-InboxRule', 'ian@contoso.com', '203.0.113.221',
     '[{"name":"Identity","value":"ian\\invoices"},{"name":"RedirectTo","value":"\"Pay\" [SMTP:pay@billing-invoices.example]"},{"name":"DeleteMessage","value":"True"}]', '{}'),
    ('if-3', TIMESTAMP '2026-03-10 11:00:00', 'ExchangeItem', 'UpdateInboxRules', 'jane@contoso.com', '203.0.113.222', NULL,
     '{"Operation":"UpdateInboxRules","OperationProperties":[{"Name":"RuleActions","Value":"[{\"ActionType\":\"Forward\",\"Recipients\":[\"drop@evil.example\"]}]"}]}'),
    ('if-4', TIMESTAMP '2026-03-10 12:00:00', 'ExchangeAdmin', 'New-InboxRule', 'nearmiss-fwd@contoso.com', '198.51.100.220',
     '[{"name":"Name","value":"team"},{"name":"ForwardTo","value":"colleague@contoso.com;ops@eu.contoso.com"}]', '{}'),
    ('if-5', TIMESTAMP '2026-03-10 13:00:00', 'ExchangeAdmin', 'New-InboxRule', 'nearmiss-move@contoso.com', '198.51.100.221',
     '[{"name":"Name","value":"news"},{"name":"MoveToFolder","value":"Newsletters"},{"name":"From","value":"news@vendor.example"}]', '{}');
