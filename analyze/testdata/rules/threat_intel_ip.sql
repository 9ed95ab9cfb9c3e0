-- settings: {"ThreatIntel": ["203.0.113.150", "192.0.2.0/28", "2001:db8:bad::/48"]}
-- Fires: yara signs in from 203.0.113.150 (listed address, high); zack from 192.0.2.9 (inside a listed range, high);
--   amy from 2001:db8:bad::7 (IPv6 range) but fails (low).
-- Near-miss: nearmiss-next signs in from 192.0.2.16, just outside the /28.
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('ti-yara-1', TIMESTAMP '2026-03-10 08:00:00', 'yara@contoso.com', '203.0.113.150', 0),
    ('ti-zack-1', TIMESTAMP '2026-03-10 09:00:00', 'zack@contoso.com', '192.0.2.9', 50126),
    ('ti-zack-2', TIMESTAMP '2026-03-10 09:01:00', 'zack@contoso.com', '192.0.2.9', 0),
    ('ti-amy-1', TIMESTAMP '2026-03-10 10:00:00', 'amy@contoso.com', '2001:db8:bad::7', 50126),
    ('ti-next-1', TIMESTAMP '2026-03-10 10:00:00', 'nearmiss-next@contoso.com', '192.0.2.16', 0);
