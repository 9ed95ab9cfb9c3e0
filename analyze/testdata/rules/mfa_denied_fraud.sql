-- Fires: frank reports a prompt as fraud (high); gina declines 3 prompts in a day (medium).
--   hank declines twice at home and approves a minute later from home (low: a fumbled prompt);
--   ivy declines twice from an address she never used, then approves from it (medium).
-- Near-miss: nearmiss-once declines one prompt; nearmiss-quiet leaves 5 prompts unanswered.
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, additional_details) VALUES
    ('mdf-frank', TIMESTAMP '2026-03-10 07:30:00', 'frank@contoso.com', '203.0.113.60', 500121,
     'MFA denied; user declined the authentication and reported fraud'),
    ('mdf-gina-1', TIMESTAMP '2026-03-10 11:00:00', 'gina@contoso.com', '203.0.113.61', 500121,
     'MFA denied; user declined the authentication'),
    ('mdf-gina-2', TIMESTAMP '2026-03-10 11:05:00', 'gina@contoso.com', '203.0.113.61', 500121,
     'MFA denied; user declined the authentication'),
    ('mdf-gina-3', TIMESTAMP '2026-03-10 15:05:00', 'gina@contoso.com', '203.0.113.61', 500121,
     'MFA denied; user declined the authentication'),
    ('mdf-once', TIMESTAMP '2026-03-10 09:00:00', 'nearmiss-once@contoso.com', '198.51.100.60', 500121,
     'MFA denied; user declined the authentication');
INSERT INTO fx_signins BY NAME
SELECT 'mdf-quiet-' || i AS id, TIMESTAMP '2026-03-10 16:00:00' + i * INTERVAL 5 MINUTE AS created_at,
    'nearmiss-quiet@contoso.com' AS user_principal_name, '198.51.100.61' AS ip_address, 500121 AS error_code,
    'MFA denied; user did not respond to mobile app notification' AS additional_details
FROM range(5) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, additional_details) VALUES
    ('mdf-hank-h', TIMESTAMP '2026-03-09 09:00:00', 'hank@contoso.com', '203.0.113.70', 0, NULL),
    ('mdf-hank-1', TIMESTAMP '2026-03-10 09:00:00', 'hank@contoso.com', '203.0.113.70', 500121, 'MFA denied; user declined the authentication'),
    ('mdf-hank-2', TIMESTAMP '2026-03-10 09:00:40', 'hank@contoso.com', '203.0.113.70', 500121, 'MFA denied; user declined the authentication'),
    ('mdf-hank-ok', TIMESTAMP '2026-03-10 09:01:30', 'hank@contoso.com', '203.0.113.70', 0, NULL),
    ('mdf-ivy-h', TIMESTAMP '2026-03-09 09:00:00', 'ivy@contoso.com', '203.0.113.71', 0, NULL),
    ('mdf-ivy-1', TIMESTAMP '2026-03-10 02:00:00', 'ivy@contoso.com', '203.0.113.72', 500121, 'MFA denied; user declined the authentication'),
    ('mdf-ivy-2', TIMESTAMP '2026-03-10 02:01:00', 'ivy@contoso.com', '203.0.113.72', 500121, 'MFA denied; user declined the authentication'),
    ('mdf-ivy-ok', TIMESTAMP '2026-03-10 02:03:00', 'ivy@contoso.com', '203.0.113.72', 0, NULL);
