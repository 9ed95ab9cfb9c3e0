-- Fires: alice's interactive, MFA-satisfied sign-in comes through a hosting network (AS 14061), and seven
--   minutes later the same session is refreshed non-interactively by python-requests from AS 9009 in RO,
--   then an inbox rule is created in that session (AppAccessContext.AADSessionId): high, a compromise chain;
--   bob's session moves from his home line (US) to AS 12389 in RU twenty minutes later: medium;
--   carol's mailbox is read with the token of her sign-in (AppAccessContext.UniqueTokenId) from an address
--   of AS 9009 that no sign-in of hers used: medium.
--   dave's laptop session moves from his home line to another residential network in his own country that
--   he never used (low: a hotel or a friend's Wi-Fi looks the same).
-- Near-miss: nearmiss-phone's phone moves from the office Wi-Fi to its carrier (same device);
--   nearmiss-v6's IPv6 privacy address changes within one /64 (one network);
--   nearmiss-vpn moves between home and the office VPN, both networks of earlier days, in one country;
--   nearmiss-late's session is used abroad five hours later (outside the window);
--   nearmiss-newbie's first day in the export moves from home to a carrier (no baseline to call it new).
INSERT INTO fx_signins BY NAME
SELECT 'sr-hist-' || u || '-' || i AS id, TIMESTAMP '2026-03-01 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u AS user_principal_name,
    CASE WHEN u LIKE 'nearmiss%' THEN '198.51.100.' || (10 + i % 2) ELSE '203.0.113.' || (10 + i % 2) END AS ip_address,
    0 AS error_code, CASE WHEN u = 'carol@contoso.com' THEN 'GB' ELSE 'US' END AS country,
    CASE WHEN u = 'carol@contoso.com' THEN 2856 WHEN u = 'nearmiss-vpn@contoso.com' AND i % 2 = 1 THEN 3356 ELSE 7922 END AS asn,
    'interactive' AS category, 'hist-' || u || '-' || i AS session_id
FROM range(9) t(i), (VALUES ('alice@contoso.com'), ('bob@contoso.com'), ('carol@contoso.com'), ('nearmiss-vpn@contoso.com'),
    ('nearmiss-phone@contoso.com'), ('nearmiss-late@contoso.com'), ('dave@contoso.com')) AS v(u);
INSERT INTO fx_signins (id, created_at, category, user_principal_name, ip_address, asn, country, error_code, user_agent,
        device_id, session_id, unique_token_identifier, app_display_name, authentication_requirement) VALUES
    ('sr-alice-1', TIMESTAMP '2026-03-12 10:00:00', 'interactive', 'alice@contoso.com', '203.0.113.200', 14061, 'US', 0,
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        NULL, 'sess-alice', 'uti-a1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-alice-2', TIMESTAMP '2026-03-12 10:07:00', 'non_interactive', 'alice@contoso.com', '203.0.113.201', 9009, 'RO', 0,
        'python-requests/2.32.3', NULL, 'sess-alice', 'uti-a2', 'One Outlook Web', 'multiFactorAuthentication'),
    ('sr-alice-3', TIMESTAMP '2026-03-12 10:16:00', 'non_interactive', 'alice@contoso.com', '203.0.113.201', 9009, 'RO', 0,
        'python-requests/2.32.3', NULL, 'sess-alice', 'uti-a3', 'One Outlook Web', 'multiFactorAuthentication'),
    ('sr-bob-1', TIMESTAMP '2026-03-12 11:00:00', 'interactive', 'bob@contoso.com', '203.0.113.10', 7922, 'US', 0,
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
        NULL, 'sess-bob', 'uti-b1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-bob-2', TIMESTAMP '2026-03-12 11:20:00', 'non_interactive', 'bob@contoso.com', '203.0.113.210', 12389, 'RU', 0,
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
        NULL, 'sess-bob', 'uti-b2', 'One Outlook Web', 'multiFactorAuthentication'),
    ('sr-carol-1', TIMESTAMP '2026-03-12 12:00:00', 'interactive', 'carol@contoso.com', '203.0.113.10', 2856, 'GB', 0,
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        NULL, 'sess-carol', 'uti-c1', 'One Outlook Web', 'multiFactorAuthentication'),
    ('sr-dave-1', TIMESTAMP '2026-03-12 18:00:00', 'interactive', 'dave@contoso.com', '203.0.113.11', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-dave', 'uti-d1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-dave-2', TIMESTAMP '2026-03-12 18:30:00', 'non_interactive', 'dave@contoso.com', '203.0.113.220', 20115, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-dave', 'uti-d2', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-phone-1', TIMESTAMP '2026-03-12 08:00:00', 'non_interactive', 'nearmiss-phone@contoso.com', '198.51.100.30', 3356, 'US', 0,
        'Outlook-iOS/2.0', 'dev-phone', 'sess-phone', 'uti-p1', 'Outlook Mobile', 'multiFactorAuthentication'),
    ('sr-phone-2', TIMESTAMP '2026-03-12 08:12:00', 'non_interactive', 'nearmiss-phone@contoso.com', '198.51.100.31', 21928, 'US', 0,
        'Outlook-iOS/2.0', 'dev-phone', 'sess-phone', 'uti-p2', 'Outlook Mobile', 'multiFactorAuthentication'),
    ('sr-v6-1', TIMESTAMP '2026-03-12 08:00:00', 'interactive', 'nearmiss-v6@contoso.com', '2601:db8:4a0:51f0:1c2e:88ff:fe01:1', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-v6', 'uti-v1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-v6-2', TIMESTAMP '2026-03-12 08:30:00', 'non_interactive', 'nearmiss-v6@contoso.com', '2601:db8:4a0:51f0:94a1:3b2c:77d0:2', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-v6', 'uti-v2', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-vpn-1', TIMESTAMP '2026-03-12 09:00:00', 'interactive', 'nearmiss-vpn@contoso.com', '198.51.100.10', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-vpn', 'uti-n1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-vpn-2', TIMESTAMP '2026-03-12 09:10:00', 'non_interactive', 'nearmiss-vpn@contoso.com', '198.51.100.11', 3356, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-vpn', 'uti-n2', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-vpn-3', TIMESTAMP '2026-03-12 09:25:00', 'non_interactive', 'nearmiss-vpn@contoso.com', '198.51.100.10', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-vpn', 'uti-n3', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-late-1', TIMESTAMP '2026-03-12 07:00:00', 'interactive', 'nearmiss-late@contoso.com', '198.51.100.10', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-late', 'uti-l1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-late-2', TIMESTAMP '2026-03-12 12:00:00', 'non_interactive', 'nearmiss-late@contoso.com', '198.51.100.40', 812, 'CA', 0,
        'Mozilla/5.0', NULL, 'sess-late', 'uti-l2', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-newbie-1', TIMESTAMP '2026-03-12 09:00:00', 'interactive', 'nearmiss-newbie@contoso.com', '198.51.100.50', 7922, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-newbie', 'uti-w1', 'OfficeHome', 'multiFactorAuthentication'),
    ('sr-newbie-2', TIMESTAMP '2026-03-12 09:20:00', 'non_interactive', 'nearmiss-newbie@contoso.com', '198.51.100.51', 21928, 'US', 0,
        'Mozilla/5.0', NULL, 'sess-newbie', 'uti-w2', 'OfficeHome', 'multiFactorAuthentication');
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, audit_data) VALUES
    ('ual-alice-rule', TIMESTAMP '2026-03-12 10:21:00', 'ExchangeAdmin', 'New-InboxRule', 'Exchange', 'alice@contoso.com', '203.0.113.201',
        '{"Operation":"New-InboxRule","AppAccessContext":{"AADSessionId":"sess-alice","UniqueTokenId":"uti-a3"}}'),
    ('ual-carol-read', TIMESTAMP '2026-03-12 12:15:00', 'ExchangeItemAggregated', 'MailItemsAccessed', 'Exchange', 'carol@contoso.com', '203.0.113.201',
        '{"Operation":"MailItemsAccessed","AppAccessContext":{"UniqueTokenId":"uti-c1"}}'),
    ('ual-phone-read', TIMESTAMP '2026-03-12 08:13:00', 'ExchangeItemAggregated', 'MailItemsAccessed', 'Exchange', 'nearmiss-phone@contoso.com', '198.51.100.31',
        '{"Operation":"MailItemsAccessed","AppAccessContext":{"AADSessionId":"sess-phone"}}');
