-- id: sp_credential_then_use
-- title: Credential added to an app, then used by its service principal from a new network
-- severity: high
-- tactic: Persistence, Initial Access
-- technique: T1098.001, T1078.004
-- source: signins
-- follows: Microsoft Sentinel analytics rules "New access credential added to Application or Service
--   Principal" (NewAppOrServicePrincipalCredential) and "Credential added after admin consented to
--   Application" (CredentialAddedAfterAdminConsent), joined to the service principal sign-ins the way
--   Entra ID Protection's workload identity detection "Suspicious Sign-ins" reads them (unfamiliar ASN
--   or country, credential type), as in the Solorigate and Midnight Blizzard intrusions.
-- description: A client secret or certificate was added to an application or service principal in the
--   directory audit ("Update application – Certificates and secrets management", "Add service principal
--   credentials"), and within the window the app's service principal signed in with a client secret or
--   certificate (clientCredentialType clientSecret, clientAssertion or certificate) from a network
--   (autonomousSystemNumber) it had not signed in from before the credential was added. When the sign-in
--   names its key (servicePrincipalCredentialKeyId) it must be the added one. Low, with the evidence
--   saying so, when the service principal's baseline before the change is short; a service principal
--   with no sign-ins before the change is not judged. One detection per credential record and service
--   principal; the target is the service principal, the evidence names who added the credential.
-- remediation: Remove the added credential at once (Remove-MgApplicationPassword or
--   Remove-MgServicePrincipalPassword with the key id), disable the service principal
--   (Update-MgServicePrincipal -AccountEnabled:$false) until the investigation is done, review its
--   permissions (app role assignments and delegated grants) and owners, and what it did from the new
--   network; rotate any secret it could read (Key Vault). Treat the account that added the credential as
--   compromised.
-- param: window_days int 7  days after the credential was added in which its use counts
-- param: lookback_days int 30  days of sign-ins before the change that make a network familiar
-- param: min_history_days int 7  a baseline shorter than this many days makes the finding low
-- param: min_history_signins int 20  a baseline of fewer successful sign-ins makes the finding low
WITH added AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_id, target_name, target_type,
        er_added_keys(target_resources) AS keys,
        lower(coalesce(er_prop_new(target_resources, 'TargetId.ServicePrincipalNames'),
            list_filter(from_json(additional_details, '[{"key":"VARCHAR","value":"VARCHAR"}]'), kv -> lower(kv.key) = 'appid')[1].value)) AS app_id
    FROM directory_audits
    WHERE activity_at >= $since - $window_days * INTERVAL '1' DAY AND activity_at < $until
      AND (lower(activity) LIKE '%certificates and secrets management%'
           OR lower(activity) = 'add service principal credentials')
      AND coalesce(result, 'success') = 'success'
),
creds AS (
    SELECT * FROM added WHERE len(keys) > 0
),
sp AS (
    SELECT id, created_at, service_principal_id, coalesce(service_principal_name, app_display_name) AS sp_name,
        lower(app_id) AS app_id, ip_address, country, asn, er_network(asn, ip_address) AS net,
        client_credential_type, lower(service_principal_credential_key_id) AS key_id
    FROM signins
    WHERE category = 'service_principal' AND error_code = 0 AND service_principal_id IS NOT NULL
      AND created_at >= $since - ($window_days + $lookback_days) * INTERVAL '1' DAY AND created_at < $until
),
identities AS (
    SELECT service_principal_id, max(sp_name) AS sp_name, max(app_id) AS app_id, list(DISTINCT key_id) AS key_ids
    FROM sp GROUP BY service_principal_id
),
-- The service principal each credential belongs to: the one that signs in with the added key, else
-- the one the record names (its object id, app id or display name).
links AS (
    SELECT DISTINCT c.id AS audit_id, i.service_principal_id, i.sp_name
    FROM creds c JOIN identities i
      ON len(list_intersect(c.keys, i.key_ids)) > 0
         OR i.service_principal_id = c.target_id OR i.app_id = c.app_id OR lower(i.sp_name) = lower(c.target_name)
),
baseline AS (
    SELECT l.audit_id, l.service_principal_id, count(s.id) AS before_n, min(s.created_at) AS first_at,
        list(DISTINCT s.net) AS nets,
        string_agg(DISTINCT s.net || coalesce(' ' || s.country, ''), ', ' ORDER BY s.net || coalesce(' ' || s.country, '')) AS nets_text
    FROM links l
    JOIN creds c ON c.id = l.audit_id
    JOIN sp s ON s.service_principal_id = l.service_principal_id AND s.created_at < c.activity_at
         AND s.created_at >= c.activity_at - $lookback_days * INTERVAL '1' DAY
    GROUP BY l.audit_id, l.service_principal_id
),
uses AS (
    SELECT l.audit_id, l.service_principal_id, s.id, s.created_at, s.ip_address, s.country, s.net,
        s.client_credential_type, s.key_id, list_contains(c.keys, s.key_id) AS added_key
    FROM links l
    JOIN creds c ON c.id = l.audit_id
    JOIN baseline b ON b.audit_id = l.audit_id AND b.service_principal_id = l.service_principal_id
    JOIN sp s ON s.service_principal_id = l.service_principal_id
    WHERE s.created_at > c.activity_at AND s.created_at <= c.activity_at + $window_days * INTERVAL '1' DAY
      AND s.created_at >= $since
      AND lower(s.client_credential_type) IN ('clientsecret', 'clientassertion', 'certificate')
      AND (s.key_id IS NULL OR list_contains(c.keys, s.key_id))
      AND NOT list_contains(b.nets, s.net)
),
found AS (
    SELECT audit_id, service_principal_id, count(*) AS n, min(created_at) AS first_at, max(created_at) AS last_at,
        arg_min(ip_address, created_at) AS ip_address, arg_min(net || coalesce(', ' || country, ''), created_at) AS where_text,
        arg_min(client_credential_type, created_at) AS cred_type, bool_or(added_key) AS added_key,
        list(id ORDER BY created_at, id)[1:50] AS ids
    FROM uses
    GROUP BY audit_id, service_principal_id
)
SELECT f.audit_id || '|' || f.service_principal_id AS detection_key,
    CAST(NULL AS VARCHAR) AS user_principal_name, f.ip_address,
    f.first_at AS first_seen, f.last_at AS last_seen, f.n AS event_count,
    CASE WHEN date_diff('day', b.first_at, c.activity_at) < $min_history_days OR b.before_n < $min_history_signins
         THEN 'low' ELSE 'high' END AS severity,
    coalesce(c.actor_upn, c.actor_app_name, 'an unknown actor') || ' added a credential (key ' || array_to_string(c.keys, ', ')
        || ') to ' || coalesce(lower(c.target_type) || ' ', '') || coalesce(c.target_name, '?') || ' (' || trim(c.activity) || ') at '
        || CAST(c.activity_at AS VARCHAR) || coalesce(' from ' || c.actor_ip, '')
        || '; then service principal ' || coalesce(l.sp_name, '?') || ' (' || f.service_principal_id || ') signed in with '
        || f.cred_type || CASE WHEN f.added_key THEN ' using that key' ELSE '' END || ' from ' || f.ip_address || ' (' || f.where_text
        || ') at ' || CAST(f.first_at AS VARCHAR) || ', ' || CAST(f.n AS VARCHAR) || ' sign-in(s) from new networks in all; before the change it signed in only from '
        || b.nets_text || ' (' || CAST(b.before_n AS VARCHAR) || ' sign-ins over ' || CAST(date_diff('day', b.first_at, c.activity_at) AS VARCHAR) || ' days)'
        || CASE WHEN date_diff('day', b.first_at, c.activity_at) < $min_history_days OR b.before_n < $min_history_signins
                THEN '; the baseline is short: fewer than the ' || CAST($min_history_signins AS VARCHAR) || ' sign-ins over '
                     || CAST($min_history_days AS VARCHAR) || ' days a baseline needs' ELSE '' END AS evidence,
    f.service_principal_id AS target,
    'signins' AS event_table,
    f.ids AS event_ids
FROM found f
JOIN creds c ON c.id = f.audit_id
JOIN links l ON l.audit_id = f.audit_id AND l.service_principal_id = f.service_principal_id
JOIN baseline b ON b.audit_id = f.audit_id AND b.service_principal_id = f.service_principal_id
ORDER BY detection_key
