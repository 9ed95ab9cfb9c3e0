-- Fires: 203.0.113.70 tries 3 disabled accounts in a day; harry (disabled) is tried from 203.0.113.71, an address he never used.
-- Near-miss: nearmiss-leaver's phone keeps retrying from his usual home address 198.51.100.70;
--   198.51.100.71 tries 2 disabled accounts it had used before... (nearmiss-a, nearmiss-b, both known there).
INSERT INTO fx_signins BY NAME
SELECT 'da-ip-' || i AS id, TIMESTAMP '2026-03-10 02:00:00' + i * INTERVAL 7 MINUTE AS created_at,
    ['old1@contoso.com', 'old2@contoso.com', 'old3@contoso.com'][1 + i % 3] AS user_principal_name,
    '203.0.113.70' AS ip_address, 50057 AS error_code
FROM range(6) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('da-harry-ok', TIMESTAMP '2026-03-01 09:00:00', 'harry@contoso.com', '198.51.100.72', 0),
    ('da-harry-1', TIMESTAMP '2026-03-10 03:00:00', 'harry@contoso.com', '203.0.113.71', 50057),
    ('da-harry-2', TIMESTAMP '2026-03-10 03:01:00', 'harry@contoso.com', '203.0.113.71', 50057),
    ('da-leaver-ok', TIMESTAMP '2026-03-02 18:00:00', 'nearmiss-leaver@contoso.com', '198.51.100.70', 0),
    ('da-leaver-1', TIMESTAMP '2026-03-10 06:00:00', 'nearmiss-leaver@contoso.com', '198.51.100.70', 50057),
    ('da-leaver-2', TIMESTAMP '2026-03-10 07:00:00', 'nearmiss-leaver@contoso.com', '198.51.100.70', 50057),
    ('da-leaver-3', TIMESTAMP '2026-03-10 08:00:00', 'nearmiss-leaver@contoso.com', '198.51.100.70', 50057),
    ('da-a-ok', TIMESTAMP '2026-03-03 08:00:00', 'nearmiss-a@contoso.com', '198.51.100.71', 0),
    ('da-b-ok', TIMESTAMP '2026-03-03 08:10:00', 'nearmiss-b@contoso.com', '198.51.100.71', 0),
    ('da-a-1', TIMESTAMP '2026-03-10 08:00:00', 'nearmiss-a@contoso.com', '198.51.100.71', 50057),
    ('da-b-1', TIMESTAMP '2026-03-10 08:05:00', 'nearmiss-b@contoso.com', '198.51.100.71', 50057);
-- Fires too: after trying the disabled accounts, 203.0.113.70 signs in as nora (high).
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('da-nora-ok', TIMESTAMP '2026-03-10 02:50:00', 'nora@contoso.com', '203.0.113.70', 0);
