-- id: conditional_access_changed
-- title: Conditional Access policy added, changed or deleted
-- severity: medium
-- tactic: Defense Evasion, Persistence
-- technique: T1556.009
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "Conditional Access Policy Modified by New User" and the Sentinel
--   hunting query for Conditional Access changes: "Add conditional access policy", "Update conditional
--   access policy" and "Delete conditional access policy".
-- description: A Conditional Access policy was created, changed or deleted: attackers weaken or exclude
--   themselves from the policies that would stop them. One detection per audit record; the target is the
--   policy. Deletions are high.
-- remediation: Compare the policy with its previous version (the audit record's old and new values) and
--   with the change process; restore it if the change was not approved, and review the account that made
--   it. Protect Conditional Access changes with a dedicated role and PIM approval.
WITH changes AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_name
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND lower(activity) IN ('add conditional access policy', 'update conditional access policy',
                              'delete conditional access policy')
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN lower(activity) LIKE 'delete%' THEN 'high' ELSE 'medium' END AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ': ' || trim(activity) || ' "'
        || coalesce(target_name, '?') || '" at ' || CAST(activity_at AS VARCHAR) AS evidence,
    target_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM changes
ORDER BY detection_key
