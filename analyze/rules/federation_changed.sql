-- id: federation_changed
-- title: Domain federation or authentication changed
-- severity: high
-- tactic: Defense Evasion, Persistence
-- technique: T1484.002
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "Modified domain federation trust settings" (ADFSDomainTrustMods):
--   "Set federation settings on domain" and "Set domain authentication", the changes behind Golden SAML
--   and Solorigate-style persistence.
-- description: A domain was switched to federated authentication or its federation settings (signing
--   certificate, issuer, endpoints) changed: whoever controls the federation server can then sign in as
--   any user of that domain. Domain changes that do not touch federation do not count. One detection per
--   audit record; the target is the domain. Routine identity work is medium: an actor who changed domain
--   federation or authentication on an earlier day of the look-back, in their working hours, from an address
--   they had signed in from before.
-- remediation: Confirm the change with the identity team at once. If unexpected, revert the domain to
--   managed authentication or restore the known federation settings (Get-/Update-MgDomainFederationConfiguration),
--   rotate the token-signing certificates, revoke all sessions of the domain's users, and investigate the
--   account that made the change.
-- param: new_ip_hours int 48  an address the actor first used this shortly before is not a known one, in hours
-- param: lookback_days int 30  days of history for the actor's habits
-- param: usual_hour_days int 2  days on which the actor signed in within an hour of this time of day that make it a working hour
WITH changes AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_name,
        lower(coalesce(CAST(target_resources AS VARCHAR), '')) AS props
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND (lower(activity) IN ('set federation settings on domain', 'set domain authentication',
                               'update domain federation settings', 'add domain federation settings',
                               'create federation configuration for domain', 'update federation configuration for domain')
           OR (lower(activity) = 'update domain' AND lower(coalesce(CAST(target_resources AS VARCHAR), '')) LIKE '%federat%'))
),
context AS (
    SELECT c.*,
        EXISTS (SELECT 1 FROM directory_audits p
                WHERE p.actor_upn = c.actor_upn AND lower(p.activity) IN ('set federation settings on domain', 'set domain authentication',
                                                     'update domain federation settings', 'add domain federation settings',
                                                     'create federation configuration for domain', 'update federation configuration for domain')
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
    CASE WHEN usual_actor AND known_ip AND in_hours THEN 'medium' ELSE 'high' END AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ': ' || trim(activity) || ' for '
        || coalesce(target_name, 'a domain') || ' at ' || CAST(activity_at AS VARCHAR)
        || CASE WHEN usual_actor AND known_ip AND in_hours THEN '; routine: the actor manages federation, in their usual hours, from an address they use'
                ELSE '' END AS evidence,
    target_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM context
ORDER BY detection_key
