-- id: privileged_role_assigned
-- title: Privileged directory role assigned
-- severity: medium
-- tactic: Privilege Escalation, Persistence
-- technique: T1098.003
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "User added to Microsoft Entra ID Privileged Groups"
--   (UseraddedtoPrivilgedGroups): "Add member to role" and its PIM variants, for the roles on a
--   privileged list.
-- description: An account was given a privileged directory role (Settings.PrivilegedRoles; by default the
--   roles Microsoft marks privileged), permanently or as eligible. PIM activations of an existing
--   eligibility and non-privileged roles do not count. One detection per audit record; the detection's
--   user is who gave the role, its target who received it.
-- remediation: Confirm the assignment with the change process. If it was not approved, remove the role,
--   treat both the account that gave it and the one that received it as compromised (reset, revoke
--   sessions), and review what the new role holder did. Assign privileged roles through PIM with approval.
WITH adds AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip,
        coalesce(target_upn, er_target_user(target_resources)) AS target_upn, target_name,
        er_role_name(target_resources, target_name, target_type) AS role_name
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND lower(activity) LIKE 'add%member to role%'
      AND lower(activity) NOT LIKE '%activation%'
      AND coalesce(result, 'success') = 'success'
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name,
    actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    'medium' AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ' gave ' || coalesce(target_upn, target_name, 'an account')
        || ' the role ' || role_name || ' (' || activity || ') at ' || CAST(activity_at AS VARCHAR) AS evidence,
    coalesce(target_upn, target_name) AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM adds
WHERE lower(role_name) IN (SELECT role_name FROM privileged_roles)
ORDER BY detection_key
