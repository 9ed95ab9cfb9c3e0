-- conditional_access.csv: one row per policy and result, as appliedConditionalAccessPolicies
-- records them (a policy is listed once per sign-in). A policy's name is the latest it had
-- in the period. Enforced results come first, then report-only ones ("what would this
-- policy have done"), then policies that were off.
WITH names AS (
    SELECT policy_id, arg_max(policy_name, created_at) AS policy_name
    FROM cmp_policies GROUP BY policy_id
),
results AS (
    SELECT policy_id, result,
        count(*) AS sign_ins,
        count(DISTINCT upn) AS users,
        count(*) FILTER (WHERE ok) AS successful_sign_ins,
        min(created_at) AS first_seen,
        max(created_at) AS last_seen
    FROM cmp_policies
    GROUP BY policy_id, result
)
SELECT r.policy_id, n.policy_name, r.result, r.sign_ins, r.users,
    CASE WHEN starts_with(r.result, 'reportOnly') THEN 'report-only'
         WHEN r.result = 'notEnabled' THEN 'off'
         ELSE 'enforced' END AS mode,
    r.successful_sign_ins, r.first_seen, r.last_seen
FROM results r JOIN names n USING (policy_id)
ORDER BY CASE WHEN starts_with(r.result, 'reportOnly') THEN 1 WHEN r.result = 'notEnabled' THEN 2 ELSE 0 END,
    n.policy_name, r.policy_id,
    CASE r.result WHEN 'success' THEN 0 WHEN 'failure' THEN 1 WHEN 'notApplied' THEN 2
        WHEN 'reportOnlySuccess' THEN 3 WHEN 'reportOnlyFailure' THEN 4 WHEN 'reportOnlyInterrupted' THEN 5
        WHEN 'reportOnlyNotApplied' THEN 6 ELSE 7 END,
    r.result
