-- mfa_coverage.csv: one row per user with a successful sign-in in the period. Users never
-- seen with MFA come first, then those with the most single-factor sign-ins.
WITH f AS (
    SELECT s.*, f.factor FROM cmp_signins s LEFT JOIN cmp_factor f ON f.id = s.id
)
SELECT upn AS user_principal_name,
    count(*) AS sign_ins,
    count(*) FILTER (WHERE ok) AS successful_sign_ins,
    count(*) FILTER (WHERE factor = 'single') AS single_factor_successes,
    count(*) FILTER (WHERE factor = 'multi') AS multi_factor_successes,
    CASE WHEN count(factor) > 0
        THEN round(count(*) FILTER (WHERE factor = 'multi') / count(factor), 4) END AS mfa_share,
    coalesce(string_agg(DISTINCT app, '; ' ORDER BY app) FILTER (WHERE factor = 'single'), '') AS single_factor_apps,
    max(created_at) FILTER (WHERE factor = 'single') AS last_single_factor_at,
    count(*) FILTER (WHERE ok AND factor IS NULL) AS unknown_method_successes,
    coalesce(string_agg(DISTINCT client_app, '; ' ORDER BY client_app) FILTER (WHERE factor = 'single'), '') AS single_factor_clients,
    max(created_at) FILTER (WHERE ok) AS last_sign_in_at
FROM f
GROUP BY upn
HAVING count(*) FILTER (WHERE ok) > 0
ORDER BY (count(*) FILTER (WHERE factor = 'multi') = 0 AND count(*) FILTER (WHERE factor = 'single') > 0) DESC,
    single_factor_successes DESC, user_principal_name
