-- mfa_prompts.csv: one row per user asked for a second factor in the period, the most
-- prompted first (the authentication-prompts workbook: over-prompting is how MFA fatigue
-- starts). busiest_hour is the most prompts within one clock hour.
WITH hours AS (
    SELECT upn, max(n) AS busiest FROM (
        SELECT upn, count(*) AS n FROM cmp_prompts GROUP BY upn, date_trunc('hour', created_at)
    ) GROUP BY upn
)
SELECT p.upn AS user_principal_name,
    count(*) AS prompts,
    count(*) FILTER (WHERE outcome = 'approved') AS approved,
    count(*) FILTER (WHERE outcome = 'denied') AS denied,
    count(*) FILTER (WHERE outcome = 'no_response') AS no_response,
    count(*) FILTER (WHERE outcome = 'fraud') AS fraud_reported,
    string_agg(DISTINCT app, '; ' ORDER BY app) AS apps,
    count(*) FILTER (WHERE outcome = 'other') AS other_failures,
    any_value(h.busiest) AS busiest_hour,
    min(created_at) AS first_prompt,
    max(created_at) AS last_prompt,
    string_agg(DISTINCT method, '; ' ORDER BY method) AS methods
FROM cmp_prompts p JOIN hours h USING (upn)
GROUP BY p.upn
ORDER BY prompts DESC, fraud_reported DESC, denied DESC, user_principal_name
