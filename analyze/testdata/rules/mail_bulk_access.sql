-- Fires: ellen (Outlook, a few items an hour) has 600 items read through an unknown app over Graph, 15 minutes
--   after a sign-in from a country and network new for her, and her mailbox searched for "wire transfer" from
--   there (both high); frank's Outlook is throttled for reading too much, from his usual network (low); an
--   app-only identity new to the tenant reads 20 mailboxes (medium); grace reads 250 items with an app she
--   never used (OfficeActivity form: no OperationCount, Folders and OperationProperties as JSON text) (medium);
--   hank runs a compliance search for passwords and invoices over every mailbox from a network he never
--   signed in from (medium); ivy's first Outlook Mobile syncs and reads 250 items from her usual network (low:
--   a Microsoft client is never a new app).
-- Near-miss: nearmiss-backup-app reads every mailbox every night; nearmiss-outlook reads 150 items in an
--   hour; nearmiss-heavy, who reads 300 items every hour, reads 400; nearmiss-ediscovery searches for
--   passwords from the office.
INSERT INTO fx_signins (id, created_at, user_principal_name, user_type, ip_address, country, asn, error_code) VALUES
    ('mb-e1', TIMESTAMP '2026-03-01 09:00:00', 'ellen@contoso.com', 'member', '203.0.113.10', 'US', 7922, 0),
    ('mb-e2', TIMESTAMP '2026-03-14 09:00:00', 'ellen@contoso.com', 'member', '203.0.113.10', 'US', 7922, 0),
    ('mb-e3', TIMESTAMP '2026-03-15 10:00:00', 'ellen@contoso.com', 'member', '192.0.2.90', 'VN', 45899, 0),
    ('mb-f1', TIMESTAMP '2026-03-01 09:00:00', 'frank@contoso.com', 'member', '203.0.113.20', 'US', 7922, 0),
    ('mb-f2', TIMESTAMP '2026-03-14 09:00:00', 'frank@contoso.com', 'member', '203.0.113.20', 'US', 7922, 0),
    ('mb-g2', TIMESTAMP '2026-03-14 09:00:00', 'grace@contoso.com', 'member', '203.0.113.30', 'GB', 2856, 0),
    ('mb-x4', TIMESTAMP '2026-03-14 09:00:00', 'nearmiss-outlook@contoso.com', 'member', '198.51.100.80', 'US', 7922, 0),
    ('mb-x5', TIMESTAMP '2026-03-14 09:00:00', 'nearmiss-ediscovery@contoso.com', 'member', '198.51.100.71', 'US', 3356, 0),
    ('mb-g1', TIMESTAMP '2026-03-01 09:00:00', 'grace@contoso.com', 'member', '203.0.113.30', 'GB', 2856, 0),
    ('mb-i1', TIMESTAMP '2026-03-01 09:00:00', 'ivy@contoso.com', 'member', '203.0.113.50', 'US', 21928, 0),
    ('mb-i2', TIMESTAMP '2026-03-14 09:00:00', 'ivy@contoso.com', 'member', '203.0.113.50', 'US', 21928, 0),
    ('mb-h1', TIMESTAMP '2026-03-01 09:00:00', 'hank@contoso.com', 'member', '203.0.113.40', 'US', 3356, 0),
    ('mb-h2', TIMESTAMP '2026-03-14 09:00:00', 'hank@contoso.com', 'member', '203.0.113.40', 'US', 3356, 0),
    ('mb-x1', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-outlook@contoso.com', 'member', '198.51.100.80', 'US', 7922, 0),
    ('mb-x2', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-heavy@contoso.com', 'member', '198.51.100.81', 'US', 7922, 0),
    ('mb-x3', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-ediscovery@contoso.com', 'member', '198.51.100.71', 'US', 3356, 0);
-- Two weeks of ordinary reading (Purview form): Outlook for people, the backup app at night.
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, audit_data)
SELECT 'mb-' || u.name || '-' || d || '-' || h, TIMESTAMP '2026-03-01 00:00:00' + d * INTERVAL '1' DAY + (u.h0 + h) * INTERVAL '1' HOUR,
    'ExchangeItemAggregated', 'MailItemsAccessed', 'Exchange', u.name || CASE WHEN u.name LIKE '%-app' THEN '' ELSE '@contoso.com' END, u.ip, 'Succeeded',
    '{"AppId":"' || u.app || '","ClientAppId":"' || u.app || '","ClientInfoString":"' || u.info || '","MailboxOwnerUPN":"' || u.name || '@contoso.com",'
    || '"OperationCount":' || u.items || ',"OperationProperties":[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"False"}]}'
FROM (VALUES
    ('ellen', '203.0.113.10', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Client=MSExchangeRPC', 4, 9, 8),
    ('frank', '203.0.113.20', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Client=MSExchangeRPC', 30, 9, 8),
    ('ivy', '203.0.113.50', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Client=MSExchangeRPC', 5, 9, 8),
    ('grace', '203.0.113.30', '00000002-0000-0ff1-ce00-000000000000', 'Client=OWA;Action=ViaProxy', 6, 9, 8),
    ('nearmiss-outlook', '198.51.100.80', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Client=MSExchangeRPC', 30, 9, 8),
    ('nearmiss-heavy', '198.51.100.81', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Client=MSExchangeRPC', 300, 9, 8),
    ('nearmiss-backup-app', '198.51.100.60', '5d8e9f10-2b3c-4d5e-8f90-a1b2c3d4e5f6', 'Client=REST;Client=RESTSystem;;', 600, 2, 1)
) u(name, ip, app, info, items, h0, hours), range(16) r(d), range(8) s(h)
WHERE h < u.hours;
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, audit_data)
SELECT 'mb-' || a.who || '-x' || i, a.at0 + i * a.step * INTERVAL '1' SECOND, 'ExchangeItemAggregated', 'MailItemsAccessed', 'Exchange',
    a.who, a.ip, 'Succeeded',
    '{"AppId":"00000003-0000-0000-c000-000000000000","ClientAppId":"' || a.app || '","AppAccessContext":{"AADSessionId":"' || a.session
    || '","ClientAppId":"' || a.app || '"},"ClientInfoString":"Client=REST;;","MailboxOwnerUPN":"' || a.owner || (i % a.boxes) || '@contoso.com",'
    || '"OperationCount":' || a.items || ',"OperationProperties":[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"' || a.throttled || '"}]}'
FROM (VALUES
    ('ellen@contoso.com', TIMESTAMP '2026-03-15 10:15:00', 150, 12, 50, '192.0.2.90', '9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d', 'ellen', 1, 'False', '0a1b2c3d-1111-4222-8333-944455566677'),
    ('frank@contoso.com', TIMESTAMP '2026-03-16 11:10:00', 60, 1, 40, '203.0.113.21', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'frank', 1, 'True', ''),
    ('7f3e2d1c-aaaa-4bbb-8ccc-123456789abc', TIMESTAMP '2026-03-16 03:00:00', 60, 20, 20, '192.0.2.91', '7f3e2d1c-aaaa-4bbb-8ccc-123456789abc', 'user', 20, 'False', ''),
    ('ivy@contoso.com', TIMESTAMP '2026-03-16 19:00:00', 60, 5, 50, '203.0.113.51', '27922004-5251-4030-b22d-91ecd9a37ea4', 'ivy', 1, 'False', ''),
    ('nearmiss-outlook@contoso.com', TIMESTAMP '2026-03-16 15:00:00', 60, 5, 30, '198.51.100.80', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'nearmiss-outlook', 1, 'False', ''),
    ('nearmiss-heavy@contoso.com', TIMESTAMP '2026-03-16 15:00:00', 60, 4, 100, '198.51.100.81', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'nearmiss-heavy', 1, 'False', '')
) a(who, at0, step, n, items, ip, app, owner, boxes, throttled, session), range(40) s(i)
WHERE i < a.n;
-- grace's new app, as OfficeActivity stores it.
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, audit_data)
SELECT 'mb-grace-la-' || i, TIMESTAMP '2026-03-16 13:00:00' + i * INTERVAL '5' MINUTE, 'ExchangeItemAggregated', 'MailItemsAccessed', 'Exchange',
    'grace@contoso.com', '203.0.113.31', 'Succeeded',
    json_object('OfficeWorkload', 'Exchange', 'Operation', 'MailItemsAccessed', 'UserId', 'grace@contoso.com', 'Client_IPAddress', '203.0.113.31',
        'MailboxOwnerUPN', 'grace@contoso.com', 'ClientInfoString', 'Client=REST;;', 'AppId', '00000003-0000-0000-c000-000000000000',
        'ClientAppId', 'c2d3e4f5-0000-4111-8222-333344445555',
        'OperationProperties', '[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"False"}]',
        'Folders', '[{"FolderItems":[' || (SELECT string_agg('{"InternetMessageId":"<m' || i || '-' || j || '@contoso.com>"}', ',') FROM range(50) t(j))
            || '],"Path":"\\Inbox"}]')
FROM range(5) s(i);
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, parameters, audit_data) VALUES
    ('mb-search-1', TIMESTAMP '2026-03-15 10:10:00', 'ExchangeSearch', 'SearchQueryInitiatedExchange', 'Exchange', 'ellen@contoso.com', '192.0.2.90', NULL, NULL,
     '{"Operation":"SearchQueryInitiatedExchange","QueryText":"wire transfer","ClientInfoString":"Client=OWA;Action=ViaProxy"}'),
    ('mb-search-2', TIMESTAMP '2026-03-16 16:00:00', 'SecurityComplianceCenterEOPCmdlet', 'New-ComplianceSearch', 'SecurityComplianceCenter', 'hank@contoso.com', '192.0.2.95', 'True',
     '[{"name":"Name","value":"audit"},{"name":"ExchangeLocation","value":"All"},{"name":"ContentMatchQuery","value":"password OR invoice"}]', '{}'),
    ('mb-search-3', TIMESTAMP '2026-03-16 16:00:00', 'SecurityComplianceCenterEOPCmdlet', 'New-ComplianceSearch', 'SecurityComplianceCenter', 'nearmiss-ediscovery@contoso.com', '198.51.100.70', 'True',
     '[{"name":"Name","value":"legal hold 42"},{"name":"ExchangeLocation","value":"All"},{"name":"ContentMatchQuery","value":"password"}]', '{}'),
    ('mb-search-4', TIMESTAMP '2026-03-16 16:30:00', 'ExchangeSearch', 'SearchQueryInitiatedExchange', 'Exchange', 'nearmiss-outlook@contoso.com', '198.51.100.80', NULL, NULL,
     '{"Operation":"SearchQueryInitiatedExchange","QueryText":"invoice march"}');
