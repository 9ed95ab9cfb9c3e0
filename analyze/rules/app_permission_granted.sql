-- id: app_permission_granted
-- title: High-privilege application permission or owner given to an app
-- severity: medium
-- tactic: Persistence, Privilege Escalation
-- technique: T1098.003, T1098.001
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rules "Microsoft Entra ID Role Management Permission Grant"
--   (AzureADRoleManagementPermissionGrant: "Add app role assignment to service principal" whose AppRole.Value
--   is RoleManagement.ReadWrite.Directory) and "Mail.Read Permissions Granted to Application", and
--   Elastic's rules "Microsoft Entra ID Service Principal Owner Added" / "User Added as Owner for Azure
--   Application" ("Add owner to application", "Add owner to service principal").
-- description: An application permission (an app role of Microsoft Graph or another API) that can take over
--   the tenant (RoleManagement.ReadWrite.Directory, Application.ReadWrite.All, AppRoleAssignment.ReadWrite.All,
--   Directory.ReadWrite.All, ...) or read and write its data (Mail.ReadWrite, Mail.Send, Files.ReadWrite.All,
--   Sites.ReadWrite.All, full_access_as_app, ...) was granted to a service principal: high for takeover
--   permissions, medium for data. An owner added to an existing application or service principal (owners can
--   add credentials) is medium, high when the app holds a takeover permission. Routine work lowers it one
--   step: an actor who made such grants or owner changes on earlier days, in their working hours, from an
--   address they had used before. Owners added when the app is created, and delegated consents
--   (consent_grant_risky), do not count. One detection per audit record; the target is the app.
-- remediation: Confirm the grant or the new owner with the app's owner and the change process. If it was not
--   approved, remove the app role assignment (Remove-MgServicePrincipalAppRoleAssignment) or the owner
--   (Remove-MgApplicationOwnerByRef, Remove-MgServicePrincipalOwnerByRef), review the app's credentials and
--   sign-ins, and treat the account that made the change as compromised.
-- param: takeover_permissions text `^(rolemanagement\.readwrite\.directory|application\.readwrite\.all|approleassignment\.readwrite\.all|directory\.readwrite\.all|privilegedaccess\.readwrite\.azuread|policy\.readwrite\.conditionalaccess|userauthenticationmethod\.readwrite\.all|domain\.readwrite\.all|organization\.readwrite\.all)$`  regular expression (over the lower-cased app role value) for permissions that can take over the tenant
-- param: data_permissions text `^(mail\.readwrite|mail\.read|mail\.send|mailboxsettings\.readwrite|files\.readwrite\.all|files\.read\.all|sites\.readwrite\.all|sites\.fullcontrol\.all|sites\.read\.all|full_access_as_app|user\.readwrite\.all|group\.readwrite\.all|groupmember\.readwrite\.all|chat\.read\.all|channelmessage\.read\.all|exchange\.manageasapp)$`  regular expression for permissions to the tenant's data
-- param: new_ip_hours int 48  an address the actor first used this shortly before is not a known one, in hours
-- param: lookback_days int 30  days of history for the actor's habits
-- param: usual_hour_days int 2  days on which the actor signed in within an hour of this time of day that make it a working hour
WITH changes AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, correlation_id, target_id, target_name, target_type,
        target_upn, target_resources,
        lower(trim(activity)) = 'add app role assignment to service principal' AS is_grant,
        er_prop_new(target_resources, 'AppRole.Value') AS permission,
        list_filter(from_json(target_resources, '[{"id":"VARCHAR","displayname":"VARCHAR","type":"VARCHAR"}]'),
            t -> lower(t.type) IN ('application', 'serviceprincipal'))[1] AS app_target
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND lower(trim(activity)) IN ('add app role assignment to service principal', 'add owner to application', 'add owner to service principal')
),
apps AS (
    SELECT *,
        CASE WHEN is_grant THEN coalesce(er_prop_new(target_resources, 'ServicePrincipal.DisplayName'), er_prop_new(target_resources, 'ServicePrincipal.Name'))
             ELSE coalesce(app_target.displayname, er_prop_new(target_resources, 'Application.DisplayName'),
                           er_prop_new(target_resources, 'ServicePrincipal.DisplayName')) END AS app_name,
        CASE WHEN is_grant THEN er_prop_new(target_resources, 'ServicePrincipal.ObjectID')
             ELSE coalesce(app_target.id, er_prop_new(target_resources, 'Application.ObjectID'), er_prop_new(target_resources, 'ServicePrincipal.ObjectID')) END AS app_object_id,
        CASE WHEN is_grant THEN target_name END AS resource_name,
        CASE WHEN NOT is_grant THEN coalesce(target_upn, er_target_user(target_resources)) END AS new_owner
    FROM changes
),
-- Every high-privilege app role the store has seen granted, to tell which apps hold one.
takeover_grants AS (
    SELECT lower(er_prop_new(target_resources, 'ServicePrincipal.DisplayName')) AS app_name,
        er_prop_new(target_resources, 'ServicePrincipal.ObjectID') AS app_object_id, activity_at,
        er_prop_new(target_resources, 'AppRole.Value') AS permission
    FROM directory_audits
    WHERE lower(trim(activity)) = 'add app role assignment to service principal' AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND regexp_matches(lower(coalesce(er_prop_new(target_resources, 'AppRole.Value'), '')), $takeover_permissions)
),
scored AS (
    SELECT a.*,
        lower(coalesce(a.permission, '')) AS perm,
        (SELECT string_agg(DISTINCT g.permission, ', ' ORDER BY g.permission) FROM takeover_grants g
         WHERE (g.app_object_id = a.app_object_id OR g.app_name = lower(a.app_name)) AND g.activity_at <= a.activity_at) AS held,
        EXISTS (SELECT 1 FROM directory_audits c
                WHERE lower(trim(c.activity)) IN ('add application', 'add service principal')
                  AND (c.correlation_id = a.correlation_id
                       OR (lower(c.target_name) = lower(a.app_name) AND c.activity_at BETWEEN a.activity_at - INTERVAL '10' MINUTE AND a.activity_at))) AS at_creation,
        EXISTS (SELECT 1 FROM directory_audits p
                WHERE p.actor_upn = a.actor_upn AND CAST(p.activity_at AS DATE) < CAST(a.activity_at AS DATE)
                  AND p.activity_at >= a.activity_at - $lookback_days * INTERVAL '1' DAY
                  AND lower(trim(p.activity)) IN ('add app role assignment to service principal', 'add owner to application',
                                                  'add owner to service principal', 'add delegated permission grant')) AS usual_actor,
        er_known_ip(a.actor_upn, a.actor_ip, a.activity_at, $new_ip_hours) AS known_ip,
        er_days_at_hour(a.actor_upn, a.activity_at, $lookback_days) >= $usual_hour_days AS in_hours
    FROM apps a
),
ranked AS (
    SELECT *,
        CASE WHEN is_grant AND regexp_matches(perm, $takeover_permissions) THEN 3
             WHEN is_grant AND regexp_matches(perm, $data_permissions) THEN 2
             WHEN NOT is_grant AND held IS NOT NULL THEN 3
             WHEN NOT is_grant THEN 2
             ELSE 0 END
        - CASE WHEN usual_actor AND known_ip AND in_hours THEN 1 ELSE 0 END AS rank
    FROM scored
    WHERE is_grant OR NOT at_creation
)
SELECT id AS detection_key,
    actor_upn AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE rank WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS severity,
    rtrim(coalesce(actor_upn, actor_app_name, 'an unknown actor')
        || CASE WHEN is_grant THEN ' granted ' || coalesce(app_name, 'a service principal') || ' the application permission '
                    || permission || coalesce(' of ' || resource_name, '')
                ELSE ' made ' || coalesce(new_owner, 'an account') || ' an owner of ' || coalesce(lower(app_target.type) || ' ', '')
                    || coalesce(app_name, 'an app') END
        || ' (' || trim(activity) || ') at ' || CAST(activity_at AS VARCHAR) || coalesce(' from ' || actor_ip, '')
        || CASE WHEN NOT is_grant AND held IS NOT NULL THEN '; the app holds ' || held ELSE '' END
        || CASE WHEN usual_actor AND known_ip AND in_hours THEN '; routine: the actor makes such changes, in their usual hours, from an address they use'
                ELSE '; not routine:' || CASE WHEN usual_actor THEN '' ELSE ' no such change by this actor on an earlier day;' END
                     || CASE WHEN known_ip THEN '' ELSE ' an address the actor had not used before;' END
                     || CASE WHEN in_hours THEN '' ELSE ' outside the actor''s usual hours;' END END, ';') AS evidence,
    app_name AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM ranked
WHERE rank > 0
ORDER BY detection_key
