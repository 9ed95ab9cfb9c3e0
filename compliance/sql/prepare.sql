-- The period's records, once, as temporary tables every figure and CSV reads. Before this
-- script runs, Go makes cmp_period (since, until: the period, [since, until)) and
-- cmp_roles (role_name: the privileged roles, lower case), and the rules' helper macros
-- (analyze.Macros). Nothing here is a parameter: every value comes from those tables.

-- The authentication steps and the Conditional Access policies of a sign-in as lists of
-- structs, whatever the spelling of the JSON's keys: Graph writes camelCase, the Graph
-- PowerShell SDK PascalCase, a lowered copy lower case, and the store keeps each export's
-- own spelling. Each spelling is read natively (from_json matches keys exactly); looking
-- each field up whatever its case, or lowering the keys in the text, took 10 to 15 times as
-- long (256,373 sign-ins: 6 s against 0.4 s).
CREATE OR REPLACE TEMP MACRO cmp_steps_of(j) AS (
    CASE
        WHEN j IS NULL OR json_type(j) <> 'ARRAY' THEN NULL
        WHEN contains(CAST(j AS VARCHAR), '"authenticationStepRequirement"') THEN list_transform(
            from_json(j, '[{"authenticationStepDateTime":"VARCHAR","authenticationMethod":"VARCHAR","authenticationStepRequirement":"VARCHAR","succeeded":"VARCHAR","authenticationStepResultDetail":"VARCHAR"}]'),
            e -> {'at': e.authenticationStepDateTime, 'method': e.authenticationMethod, 'requirement': e.authenticationStepRequirement,
                  'succeeded': e.succeeded, 'detail': e.authenticationStepResultDetail})
        WHEN contains(CAST(j AS VARCHAR), '"AuthenticationStepRequirement"') THEN list_transform(
            from_json(j, '[{"AuthenticationStepDateTime":"VARCHAR","AuthenticationMethod":"VARCHAR","AuthenticationStepRequirement":"VARCHAR","Succeeded":"VARCHAR","AuthenticationStepResultDetail":"VARCHAR"}]'),
            e -> {'at': e.AuthenticationStepDateTime, 'method': e.AuthenticationMethod, 'requirement': e.AuthenticationStepRequirement,
                  'succeeded': e.Succeeded, 'detail': e.AuthenticationStepResultDetail})
        ELSE list_transform(
            from_json(j, '[{"authenticationstepdatetime":"VARCHAR","authenticationmethod":"VARCHAR","authenticationsteprequirement":"VARCHAR","succeeded":"VARCHAR","authenticationstepresultdetail":"VARCHAR"}]'),
            e -> {'at': e.authenticationstepdatetime, 'method': e.authenticationmethod, 'requirement': e.authenticationsteprequirement,
                  'succeeded': e.succeeded, 'detail': e.authenticationstepresultdetail})
    END
);
CREATE OR REPLACE TEMP MACRO cmp_policies_of(j) AS (
    CASE
        WHEN j IS NULL OR json_type(j) <> 'ARRAY' THEN NULL
        WHEN contains(CAST(j AS VARCHAR), '"displayName"') THEN list_transform(
            from_json(j, '[{"id":"VARCHAR","displayName":"VARCHAR","result":"VARCHAR"}]'),
            e -> {'id': e.id, 'name': e.displayName, 'result': e.result})
        WHEN contains(CAST(j AS VARCHAR), '"DisplayName"') THEN list_transform(
            from_json(j, '[{"Id":"VARCHAR","DisplayName":"VARCHAR","Result":"VARCHAR"}]'),
            e -> {'id': e.Id, 'name': e.DisplayName, 'result': e.Result})
        ELSE list_transform(
            from_json(j, '[{"id":"VARCHAR","displayname":"VARCHAR","result":"VARCHAR"}]'),
            e -> {'id': e.id, 'name': e.displayname, 'result': e.result})
    END
);

