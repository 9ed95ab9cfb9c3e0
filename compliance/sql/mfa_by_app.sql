-- The "MFA by app and client" sheet: successful sign-ins by application and by client app,
-- the most single-factor sign-ins first (the MFA-gaps workbook's "by application").
WITH f AS (
    SELECT s.upn, s.app, s.client_app, f.factor FROM cmp_signins s JOIN cmp_factor f ON f.id = s.id
),
dims AS (
    SELECT 'application' AS dimension, app AS name, * EXCLUDE (app, client_app) FROM f
    UNION ALL
    SELECT 'client app', client_app, * EXCLUDE (app, client_app) FROM f
)
SELECT dimension, name,
    count(DISTINCT upn) AS users,
    count(*) AS successful_sign_ins,
    count(*) FILTER (WHERE factor = 'single') AS single_factor,
    count(*) FILTER (WHERE factor = 'multi') AS multi_factor,
    CASE WHEN count(factor) > 0 THEN round(count(*) FILTER (WHERE factor = 'multi') / count(factor), 4) END AS mfa_share,
    count(*) FILTER (WHERE factor IS NULL) AS method_unknown,
    count(DISTINCT upn) FILTER (WHERE factor = 'single') AS single_factor_users
FROM dims
GROUP BY dimension, name
ORDER BY dimension, single_factor DESC, successful_sign_ins DESC, name
