-- Fires: uma's sign-in rated high during sign-in; victor's risk detection "LeakedCredentials" (capitals:
--   types compare without case) with the level hidden (no P2) is high; wendy's "unfamiliarFeatures" is
--   medium; xena is a risky user Microsoft confirmed compromised.
-- Near-miss: nearmiss-none's sign-in carries risk level "none"; nearmiss-dismissed's detection was
--   dismissed in Entra; nearmiss-remediated is a risky user already remediated.
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code, risk_level_during_signin, risk_level_aggregated, risk_state, risk_event_types) VALUES
    ('mr-uma-1', TIMESTAMP '2026-03-10 08:00:00', 'uma@contoso.com', '203.0.113.140', 0, 'high', 'high', 'atRisk', ['anonymizedIPAddress', 'unfamiliarFeatures']),
    ('mr-none-1', TIMESTAMP '2026-03-10 08:00:00', 'nearmiss-none@contoso.com', '198.51.100.140', 0, 'none', 'none', 'none', []);
INSERT INTO fx_risk_detections (id, request_id, risk_event_type, risk_state, risk_level, detected_at, user_principal_name, ip_address) VALUES
    ('mr-rd-victor', NULL, 'LeakedCredentials', 'atRisk', 'hidden', TIMESTAMP '2026-03-11 00:00:00', 'victor@contoso.com', NULL),
    ('mr-rd-wendy', 'mr-wendy-signin', 'unfamiliarFeatures', 'atRisk', 'medium', TIMESTAMP '2026-03-11 09:00:00', 'wendy@contoso.com', '203.0.113.141'),
    ('mr-rd-dismissed', NULL, 'anonymizedIPAddress', 'dismissed', 'medium', TIMESTAMP '2026-03-11 09:00:00', 'nearmiss-dismissed@contoso.com', '198.51.100.141');
INSERT INTO fx_signins (id, created_at, user_principal_name, ip_address, error_code) VALUES
    ('mr-wendy-signin', TIMESTAMP '2026-03-11 08:59:00', 'wendy@contoso.com', '203.0.113.141', 0);
INSERT INTO fx_risky_users (id, user_principal_name, risk_level, risk_state, risk_detail, risk_last_updated_at) VALUES
    ('obj-xena', 'xena@contoso.com', 'high', 'confirmedCompromised', 'adminConfirmedUserCompromised', TIMESTAMP '2026-03-12 10:00:00'),
    ('obj-remediated', 'nearmiss-remediated@contoso.com', 'none', 'remediated', 'userPerformedSecuredPasswordReset', TIMESTAMP '2026-03-12 10:00:00');
