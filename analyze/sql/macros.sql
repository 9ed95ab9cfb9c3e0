-- Helpers the rules share, made on the analyze connection (temporary, like store/macros.sql).
-- They read the JSON that ingest stores; engines other than DuckDB need their own versions.

-- The modified properties of every target of a directory audit record, as one list.
CREATE OR REPLACE TEMP MACRO er_props(tr) AS (
    flatten(list_transform(
        from_json(tr, '[{"modifiedproperties":[{"displayname":"VARCHAR","oldvalue":"VARCHAR","newvalue":"VARCHAR"}]}]'),
        t -> coalesce(t.modifiedproperties, [])))
);

-- The new (or old) value of the named modified property, without the quotes audit logs wrap it in.
CREATE OR REPLACE TEMP MACRO er_prop_new(tr, name) AS (
    er_text(trim(list_filter(er_props(tr), p -> lower(p.displayname) = lower(name))[1].newvalue, '"[] '))
);
CREATE OR REPLACE TEMP MACRO er_prop_old(tr, name) AS (
    er_text(trim(list_filter(er_props(tr), p -> lower(p.displayname) = lower(name))[1].oldvalue, '"[] '))
);

-- The directory role an "Add member to role" record names.
CREATE OR REPLACE TEMP MACRO er_role_name(tr, tname, ttype) AS (
    coalesce(er_prop_new(tr, 'Role.DisplayName'), CASE WHEN lower(ttype) = 'role' THEN tname END)
);

-- The value of the named parameter of an Exchange cmdlet record.
CREATE OR REPLACE TEMP MACRO er_param(params, name) AS (
    er_text(list_filter(from_json(params, '[{"name":"VARCHAR","value":"VARCHAR"}]'), p -> lower(p.name) = lower(name))[1].value)
);

-- Whether a mail domain is the tenant's own (one of tenant_domains or a subdomain of one;
-- x.mail.onmicrosoft.com routes to x.onmicrosoft.com).
CREATE OR REPLACE TEMP MACRO er_internal_domain(d) AS (
    EXISTS (SELECT 1 FROM tenant_domains t
            WHERE replace(lower(d), '.mail.onmicrosoft.com', '.onmicrosoft.com') = t.domain
               OR lower(d) LIKE '%.' || t.domain)
);

-- The first user principal name among an audit record's targets, lower case.
CREATE OR REPLACE TEMP MACRO er_target_user(tr) AS (
    lower(list_filter(from_json(tr, '[{"userprincipalname":"VARCHAR"}]'), t -> t.userprincipalname IS NOT NULL)[1].userprincipalname)
);

-- ---- Unified Audit Log helpers (inbox_rule_hiding, bulk_download, mail_bulk_access) ----
-- Nested values of a UAL record: Purview and the Management Activity API write them as JSON,
-- Log Analytics (OfficeActivity) as JSON text in a string. Either way, the JSON text; NULL when
-- absent or not JSON.
CREATE OR REPLACE TEMP MACRO er_ual_json(ad, path) AS (
    CASE WHEN json_valid(json_extract_string(ad, path)) THEN json_extract_string(ad, path) END
);

-- The value of the named OperationProperties entry ([{"Name":..,"Value":..}]) of a UAL record:
-- the RuleName, RuleCondition, RuleActions and RuleOperation of an UpdateInboxRules record.
CREATE OR REPLACE TEMP MACRO er_ual_prop(ad, name) AS (
    er_text(list_filter(from_json(er_ual_json(ad, '$.OperationProperties'), '[{"Name":"VARCHAR","Value":"VARCHAR"}]'),
        p -> lower(p.Name) = lower(name))[1].Value)
);

-- The network an address belongs to, for "has the account used this network": an IPv4 /24,
-- or the first four groups of an IPv6 address (its /64 when written in full).
CREATE OR REPLACE TEMP MACRO er_net(ip) AS (
    CASE WHEN ip IS NULL OR ip = '' THEN NULL
         WHEN contains(ip, ':') THEN array_to_string(string_split(lower(ip), ':')[1:4], ':')
         ELSE regexp_replace(ip, '\.[0-9]+$', '') END
);

