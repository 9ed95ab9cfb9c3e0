-- Fires: pat signs in from Amsterdam, then 50 minutes later from Sydney (coordinates in the log);
--   quinn (portal CSV: country only) signs in from DE, then 2 hours later from BR (centroids).
--   rosa's phone on T-Mobile (AS 21928) geolocates to Boston, then to Seattle 20 minutes later (low: one carrier,
--   one country);
--   sven's managed laptop signs in from London, then through a VPN from New York (low: one managed device);
--   tomas, on his home broadband (AS 3320) and his phone's carrier (AS 3209) on earlier days, hops between the
--   two, geolocated Munich and Hamburg, 12 minutes apart (low: two networks of one country he already used);
--   uma, at home on AS 3320 for days, signs in 10 minutes later from a hosting network in Hamburg she never
--   used (medium: one of the two networks is new).
-- Near-miss: nearmiss-flyer flies London to New York (5,570 km in 8 hours);
--   nearmiss-commuter hops 60 km in 10 minutes (geolocation noise);
--   nearmiss-vpn's second sign-in comes from the trusted VPN range.
-- settings: {"TrustedIPs": ["198.51.100.128/25"]}
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, latitude, longitude) VALUES
    ('it-pat-1', TIMESTAMP '2026-03-10 08:00:00', 'pat@contoso.com', '203.0.113.110', 0, 'NL', 'Amsterdam', 52.37, 4.90),
    ('it-pat-2', TIMESTAMP '2026-03-10 08:50:00', 'pat@contoso.com', '203.0.113.111', 0, 'AU', 'Sydney', -33.87, 151.21),
    ('it-quinn-1', TIMESTAMP '2026-03-10 10:00:00', 'quinn@contoso.com', '203.0.113.112', 0, 'DE', NULL, NULL, NULL),
    ('it-quinn-2', TIMESTAMP '2026-03-10 12:00:00', 'quinn@contoso.com', '203.0.113.113', 0, 'BR', NULL, NULL, NULL),
    ('it-flyer-1', TIMESTAMP '2026-03-10 08:00:00', 'nearmiss-flyer@contoso.com', '198.51.100.1', 0, 'GB', 'London', 51.51, -0.13),
    ('it-flyer-2', TIMESTAMP '2026-03-10 16:00:00', 'nearmiss-flyer@contoso.com', '198.51.100.2', 0, 'US', 'New York', 40.71, -74.01),
    ('it-commuter-1', TIMESTAMP '2026-03-10 08:00:00', 'nearmiss-commuter@contoso.com', '198.51.100.3', 0, 'GB', 'London', 51.51, -0.13),
    ('it-commuter-2', TIMESTAMP '2026-03-10 08:10:00', 'nearmiss-commuter@contoso.com', '198.51.100.4', 0, 'GB', 'Reading', 51.45, -0.97),
    ('it-vpn-1', TIMESTAMP '2026-03-10 08:00:00', 'nearmiss-vpn@contoso.com', '198.51.100.5', 0, 'GB', 'London', 51.51, -0.13),
    ('it-vpn-2', TIMESTAMP '2026-03-10 08:20:00', 'nearmiss-vpn@contoso.com', '198.51.100.200', 0, 'US', 'Ashburn', 39.04, -77.49);
-- Near-miss: nearmiss-wfh in Chicago hops to the New York office egress 198.51.100.150 (where 12 people
--   sign in: a shared address) and back, minutes apart.
INSERT INTO fx_signins BY NAME
SELECT 'it-office-' || i AS id, TIMESTAMP '2026-03-10 09:00:00' + i * INTERVAL 1 MINUTE AS created_at,
    'nearmiss-staff' || i || '@contoso.com' AS user_principal_name, '198.51.100.150' AS ip_address, 0 AS error_code,
    'US' AS country, 'New York' AS city, 40.71 AS latitude, -74.01 AS longitude
FROM range(12) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, latitude, longitude) VALUES
    ('it-wfh-1', TIMESTAMP '2026-03-10 14:00:00', 'nearmiss-wfh@contoso.com', '198.51.100.151', 0, 'US', 'Chicago', 41.88, -87.63),
    ('it-wfh-2', TIMESTAMP '2026-03-10 14:05:00', 'nearmiss-wfh@contoso.com', '198.51.100.150', 0, 'US', 'New York', 40.71, -74.01),
    ('it-wfh-3', TIMESTAMP '2026-03-10 14:12:00', 'nearmiss-wfh@contoso.com', '198.51.100.151', 0, 'US', 'Chicago', 41.88, -87.63);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, latitude, longitude, asn, device_id, is_managed, is_compliant) VALUES
    ('it-rosa-1', TIMESTAMP '2026-03-11 13:00:00', 'rosa@contoso.com', '172.56.10.1', 0, 'US', 'Boston', 42.36, -71.06, 21928, 'dev-rosa-phone', false, false),
    ('it-rosa-2', TIMESTAMP '2026-03-11 13:20:00', 'rosa@contoso.com', '172.58.20.2', 0, 'US', 'Seattle', 47.61, -122.33, 21928, 'dev-rosa-phone', false, false),
    ('it-sven-1', TIMESTAMP '2026-03-11 09:00:00', 'sven@contoso.com', '203.0.113.160', 0, 'GB', 'London', 51.51, -0.13, 2856, 'dev-sven', true, true),
    ('it-sven-2', TIMESTAMP '2026-03-11 09:30:00', 'sven@contoso.com', '203.0.113.161', 0, 'US', 'New York', 40.71, -74.01, 3356, 'dev-sven', true, true);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, latitude, longitude, asn)
SELECT 'it-' || u || '-d' || i, TIMESTAMP '2026-03-01 08:00:00' + i * INTERVAL 1 DAY + (CASE WHEN u = 'tomas' THEN i % 2 ELSE 0 END) * INTERVAL 10 HOUR,
    u || '@contoso.com', CASE WHEN u = 'tomas' AND i % 2 = 1 THEN '100.64.1.' || i ELSE '84.150.1.' || i END, 0, 'DE',
    CASE WHEN u = 'tomas' AND i % 2 = 1 THEN 'Hamburg' ELSE 'Munich' END,
    CASE WHEN u = 'tomas' AND i % 2 = 1 THEN 53.55 ELSE 48.14 END, CASE WHEN u = 'tomas' AND i % 2 = 1 THEN 9.99 ELSE 11.58 END,
    CASE WHEN u = 'tomas' AND i % 2 = 1 THEN 3209 ELSE 3320 END
FROM range(8) t(i), (VALUES ('tomas'), ('uma')) v(u);
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, country, city, latitude, longitude, asn) VALUES
    ('it-tomas-1', TIMESTAMP '2026-03-11 08:00:00', 'tomas@contoso.com', '84.150.2.7', 0, 'DE', 'Munich', 48.14, 11.58, 3320),
    ('it-tomas-2', TIMESTAMP '2026-03-11 08:12:00', 'tomas@contoso.com', '100.64.2.9', 0, 'DE', 'Hamburg', 53.55, 9.99, 3209),
    ('it-uma-1', TIMESTAMP '2026-03-11 08:00:00', 'uma@contoso.com', '84.150.2.8', 0, 'DE', 'Munich', 48.14, 11.58, 3320),
    ('it-uma-2', TIMESTAMP '2026-03-11 08:10:00', 'uma@contoso.com', '203.0.113.170', 0, 'DE', 'Hamburg', 53.55, 9.99, 16509);
