-- Fires: leo signs in with BAV2ROPC; mona with a fasthttp client; nina over the ROPC protocol.
-- Near-miss: nearmiss-failed's BAV2ROPC attempts fail; nearmiss-browser uses Edge (whose UA mentions nothing listed).
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, user_agent, authentication_protocol) VALUES
    ('ru-leo-1', TIMESTAMP '2026-03-10 08:00:00', 'leo@contoso.com', '203.0.113.90', 0, 'BAV2ROPC', 'none'),
    ('ru-leo-2', TIMESTAMP '2026-03-10 08:30:00', 'leo@contoso.com', '203.0.113.90', 0, 'BAV2ROPC', 'none'),
    ('ru-mona-1', TIMESTAMP '2026-03-10 09:00:00', 'mona@contoso.com', '203.0.113.91', 0, 'fasthttp', NULL),
    ('ru-nina-1', TIMESTAMP '2026-03-10 09:30:00', 'nina@contoso.com', '203.0.113.92', 0, 'python-requests/2.31', 'ropc'),
    ('ru-failed-1', TIMESTAMP '2026-03-10 10:00:00', 'nearmiss-failed@contoso.com', '198.51.100.90', 50126, 'BAV2ROPC', NULL),
    ('ru-browser-1', TIMESTAMP '2026-03-10 10:00:00', 'nearmiss-browser@contoso.com', '198.51.100.91', 0,
     'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0', 'none');
