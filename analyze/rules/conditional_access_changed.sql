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
--   policy. Deletions are high. Routine administration lowers it: an actor who changed Conditional Access on
--   an earlier day of the look-back, in their working hours, from an address they had signed in from before,
--   makes an addition or update low and a deletion medium.
-- remediation: Compare the policy with its previous version (the audit record's old and new values) and
--   with the change process; restore it if the change was not approved, and review the account that made
--   it. Protect Conditional Access changes with a dedicated role and PIM approval.
-- param: new_ip_hours int 48  an address the actor first used this shortly before is not a known one, in hours
-- param: lookback_days int 30  days of history for the actor's habits
-- param: usual_hour_days int 2  days on which the actor signed in within an hour of this time of day that make it a working hour
WITH changes AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_name
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND lower(activity) IN ('add conditional access policy', 'update conditional access policy',
                              'delete conditional access policy')
),
context AS (
    SELECT c.*,
        EXISTS (SELECT 1 FROM directory_audits p
                WHERE p.actor_upn = c.actor_upn AND lower(p.activity) IN ('add conditional access policy', 'update conditional access policy',
                                                     'delete conditional access policy')
                  AND CAST(p.activity_at AS DATE) < CAST(c.activity_at AS DATE)
                  AND p.activity_at >= c.activity_at - $lookback_days * INTERVAL '1' DAY
                  AND coalesce(p.result, 'success') = 'success') AS usual_actor,
        er_known_ip(c.actor_upn, c.actor_ip, c.activity_at, $new_ip_hours) AS known_ip,
        er_days_at_hour(c.actor_upn, c.activity_at, $lookback_days) >= $usual_hour_days AS in_hours
    FROM changes c
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN usual_actor AND known_ip AND in_hours THEN CASE WHEN lower(activity) LIKE 'delete%' THEN 'medium' ELSE 'low' END
         WHEN lower(activity) LIKE 'delete%' THEN 'high' ELSE 'medium' END AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ': ' || trim(activity) || ' "'
        || coalesce(target_name, '?') || '" at ' || CAST(activity_at AS VARCHAR)
        || CASE WHEN usual_actor AND known_ip AND in_hours THEN '; routine: the actor manages Conditional Access, in their usual hours, from an address they use'
                ELSE '' END AS evidence,
    target_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM context
ORDER BY detection_key
