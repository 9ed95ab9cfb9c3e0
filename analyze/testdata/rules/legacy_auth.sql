-- Fires: ivan reads mail over IMAP4 from two addresses; judy's printer sends with Authenticated SMTP;
--   kim uses "Other clients".
-- Near-miss: nearmiss-failed's IMAP attempts all fail (that is a spray's business, not posture);
--   nearmiss-modern signs in with a browser and with Mobile Apps and Desktop clients.
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, client_app) VALUES
    ('la-ivan-1', TIMESTAMP '2026-03-10 08:00:00', 'ivan@contoso.com', '203.0.113.80', 0, 'IMAP4'),
    ('la-ivan-2', TIMESTAMP '2026-03-10 09:00:00', 'ivan@contoso.com', '203.0.113.81', 0, 'IMAP4'),
    ('la-judy-1', TIMESTAMP '2026-03-10 10:00:00', 'judy@contoso.com', '203.0.113.82', 0, 'Authenticated SMTP'),
    ('la-kim-1', TIMESTAMP '2026-03-11 10:00:00', 'kim@contoso.com', '203.0.113.83', 0, 'Other clients'),
    ('la-failed-1', TIMESTAMP '2026-03-10 10:00:00', 'nearmiss-failed@contoso.com', '198.51.100.80', 50126, 'IMAP4'),
    ('la-failed-2', TIMESTAMP '2026-03-10 10:01:00', 'nearmiss-failed@contoso.com', '198.51.100.80', 50126, 'POP3'),
    ('la-modern-1', TIMESTAMP '2026-03-10 10:00:00', 'nearmiss-modern@contoso.com', '198.51.100.81', 0, 'Browser'),
    ('la-modern-2', TIMESTAMP '2026-03-10 11:00:00', 'nearmiss-modern@contoso.com', '198.51.100.81', 0, 'Mobile Apps and Desktop clients');
