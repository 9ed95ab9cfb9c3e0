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
--   audit record; the target is the domain.
-- remediation: Confirm the change with the identity team at once. If unexpected, revert the domain to
--   managed authentication or restore the known federation settings (Get-/Update-MgDomainFederationConfiguration),
--   rotate the token-signing certificates, revoke all sessions of the domain's users, and investigate the
--   account that made the change.
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
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    'high' AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ': ' || trim(activity) || ' for '
        || coalesce(target_name, 'a domain') || ' at ' || CAST(activity_at AS VARCHAR) AS evidence,
    target_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM changes
ORDER BY detection_key
