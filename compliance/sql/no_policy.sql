-- The "No policy applied" sheet: successful sign-ins to which no Conditional Access policy
-- applied, by application and client app (the gaps a policy does not cover).
SELECT s.app, s.client_app,
    count(*) AS sign_ins,
    count(DISTINCT s.upn) AS users,
    count(*) FILTER (WHERE s.category = 'interactive') AS interactive,
    min(s.created_at) AS first_seen,
    max(s.created_at) AS last_seen
FROM cmp_signins s JOIN cmp_ca_applied c ON c.id = s.id
WHERE s.ok AND NOT c.applied
GROUP BY s.app, s.client_app
ORDER BY sign_ins DESC, s.app, s.client_app
