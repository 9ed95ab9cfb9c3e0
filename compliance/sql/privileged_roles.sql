-- privileged_roles.csv: one row per privileged role change (the roles analyze counts as
-- privileged), newest first.
SELECT activity_at AS activity_time, action, role, target, actor, actor_ip, result,
    activity,
    CASE WHEN EXISTS (SELECT 1 FROM analyze_runs) THEN rule_ids IS NOT NULL END AS flagged,
    coalesce(rule_ids, '') AS rule_ids,
    id AS record_id
FROM cmp_roles_changed
ORDER BY activity_time DESC, id