-- Client apps that use legacy (basic) authentication, as Entra names them (and the short
-- names of the Graph documentation): the clients of the legacy-authentication workbook
-- and of Conditional Access's "Other clients" condition.
CREATE OR REPLACE TEMP MACRO cmp_legacy_client(c) AS (
    lower(trim(c)) IN ('exchange activesync', 'activesync', 'imap4', 'imap', 'pop3', 'pop', 'authenticated smtp', 'smtp',
        'mapi over http', 'mapi', 'exchange web services', 'ews', 'autodiscover', 'offline address book',
        'outlook anywhere (rpc over http)', 'exchange online powershell', 'reporting web services',
        'universal outlook', 'other clients')
);

-- User sign-ins (interactive and non-interactive) in the period, as stored.
CREATE OR REPLACE TEMP VIEW cmp_user_signins AS
SELECT s.*
FROM signins s, cmp_period p
WHERE s.created_at >= p.since AND s.created_at < p.until
  AND s.category IN ('interactive', 'non_interactive')
  AND s.user_principal_name IS NOT NULL;

-- The same, with what the figures read of them.
CREATE OR REPLACE TEMP TABLE cmp_signins AS
SELECT s.id, s.created_at, s.user_principal_name AS upn, s.category, s.source_format,
    coalesce(s.error_code = 0, false) AS ok,
    s.error_code,
    coalesce(nullif(trim(s.app_display_name), ''), nullif(trim(s.resource_display_name), ''), s.app_id, '(unknown app)') AS app,
    coalesce(nullif(trim(s.client_app), ''), '(not recorded)') AS client_app,
    coalesce(cmp_legacy_client(s.client_app), false) AS legacy,
    s.ip_address,
    lower(s.authentication_requirement) AS requirement,
    s.mfa_auth_method,
    s.authentication_details IS NOT NULL AS has_steps,
    s.applied_ca_policies IS NOT NULL AS has_policies,
    -- Entra's overall Conditional Access status (the portal writes "Not Applied").
    CASE lower(replace(s.conditional_access_status, ' ', ''))
        WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure' WHEN 'notapplied' THEN 'notApplied'
    END AS ca_status,
    lower(coalesce(s.additional_details, '') || ' ' || coalesce(s.failure_reason, '')) AS failure_text
FROM cmp_user_signins s;

-- The authentication steps of those sign-ins: from the sign-in record itself (Graph, Azure
-- Monitor, Log Analytics) or, for the portal's CSV, from its AuthDetails download.
CREATE OR REPLACE TEMP TABLE cmp_steps AS
WITH json_steps AS (
    SELECT s.id, unnest(cmp_steps_of(s.authentication_details)) AS e
    FROM cmp_user_signins s
    WHERE s.authentication_details IS NOT NULL
)
SELECT id AS signin_id,
    er_ts(e.at) AS step_at,
    e.method,
    e.requirement,
    er_bool(e.succeeded) AS succeeded,
    e.detail AS result_detail
FROM json_steps
UNION ALL
SELECT d.request_id, d.step_at, d.method, d.requirement, d.succeeded, d.result_detail
FROM signin_auth_details d
JOIN cmp_signins s ON s.id = d.request_id AND NOT s.has_steps;

-- How each successful sign-in was authenticated: 'multi' or 'single' factor, or NULL when
-- the export does not say. The authentication requirement first (what the MFA-gaps
-- workbook reads), then the steps, then the MFA method the portal's CSV names.
CREATE OR REPLACE TEMP TABLE cmp_factor AS
WITH steps AS (
    SELECT signin_id,
        bool_or(lower(requirement) LIKE '%multi%' AND succeeded) AS mfa_step,
        count(*) AS n
    FROM cmp_steps
    GROUP BY signin_id
)
SELECT s.id,
    CASE
        WHEN s.requirement = 'multifactorauthentication' THEN 'multi'
        WHEN s.requirement = 'singlefactorauthentication' THEN 'single'
        WHEN st.mfa_step THEN 'multi'
        WHEN st.n > 0 THEN 'single'
        WHEN nullif(trim(s.mfa_auth_method), '') IS NOT NULL THEN 'multi'
    END AS factor
FROM cmp_signins s LEFT JOIN steps st ON st.signin_id = s.id
WHERE s.ok;

