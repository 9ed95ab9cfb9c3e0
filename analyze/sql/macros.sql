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
