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
--   and other application updates do not count. Routine secret rotation is low: the app's usual owner (an
--   account that changed the app, or was made its owner, on an earlier day of the look-back), in their
--   working hours (from their own sign-ins), from an address they had signed in from before. One detection
--   per audit record; the target is the app.
-- remediation: Confirm with the app's owner. If the credential is unexpected, delete it, review the app's
--   permissions and sign-ins (service principal sign-in logs), and treat the account that added it as
--   compromised. Restrict who may manage app credentials and prefer certificates or managed identities.
-- param: new_ip_hours int 48  an address the actor first used this shortly before is not a known one, in hours
-- param: lookback_days int 90  days of history that make an actor the app's usual owner, and learn their hours
-- param: usual_hour_days int 2  days on which the actor signed in within an hour of this time of day that make it a working hour
WITH changes AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_id, target_name, target_type,
        coalesce(er_prop_new(target_resources, 'KeyDescription'), '') AS new_keys,
        coalesce(er_prop_old(target_resources, 'KeyDescription'), '') AS old_keys
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND (lower(activity) LIKE '%certificates and secrets management%'
           OR lower(activity) = 'add service principal credentials')
      AND coalesce(result, 'success') = 'success'
),
added AS (
    SELECT * FROM changes
    WHERE lower(activity) = 'add service principal credentials'
       OR (length(new_keys) - length(replace(new_keys, 'KeyIdentifier=', ''))) > (length(old_keys) - length(replace(old_keys, 'KeyIdentifier=', '')))
),
context AS (
    SELECT a.*,
        EXISTS (SELECT 1 FROM directory_audits p
                WHERE (p.actor_upn = a.actor_upn OR p.target_upn = a.actor_upn)
                  AND CAST(p.activity_at AS DATE) < CAST(a.activity_at AS DATE)
                  AND p.activity_at >= a.activity_at - $lookback_days * INTERVAL '1' DAY
                  AND coalesce(p.result, 'success') = 'success'
                  AND (p.target_id = a.target_id OR lower(p.target_name) = lower(a.target_name)
                       OR contains(lower(CAST(p.target_resources AS VARCHAR)), lower(a.target_name)))
                  AND (lower(p.activity) LIKE '%application%' OR lower(p.activity) LIKE '%service principal%')) AS usual_owner,
        er_known_ip(a.actor_upn, a.actor_ip, a.activity_at, $new_ip_hours) AS known_ip,
        er_days_at_hour(a.actor_upn, a.activity_at, $lookback_days) >= $usual_hour_days AS in_hours
    FROM added a
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN usual_owner AND known_ip AND in_hours THEN 'low' ELSE 'medium' END AS severity,
    coalesce(actor_upn, actor_app_name, 'an unknown actor') || ' added a credential to ' || coalesce(lower(target_type) || ' ', '')
        || coalesce(target_name, '?') || ' (' || trim(activity) || ') at ' || CAST(activity_at AS VARCHAR)
        || CASE WHEN actor_upn IS NULL THEN ''
                WHEN usual_owner AND known_ip AND in_hours THEN '; routine rotation: the app''s usual owner, in their usual hours, from an address they use'
                ELSE rtrim('; not routine:' || CASE WHEN usual_owner THEN '' ELSE ' the actor had not managed this app before;' END
                     || CASE WHEN known_ip THEN '' ELSE ' from an address the actor had not used before;' END
                     || CASE WHEN in_hours THEN '' ELSE ' outside the actor''s usual hours;' END, ';') END AS evidence,
    target_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM context
ORDER BY detection_key