-- MFA prompts: a second-factor step the user was asked to answer (not one satisfied by a
-- claim in the token, a remembered device, or a step still waiting for the user), with
-- its outcome. The same step recorded on several sign-in records of one flow counts
-- once. A failed MFA (error 500121) whose record has no steps is a prompt too.
CREATE OR REPLACE TEMP TABLE cmp_prompts AS
WITH mfa AS (
    SELECT s.id AS signin_id, s.upn, s.created_at, s.app, st.step_at, st.method, st.succeeded,
        lower(coalesce(st.result_detail, '') || CASE WHEN NOT coalesce(st.succeeded, false) THEN ' ' || s.failure_text ELSE '' END) AS detail,
        st.result_detail
    FROM cmp_steps st JOIN cmp_signins s ON s.id = st.signin_id
    WHERE lower(st.requirement) LIKE '%multi%'
      AND lower(coalesce(st.method, '')) NOT IN ('previously satisfied', '')
      AND lower(coalesce(st.result_detail, '')) NOT LIKE '%satisfied by claim%'
      AND lower(coalesce(st.result_detail, '')) NOT LIKE '%remembered device%'
      AND lower(coalesce(st.result_detail, '')) NOT LIKE '%mfa required in azure ad%'
    UNION ALL
    SELECT s.id, s.upn, s.created_at, s.app, NULL, coalesce(s.mfa_auth_method, '(not recorded)'), false, s.failure_text, NULL
    FROM cmp_signins s
    WHERE s.error_code = 500121 AND s.id NOT IN (SELECT signin_id FROM cmp_steps)
),
once AS (
    SELECT * FROM mfa
    QUALIFY row_number() OVER (PARTITION BY upn, coalesce(CAST(step_at AS VARCHAR), signin_id), lower(method), lower(coalesce(result_detail, ''))
                               ORDER BY created_at, signin_id) = 1
)
SELECT signin_id, upn, created_at, app, method,
    CASE
        WHEN detail LIKE '%fraud%' OR detail LIKE '%suspicious activity%' THEN 'fraud'
        WHEN detail LIKE '%declined%' OR detail LIKE '%denied the%' OR detail LIKE '%user denied%' THEN 'denied'
        WHEN detail LIKE '%did not respond%' OR detail LIKE '%no response%' OR detail LIKE '%not responded%' OR detail LIKE '%timed out%' THEN 'no_response'
        WHEN succeeded THEN 'approved'
        ELSE 'other'
    END AS outcome
FROM once;

-- The Conditional Access policies evaluated on each sign-in, as appliedConditionalAccessPolicies lists them.
CREATE OR REPLACE TEMP TABLE cmp_policies AS
WITH p AS (
    SELECT s.id, unnest(cmp_policies_of(s.applied_ca_policies)) AS e
    FROM cmp_user_signins s
    WHERE s.applied_ca_policies IS NOT NULL
)
SELECT p.id AS signin_id, s.upn, s.ok, s.created_at,
    coalesce(e.id, '') AS policy_id,
    coalesce(e.name, '') AS policy_name,
    coalesce(e.result, '') AS result
FROM p JOIN cmp_signins s ON s.id = p.id;

-- Whether any policy was applied to a sign-in: the overall status where the export gives
-- it, else from the policies (one that succeeded or failed was applied); NULL when the
-- export says neither.
CREATE OR REPLACE TEMP TABLE cmp_ca_applied AS
SELECT s.id,
    CASE
        WHEN s.ca_status IS NOT NULL THEN s.ca_status <> 'notApplied'
        WHEN s.has_policies THEN coalesce(
            (SELECT bool_or(p.result IN ('success', 'failure')) FROM cmp_policies p WHERE p.signin_id = s.id), false)
    END AS applied
FROM cmp_signins s;

-- Directory changes in the period, with what a rule made of them.
CREATE OR REPLACE TEMP TABLE cmp_audits AS
SELECT a.id, a.activity_at, a.activity, lower(trim(a.activity)) AS act, a.logged_by_service, a.result, a.result_reason,
    coalesce(a.actor_upn, a.actor_app_name, a.actor_display_name, a.actor_service_principal_id, a.actor_user_id) AS actor,
    a.actor_ip, a.target_id, a.target_name, a.target_type, a.target_upn, a.target_resources, a.source_format,
    (SELECT array_to_string(list_sort(list_distinct(list(d.rule_id))), ',')
     FROM detection_events e JOIN detections d ON d.detection_id = e.detection_id
     WHERE e.source_table = 'directory_audits' AND e.event_id = a.id) AS rule_ids
