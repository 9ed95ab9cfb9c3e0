-- id: app_credential_added
-- title: Credential added to an application or service principal
-- severity: medium
-- tactic: Persistence
-- technique: T1098.001
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "New access credential added to Application or Service Principal"
--   (NewAppOrServicePrincipalCredential): "Certificates and secrets management" updates and "Add service
--   principal credentials" where the KeyDescription property gains a key.
-- description: A client secret or certificate was added to an app registration or service principal, a
--   common way to keep access after compromising an administrator (Solorigate, Midnight Blizzard). Removals
--   and other application updates do not count. One detection per audit record; the target is the app.
-- remediation: Confirm with the app's owner. If the credential is unexpected, delete it, review the app's
--   permissions and sign-ins (service principal sign-in logs), and treat the account that added it as
--   compromised. Restrict who may manage app credentials and prefer certificates or managed identities.
WITH changes AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_name, target_type,
        coalesce(er_prop_new(target_resources, 'KeyDescription'), '') AS new_keys,
        coalesce(er_prop_old(target_resources, 'KeyDescription'), '') AS old_keys
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND (lower(activity) LIKE '%certificates and secrets management%'
           OR lower(activity) = 'add service principal credentials')
      AND coalesce(result, 'success') = 'success'
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    'medium' AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ' added a credential to ' || coalesce(lower(target_type) || ' ', '')
        || coalesce(target_name, '?') || ' (' || trim(activity) || ') at ' || CAST(activity_at AS VARCHAR) AS evidence,
    target_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM changes
WHERE lower(activity) = 'add service principal credentials'
   OR (length(new_keys) - length(replace(new_keys, 'KeyIdentifier=', ''))) > (length(old_keys) - length(replace(old_keys, 'KeyIdentifier=', '')))
ORDER BY detection_key
