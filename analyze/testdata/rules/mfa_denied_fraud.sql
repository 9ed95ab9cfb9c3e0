-- Fires: frank reports a prompt as fraud (high); gina declines 3 prompts in a day (medium).
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
