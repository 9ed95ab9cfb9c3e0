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