-- The evidence of a sign-in that came shortly before an event: "; 20 minutes after a sign-in from
-- 192.0.2.66 (RO, AS 9009): a country and a network new for the account, rated medium risk by
-- Microsoft"; empty when there was none (signin_at NULL).
CREATE OR REPLACE TEMP MACRO er_signin_before(signin_at, event_at, ip, country, asn, new_country, new_asn, ms_risk, risk_level) AS (
    coalesce('; ' || CAST(CAST(date_diff('minute', signin_at, event_at) AS BIGINT) AS VARCHAR) || ' minutes after a sign-in from '
        || coalesce(ip, '?') || ' (' || concat_ws(', ', country, 'AS ' || CAST(asn AS VARCHAR)) || '): '
        || CASE WHEN new_country AND new_asn THEN 'a country and a network new for the account'
                WHEN new_country THEN 'a country new for the account'
                WHEN new_asn THEN 'a network new for the account' ELSE '' END
        || CASE WHEN ms_risk THEN CASE WHEN new_country OR new_asn THEN ', ' ELSE '' END || 'rated ' || risk_level || ' risk by Microsoft'
                ELSE '' END, '')
);

-- Whether two times fall within an hour of each other on the clock (any day, either side
-- of midnight): a change made at a time of day the actor is usually active.
CREATE OR REPLACE TEMP MACRO er_near_hour(a, b) AS (
    ((hour(a) - hour(b) + 24) % 24) IN (0, 1, 23)
);

-- The key ids (lower case) a credential record adds: KeyIdentifier values in the new
-- KeyDescription (or FederatedIdentityCredentials) that the old value does not have.
CREATE OR REPLACE TEMP MACRO er_added_keys(tr) AS (
    list_filter(
        regexp_extract_all(lower(coalesce(list_filter(er_props(tr), p -> lower(p.displayname) IN ('keydescription', 'federatedidentitycredentials'))[1].newvalue, '')),
            'keyidentifier=([0-9a-f-]{36})', 1),
        k -> NOT list_contains(
            regexp_extract_all(lower(coalesce(list_filter(er_props(tr), p -> lower(p.displayname) IN ('keydescription', 'federatedidentitycredentials'))[1].oldvalue, '')),
                'keyidentifier=([0-9a-f-]{36})', 1), k))
);

-- The network a sign-in came from: its autonomous system when the log names one; else
-- "private" for internal addresses, or the address's /24 (IPv4) or /64 (IPv6).
CREATE OR REPLACE TEMP MACRO er_network(asn, ip) AS (
    CASE
        WHEN asn IS NOT NULL THEN 'AS' || CAST(asn AS VARCHAR)
        WHEN ip IS NULL THEN NULL
        WHEN regexp_matches(ip, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|127\.|f[cd][0-9a-f]{2}:)') THEN 'private'
        WHEN contains(ip, ':') THEN array_to_string(string_split(ip, ':')[1:4], ':') || '::/64'
        ELSE regexp_extract(ip, '^([0-9]+\.[0-9]+\.[0-9]+)\.', 1) || '.0/24'
    END
);

-- Context for directory changes (Entra ID Protection lowers risk for the familiar): whether
-- an account had signed in successfully from an address more than `hours` before `ts` (or
-- the address is trusted), and on how many days of the `days` before `ts` it signed in
-- within an hour of that time of day (its working hours, in any time zone).
CREATE OR REPLACE TEMP MACRO er_known_ip(upn, ip, ts, hours) AS (
    ip IN (SELECT t.ip FROM trusted_ips t)
    OR EXISTS (SELECT 1 FROM signins s
               WHERE s.user_principal_name = upn AND s.ip_address = ip AND s.error_code = 0
                 AND s.created_at < ts - hours * INTERVAL '1' HOUR)
);
CREATE OR REPLACE TEMP MACRO er_days_at_hour(upn, ts, days) AS (
    (SELECT count(DISTINCT CAST(s.created_at AS DATE)) FROM signins s
     WHERE s.user_principal_name = upn AND s.error_code = 0
       AND s.created_at < ts - INTERVAL '12' HOUR AND s.created_at >= ts - days * INTERVAL '1' DAY
       AND er_near_hour(s.created_at, ts))
);

-- Whether an AD FS sign-in (category adfs: ADFSSignInLogs from Entra Connect Health) is a
-- failed password, as Microsoft Sentinel's "Password spray attack against ADFSSignInLogs"
-- counts one: any result but 0 and 50144 (the password was right but has expired), leaving
-- out Integrated Windows Authentication (a domain-joined machine's Kerberos, not a typed
-- password). AD FS failures come with their own codes (not Entra's 50126 alone), so the
-- Entra code lists of the sign-in rules do not apply to them. The steps' JSON is read only
-- for AD FS records.
CREATE OR REPLACE TEMP MACRO er_adfs_failure(category, error_code, steps) AS (
    CASE WHEN category = 'adfs' AND error_code NOT IN (0, 50144) THEN
        coalesce(lower(coalesce(json_extract_string(steps, '$[0].authenticationMethod'),
                                json_extract_string(steps, '$[0].authenticationmethod'))), '')
            <> 'integrated windows authentication'
    ELSE false END
);
