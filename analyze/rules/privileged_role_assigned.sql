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
--   eligibility and non-privileged roles do not count. Routine administration is low: an actor who assigned
--   roles on an earlier day of the look-back, in their working hours (from their own sign-ins), from an
--   address they had signed in from before. One detection per audit record; the detection's user is who
--   gave the role, its target who received it.
-- remediation: Confirm the assignment with the change process. If it was not approved, remove the role,
--   treat both the account that gave it and the one that received it as compromised (reset, revoke
--   sessions), and review what the new role holder did. Assign privileged roles through PIM with approval.
-- param: new_ip_hours int 48  an address the actor first used this shortly before is not a known one, in hours
-- param: lookback_days int 30  days of history for the actor's habits
-- param: usual_hour_days int 2  days on which the actor signed in within an hour of this time of day that make it a working hour
WITH adds AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip,
        coalesce(target_upn, er_target_user(target_resources)) AS target_upn, target_name,
        er_role_name(target_resources, target_name, target_type) AS role_name
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND lower(activity) LIKE 'add%member to role%'
      AND lower(activity) NOT LIKE '%activation%'
      AND coalesce(result, 'success') = 'success'
),
context AS (
    SELECT a.*,
        EXISTS (SELECT 1 FROM directory_audits p
                WHERE p.actor_upn = a.actor_upn AND lower(p.activity) LIKE 'add%member to role%'
                  AND CAST(p.activity_at AS DATE) < CAST(a.activity_at AS DATE)
                  AND p.activity_at >= a.activity_at - $lookback_days * INTERVAL '1' DAY
                  AND coalesce(p.result, 'success') = 'success') AS usual_actor,
        er_known_ip(a.actor_upn, a.actor_ip, a.activity_at, $new_ip_hours) AS known_ip,
        er_days_at_hour(a.actor_upn, a.activity_at, $lookback_days) >= $usual_hour_days AS in_hours
    FROM adds a
    WHERE lower(a.role_name) IN (SELECT role_name FROM privileged_roles)
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name,
    actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN usual_actor AND known_ip AND in_hours THEN 'low' ELSE 'medium' END AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ' gave ' || coalesce(target_upn, target_name, 'an account')
        || ' the role ' || role_name || ' (' || activity || ') at ' || CAST(activity_at AS VARCHAR)
        || CASE WHEN usual_actor AND known_ip AND in_hours THEN '; routine: the actor assigns roles, in their usual hours, from an address they use'
                ELSE '' END AS evidence,
    coalesce(target_upn, target_name) AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM context
ORDER BY detection_key
