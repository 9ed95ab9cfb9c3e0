-- Fires: alice (3-5 downloads a day) downloads 300 files in 35 minutes with a script, 20 minutes after a
--   sign-in from a country and network new for her (high); bob downloads 200 from a network he never
--   signed in from (medium); carol, two days in the tenant, downloads 120 from home (low, her own baseline
--   is short); dave's OneDrive sync client fills a new managed laptop at the office with 400 files (low).
-- Near-miss: nearmiss-folder downloads a team folder of 40 files; nearmiss-heavy, who downloads 150 files
--   every day, downloads 100 in an hour.
INSERT INTO fx_signins (id, created_at, user_principal_name, user_type, ip_address, country, asn, error_code) VALUES
    ('bd-a1', TIMESTAMP '2026-03-01 09:00:00', 'alice@contoso.com', 'member', '203.0.113.10', 'US', 7922, 0),
    ('bd-a2', TIMESTAMP '2026-03-14 09:00:00', 'alice@contoso.com', 'member', '203.0.113.10', 'US', 7922, 0),
    ('bd-a3', TIMESTAMP '2026-03-15 10:00:00', 'alice@contoso.com', 'member', '192.0.2.80', 'NL', 60781, 0),
    ('bd-b1', TIMESTAMP '2026-03-01 09:00:00', 'bob@contoso.com', 'member', '203.0.113.20', 'US', 7922, 0),
    ('bd-b2', TIMESTAMP '2026-03-14 09:00:00', 'bob@contoso.com', 'member', '203.0.113.20', 'US', 7922, 0),
    ('bd-c1', TIMESTAMP '2026-03-13 09:00:00', 'carol@contoso.com', 'member', '203.0.113.30', 'US', 7922, 0),
    ('bd-c2', TIMESTAMP '2026-03-15 08:55:00', 'carol@contoso.com', 'member', '203.0.113.30', 'US', 7922, 0),
    ('bd-d1', TIMESTAMP '2026-03-01 09:00:00', 'dave@contoso.com', 'member', '203.0.113.40', 'US', 3356, 0),
    ('bd-d2', TIMESTAMP '2026-03-14 09:00:00', 'dave@contoso.com', 'member', '203.0.113.40', 'US', 3356, 0),
    ('bd-x1', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-heavy@contoso.com', 'member', '198.51.100.30', 'US', 7922, 0),
    ('bd-x2', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-folder@contoso.com', 'member', '198.51.100.50', 'US', 7922, 0);
-- Two weeks of ordinary downloads.
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, object_id, audit_data)
SELECT 'bd-' || u.name || '-' || d || '-' || i, TIMESTAMP '2026-03-01 08:00:00' + d * INTERVAL '1' DAY + i * u.step * INTERVAL '1' MINUTE,
    'SharePointFileOperation', 'FileDownloaded', 'SharePoint', u.name || '@contoso.com', u.ip, NULL,
    'https://contoso.sharepoint.com/sites/Team/Shared Documents/' || u.name || '-' || d || '-' || i || '.docx',
    '{"SiteUrl":"https://contoso.sharepoint.com/sites/Team/","UserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0"}'
FROM (VALUES ('alice', '203.0.113.10', 3 + 0, 7), ('bob', '203.0.113.20', 4, 9), ('dave', '203.0.113.40', 2, 11),
             ('nearmiss-heavy', '198.51.100.30', 150, 4)) u(name, ip, k, step),
    range(14) r(d), range(200) s(i)
WHERE i < u.k + d % 3;
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, object_id, audit_data)
SELECT 'bd-' || a.who || '-' || i, a.at0 + i * a.step * INTERVAL '1' SECOND, 'SharePointFileOperation', a.op, a.workload,
    a.who || '@contoso.com', a.ip, NULL, a.site || 'Shared Documents/' || a.who || '/file-' || i || '.xlsx',
    '{"SiteUrl":"' || a.site || '","UserAgent":"' || a.ua || '","IsManagedDevice":' || a.managed || '}'
FROM (VALUES
    ('alice', TIMESTAMP '2026-03-15 10:20:00', 7, 300, 'FileDownloaded', 'SharePoint', '192.0.2.80', 'https://contoso.sharepoint.com/sites/Finance/', 'python-requests/2.32.3', 'false'),
    ('bob', TIMESTAMP '2026-03-16 14:05:00', 10, 200, 'FileDownloaded', 'OneDrive', '192.0.2.81', 'https://contoso-my.sharepoint.com/personal/bob_contoso_com/', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'false'),
    ('carol', TIMESTAMP '2026-03-15 09:00:00', 20, 120, 'FileDownloaded', 'SharePoint', '203.0.113.31', 'https://contoso.sharepoint.com/sites/Onboarding/', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15', 'false'),
    ('dave', TIMESTAMP '2026-03-16 09:00:00', 5, 400, 'FileSyncDownloadedFull', 'OneDrive', '203.0.113.41', 'https://contoso-my.sharepoint.com/personal/dave_contoso_com/', 'Microsoft SkyDriveSync 24.201.1006.0005 ship; Windows NT 10.0 (26100)', 'true'),
    ('nearmiss-folder', TIMESTAMP '2026-03-16 11:00:00', 30, 40, 'FileDownloaded', 'SharePoint', '198.51.100.50', 'https://contoso.sharepoint.com/sites/Projects/', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0', 'true'),
    ('nearmiss-heavy', TIMESTAMP '2026-03-16 10:00:00', 30, 100, 'FileDownloaded', 'SharePoint', '198.51.100.30', 'https://contoso.sharepoint.com/sites/Design/', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Chrome/124.0', 'true')
) a(who, at0, step, n, op, workload, ip, site, ua, managed), range(400) s(i)
WHERE i < a.n;
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, audit_data) VALUES
    ('bd-carol-first', TIMESTAMP '2026-03-14 09:00:00', 'AzureActiveDirectoryStsLogon', 'UserLoggedIn', 'AzureActiveDirectory', 'carol@contoso.com', '203.0.113.30', '{}');
