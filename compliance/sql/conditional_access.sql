-- conditional_access.csv: one row per policy and result, as appliedConditionalAccessPolicies
-- records them. A policy's name is the latest it had in the period. Enforced results come
-- first, then report-only ones ("what would this policy have done"), then policies that
-- were off.
WITH named AS (
    SELECT *, last_value(policy_name) OVER (PARTITION BY policy_id ORDER BY created_at, signin_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS latest_name
    FROM cmp_policies
)
SELECT policy_id, min(latest_name) AS policy_name, result,
    count(DISTINCT signin_id) AS sign_ins,
    count(DISTINCT upn) AS users,
    CASE WHEN starts_with(result, 'reportOnly') THEN 'report-only'
         WHEN result = 'notEnabled' THEN 'off'
         ELSE 'enforced' END AS mode,
    count(DISTINCT signin_id) FILTER (WHERE ok) AS successful_sign_ins,
    min(created_at) AS first_seen,
    max(created_at) AS last_seen
FROM named
GROUP BY policy_id, result
ORDER BY CASE WHEN starts_with(result, 'reportOnly') THEN 1 WHEN result = 'notEnabled' THEN 2 ELSE 0 END,
    policy_name, policy_id,
    CASE result WHEN 'success' THEN 0 WHEN 'failure' THEN 1 WHEN 'notApplied' THEN 2
        WHEN 'reportOnlySuccess' THEN 3 WHEN 'reportOnlyFailure' THEN 4 WHEN 'reportOnlyInterrupted' THEN 5
        WHEN 'reportOnlyNotApplied' THEN 6 ELSE 7 END,
    result