FROM directory_audits a, cmp_period p
WHERE a.activity_at >= p.since AND a.activity_at < p.until;

-- The kinds of change the sensitive-operations workbook lists, and authentication methods.
CREATE OR REPLACE TEMP TABLE cmp_sensitive AS
SELECT *,
    CASE
        WHEN act LIKE '%conditional access policy%' OR act LIKE '%named location%' THEN 'conditional_access'
        WHEN act LIKE '%federation%' OR act LIKE '%domain authentication%'
            OR act IN ('add domain to company', 'remove domain from company', 'verify domain', 'add unverified domain',
                       'verify email verified domain', 'update domain', 'add verified domain')
            OR act LIKE '%external identity provider%' OR act LIKE '%identity provider%' THEN 'federation_domains'
        WHEN act LIKE '%member to role%' OR act LIKE '%member from role%'
            OR act LIKE '%member to group%' OR act LIKE '%member from group%' THEN 'role_group_membership'
        WHEN act LIKE '%consent to application%' OR act LIKE '%permission grant%'
            OR act LIKE '%app role assignment to service principal%' OR act LIKE '%app role assignment from service principal%'
            OR act LIKE 'add owner to application%' OR act LIKE 'add owner to service principal%' THEN 'permissions_consents'
        WHEN act LIKE '%certificates and secrets%' OR act LIKE '%service principal credentials%'
            OR act LIKE '%federated identity credential%'
            OR ((act LIKE 'update application%' OR act LIKE 'update service principal%')
                AND lower(CAST(target_resources AS VARCHAR)) LIKE '%keydescription%') THEN 'app_credentials'
        WHEN act LIKE '%security info%' OR act LIKE '%authentication method%' OR act LIKE '%temporary access pass%'
            OR act LIKE '%strongauthentication%' OR logged_by_service = 'Authentication Methods' THEN 'authentication_methods'
    END AS category
FROM cmp_audits;
DELETE FROM cmp_sensitive WHERE category IS NULL;

-- Privileged role changes: assignments (active or eligible), removals, PIM activations and
-- their ends. Requests and approvals are steps towards a change, not the change: left out.
CREATE OR REPLACE TEMP TABLE cmp_roles_changed AS
WITH r AS (
    SELECT *,
        coalesce(er_prop_new(target_resources, 'Role.DisplayName'), er_prop_old(target_resources, 'Role.DisplayName'),
            list_filter(from_json(target_resources, '[{"type":"VARCHAR","displayname":"VARCHAR"}]'), t -> lower(t.type) = 'role')[1].displayname,
            CASE WHEN lower(target_type) = 'role' THEN target_name END) AS role,
        CASE
            WHEN act LIKE '%activation expired%' THEN 'expired'
            WHEN act LIKE 'remove%' AND act LIKE '%deactivat%' THEN 'deactivated'
            WHEN act LIKE 'add%' AND act LIKE '%activation%' THEN 'activated'
            WHEN act LIKE 'add eligible%' THEN 'eligible_assigned'
            WHEN act LIKE 'remove eligible%' THEN 'eligible_removed'
            WHEN act LIKE 'add%member to role%' THEN 'assigned'
            WHEN act LIKE 'remove%member from role%' THEN 'removed'
        END AS action
    FROM cmp_audits
    WHERE (act LIKE '%member to role%' OR act LIKE '%member from role%') AND act NOT LIKE '%request%'
)
SELECT *,
    coalesce(lower(target_upn), er_target_user(target_resources),
        list_filter(from_json(target_resources, '[{"type":"VARCHAR","displayname":"VARCHAR"}]'), t -> lower(t.type) <> 'role')[1].displayname,
        CASE WHEN lower(target_type) <> 'role' THEN target_name END) AS target
FROM r
WHERE action IS NOT NULL AND lower(role) IN (SELECT role_name FROM cmp_roles);
