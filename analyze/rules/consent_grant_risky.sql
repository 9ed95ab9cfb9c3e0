-- id: consent_grant_risky
-- title: Consent to an application with risky permissions
-- severity: medium
-- tactic: Persistence, Credential Access
-- technique: T1528
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rules "Suspicious application consent similar to O365 Attack Toolkit"
--   and "Suspicious application consent for offline access" (ConsentToApplication records whose
--   ConsentAction.Permissions name mail, files, contacts and directory-write scopes), and Microsoft's
--   illicit consent grant playbook.
-- description: A user or administrator consented to an application asking for permissions an illicit-consent
--   attack wants (read or send mail, read or write all files, mailbox settings, directory or role writes).
--   High when the permissions allow taking over the tenant (directory, application, app-role or role
--   management writes). Consents to sign-in-and-profile scopes do not count. One detection per consent
--   (records sharing a correlation id are one consent).
-- remediation: Review the app in Enterprise applications: if it is not known and needed, revoke its
--   permission grants (Remove-MgOauth2PermissionGrant), disable or delete the service principal, and review
--   what it accessed. Restrict user consent to verified publishers and low-risk permissions, and turn on
--   the admin consent workflow.
-- param: risky_scopes text `\b(mail\.read|mail\.readwrite|mail\.send|mail\.readbasic|mailboxsettings\.readwrite|files\.read\.all|files\.readwrite\.all|sites\.read\.all|sites\.readwrite\.all|full_access_as_app|full_access_as_user|contacts\.read|notes\.read\.all|directory\.readwrite\.all|user\.readwrite\.all|application\.readwrite\.all|approleassignment\.readwrite\.all|rolemanagement\.readwrite\.directory|eas\.accessasuser\.all|ews\.accessasuser\.all)\b`  regular expression (over the lower-cased permissions) for risky scopes
-- param: takeover_scopes text `\b(directory\.readwrite\.all|application\.readwrite\.all|approleassignment\.readwrite\.all|rolemanagement\.readwrite\.directory)\b`  regular expression for scopes that make it high
WITH consents AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, target_name, correlation_id,
        lower(coalesce(er_prop_new(target_resources, 'ConsentAction.Permissions'), '') || ' '
              || coalesce(er_prop_new(target_resources, 'DelegatedPermissionGrant.Scope'), '')) AS perms,
        lower(trim(coalesce(nullif(regexp_extract(er_prop_new(target_resources, 'ConsentAction.Permissions'), 'Scope:\s*([^,\]]*)', 1), ''),
                            er_prop_new(target_resources, 'DelegatedPermissionGrant.Scope'), ''))) AS scopes,
        lower(coalesce(er_prop_new(target_resources, 'ConsentContext.IsAdminConsent'), '')) = 'true' AS admin_consent
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND lower(activity) IN ('consent to application', 'add delegated permission grant')
      AND coalesce(result, 'success') = 'success'
),
risky AS (
    SELECT *, regexp_matches(perms, $takeover_scopes) AS takeover
    FROM consents
    WHERE regexp_matches(perms, $risky_scopes)
)
SELECT coalesce(correlation_id, id) AS detection_key,
    min(actor_upn) AS user_principal_name, min(actor_ip) AS ip_address,
    min(activity_at) AS first_seen, max(activity_at) AS last_seen, count(*) AS event_count,
    CASE WHEN bool_or(takeover) THEN 'high' ELSE 'medium' END AS severity,
    coalesce(min(actor_upn), min(actor_app_name), 'an unknown actor')
        || CASE WHEN bool_or(admin_consent) THEN ' gave tenant-wide consent to ' ELSE ' consented to ' END
        || coalesce(min(target_name), 'an application') || ' for: '
        || coalesce(nullif(max(scopes), ''), 'the permissions in the record') || ' at ' || CAST(min(activity_at) AS VARCHAR) AS evidence,
    min(target_name) AS target,
    'directory_audits' AS event_table,
    array_agg(id ORDER BY activity_at, id) AS event_ids
FROM risky
GROUP BY coalesce(correlation_id, id)
ORDER BY detection_key
