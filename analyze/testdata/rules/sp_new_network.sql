-- Fires: Payroll Sync signs in every hour for two weeks from one Azure address (AS8075, US), then with
--   its client secret from M247 in Romania (new network and country: high); Report Exporter moves from
--   AS8075 to AS16509 in the same country (medium); Fresh App, two days old, shows up on a new network
--   (low: the baseline is short).
-- Near-miss: nearmiss-hourly signs in every hour from the same address (its first sign-in is the
--   baseline, not a finding); nearmiss-azure moves to another Azure address in the same ASN;
--   nearmiss-func (a managed identity) moves between internal addresses with no ASN; nearmiss-failed
--   fails (7000215, a wrong secret) from a new network.
INSERT INTO fx_signins BY NAME
SELECT 'snn-' || sp || '-' || i AS id, TIMESTAMP '2026-03-01 00:05:00' + i * INTERVAL 1 HOUR AS created_at,
    'service_principal' AS category, sp || '-id' AS service_principal_id, sp AS service_principal_name,
    sp || '-app' AS app_id, ip AS ip_address, 'US' AS country, asn, 0 AS error_code,
    'clientSecret' AS client_credential_type
FROM range(14 * 24) t(i),
    (VALUES ('payroll-sync', '20.51.6.17', 8075), ('report-exporter', '20.51.6.18', 8075),
            ('nearmiss-hourly', '198.51.100.17', 8075), ('nearmiss-azure', '198.51.100.18', 8075),
            ('nearmiss-failed', '198.51.100.19', 8075)) v(sp, ip, asn);
INSERT INTO fx_signins (id, created_at, category, service_principal_id, service_principal_name, app_id, ip_address, country, asn, error_code, client_credential_type) VALUES
    ('snn-payroll-x1', TIMESTAMP '2026-03-15 03:12:00', 'service_principal', 'payroll-sync-id', 'payroll-sync', 'payroll-sync-app', '146.70.12.34', 'RO', 9009, 0, 'clientSecret'),
    ('snn-payroll-x2', TIMESTAMP '2026-03-15 03:40:00', 'service_principal', 'payroll-sync-id', 'payroll-sync', 'payroll-sync-app', '146.70.12.35', 'RO', 9009, 0, 'clientSecret'),
    ('snn-report-x1', TIMESTAMP '2026-03-15 10:00:00', 'service_principal', 'report-exporter-id', 'report-exporter', 'report-exporter-app', '3.208.10.20', 'US', 16509, 0, 'clientAssertion'),
    ('snn-fresh-1', TIMESTAMP '2026-03-13 09:00:00', 'service_principal', 'fresh-app-id', 'fresh-app', 'fresh-app-app', '20.51.6.40', 'US', 8075, 0, 'clientSecret'),
    ('snn-fresh-2', TIMESTAMP '2026-03-14 09:00:00', 'service_principal', 'fresh-app-id', 'fresh-app', 'fresh-app-app', '20.51.6.40', 'US', 8075, 0, 'clientSecret'),
    ('snn-fresh-3', TIMESTAMP '2026-03-15 09:00:00', 'service_principal', 'fresh-app-id', 'fresh-app', 'fresh-app-app', '167.99.1.2', 'US', 14061, 0, 'clientSecret'),
    ('snn-nm-hourly', TIMESTAMP '2026-03-15 10:05:00', 'service_principal', 'nearmiss-hourly-id', 'nearmiss-hourly', 'nearmiss-hourly-app', '198.51.100.17', 'US', 8075, 0, 'clientSecret'),
    ('snn-nm-azure', TIMESTAMP '2026-03-15 10:05:00', 'service_principal', 'nearmiss-azure-id', 'nearmiss-azure', 'nearmiss-azure-app', '198.51.100.99', 'US', 8075, 0, 'clientSecret'),
    ('snn-nm-failed', TIMESTAMP '2026-03-15 10:05:00', 'service_principal', 'nearmiss-failed-id', 'nearmiss-failed', 'nearmiss-failed-app', '146.70.12.36', 'RO', 9009, 7000215, 'clientSecret');
INSERT INTO fx_signins BY NAME
SELECT 'snn-func-' || i AS id, TIMESTAMP '2026-03-01 00:00:00' + i * INTERVAL 2 HOUR AS created_at,
    'managed_identity' AS category, 'nearmiss-func-id' AS service_principal_id, 'nearmiss-func' AS service_principal_name,
    CASE WHEN i < 150 THEN '10.0.4.7' ELSE '10.0.9.3' END AS ip_address, 0 AS error_code,
    'managedIdentity' AS client_credential_type, 'SystemAssigned' AS managed_identity_type
FROM range(170) t(i);
