-- Session settings and helper macros, run on every new connection (temporary: nothing here is
-- stored in the file, so an older or newer binary never finds a stale definition).
SET TimeZone = 'UTC';

-- A time as exports write it, to a UTC TIMESTAMP; NULL when it is not a time.
-- ISO 8601 with 0-7 fractional digits and any offset, US-locale times from Log Analytics
-- ("4/28/2021, 2:08:45.221 PM") and Purview ("9/20/2023 4:05:03 AM"), and the Windows
-- PowerShell 5.1 form "/Date(1709287200000)/". The common ISO form is tried first: it is
-- what nearly every row holds, and the cheapest to parse. In UTC ("Z", as Graph and Azure
-- write it) a plain TIMESTAMP cast reads the same instant without the time zone arithmetic
-- (405,645 sign-ins: 0.02-0.03 s against 0.06-0.07 s); with any other offset it would not.
CREATE OR REPLACE TEMP MACRO er_ts(s) AS (
    CASE
        WHEN s IS NULL OR s = '' THEN NULL
        WHEN s[5] = '-' AND s[8] = '-' AND ends_with(s, 'Z')
            THEN TRY_CAST(s AS TIMESTAMP)
        WHEN s[5] = '-' AND s[8] = '-' THEN TRY_CAST(TRY_CAST(s AS TIMESTAMPTZ) AS TIMESTAMP)
        WHEN starts_with(trim(s), '/Date(') OR starts_with(trim(s), '\/Date(')
            THEN CAST(epoch_ms(TRY_CAST(regexp_extract(s, 'Date\((-?[0-9]+)', 1) AS BIGINT)) AS TIMESTAMP)
        ELSE coalesce(
            TRY_CAST(TRY_CAST(trim(s) AS TIMESTAMPTZ) AS TIMESTAMP),
            try_strptime(trim(s), [
                '%m/%d/%Y, %I:%M:%S.%g %p', '%m/%d/%Y, %I:%M:%S %p',
                '%m/%d/%Y %I:%M:%S.%g %p', '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %I:%M %p',
                '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y, %H:%M:%S',
                '%d.%m.%Y %H:%M:%S', '%d/%m/%Y %H:%M:%S'
            ])
        )
    END
);

-- A culture-formatted time (PowerShell's Export-Csv: "3/2/2026 8:05:17 AM", "02.03.2026 08:05:17",
-- "02/03/2026 08:05:17", "2-3-2026 08:05:17") read the way ingest decided for the whole file:
-- ingest scans the date columns a format names ("-- dates:"), decides day or month first once
-- (ingest/culturedate.go) and sets er_date_formats to the strptime formats of that decision
-- before the file's insert, NULL otherwise. ISO values, and every value when nothing was
-- decided, are read as er_ts reads them.
CREATE OR REPLACE TEMP MACRO er_cts(s) AS (
    CASE
        WHEN getvariable('er_date_formats') IS NULL OR s IS NULL OR s = '' THEN er_ts(s)
        WHEN s[5] = '-' AND s[8] = '-' THEN er_ts(s)
        ELSE try_strptime(trim(s), getvariable('er_date_formats'))
    END
);

-- An IP address without the port some logs append ("185.73.124.135:19823", "[2001:db8::1]:443").
-- An IPv4 address with a port has exactly one colon; a bare IPv6 address has several.
CREATE OR REPLACE TEMP MACRO er_ip(s) AS (
    CASE
        WHEN s IS NULL OR s = '' OR s = '<null>' THEN NULL
        WHEN starts_with(s, '[') THEN regexp_extract(s, '^\[([^\]]*)\]', 1)
        WHEN contains(s, ':') AND NOT contains(substr(s, strpos(s, ':') + 1), ':') THEN split_part(s, ':', 1)
        ELSE trim(s)
    END
);

-- A boolean as exports write it: true/false, TRUE/FALSE, True, 1/0, yes/no; NULL otherwise.
CREATE OR REPLACE TEMP MACRO er_bool(s) AS (
    CASE lower(s)
        WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true
        WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false
        ELSE NULL
    END
);

-- Text that is empty or a placeholder becomes NULL.
CREATE OR REPLACE TEMP MACRO er_text(s) AS (
    CASE WHEN s = '' OR s = '<null>' OR s = 'null' THEN NULL ELSE s END
);

-- Nested values that Log Analytics and the portal write as JSON text, to the same JSON the
-- Graph formats store: the same members, with lower-case names. NULL when the text is not
-- JSON of the right kind.
CREATE OR REPLACE TEMP MACRO er_json_array(j) AS (
    CASE WHEN j IS NOT NULL AND json_valid(j) AND json_type(j) = 'ARRAY' AND json_array_length(j) > 0 THEN json(j) END
);
CREATE OR REPLACE TEMP MACRO er_json_object(j) AS (
    CASE WHEN j IS NOT NULL AND json_valid(j) AND json_type(j) = 'OBJECT' THEN json(j) END
);
CREATE OR REPLACE TEMP MACRO er_auth_steps(j) AS (
    to_json(CAST(from_json(er_json_array(j),
        '[{"authenticationStepDateTime":"VARCHAR","authenticationMethod":"VARCHAR","authenticationMethodDetail":"VARCHAR","succeeded":"VARCHAR","authenticationStepResultDetail":"VARCHAR","authenticationStepRequirement":"VARCHAR"}]')
        AS STRUCT(authenticationstepdatetime VARCHAR, authenticationmethod VARCHAR, authenticationmethoddetail VARCHAR, succeeded VARCHAR, authenticationstepresultdetail VARCHAR, authenticationsteprequirement VARCHAR)[]))
);
CREATE OR REPLACE TEMP MACRO er_ca_policies(j) AS (
    to_json(CAST(from_json(er_json_array(j),
        '[{"id":"VARCHAR","displayName":"VARCHAR","enforcedGrantControls":["VARCHAR"],"enforcedSessionControls":["VARCHAR"],"result":"VARCHAR"}]')
        AS STRUCT(id VARCHAR, displayname VARCHAR, enforcedgrantcontrols VARCHAR[], enforcedsessioncontrols VARCHAR[], result VARCHAR)[]))
);
CREATE OR REPLACE TEMP MACRO er_targets(j) AS (
    to_json(CAST(from_json(er_json_array(j),
        '[{"id":"VARCHAR","displayName":"VARCHAR","type":"VARCHAR","userPrincipalName":"VARCHAR","groupType":"VARCHAR","modifiedProperties":[{"displayName":"VARCHAR","oldValue":"VARCHAR","newValue":"VARCHAR"}]}]')
        AS STRUCT(id VARCHAR, displayname VARCHAR, type VARCHAR, userprincipalname VARCHAR, grouptype VARCHAR, modifiedproperties STRUCT(displayname VARCHAR, oldvalue VARCHAR, newvalue VARCHAR)[])[]))
);
CREATE OR REPLACE TEMP MACRO er_key_values(j) AS (
    to_json(CAST(from_json(er_json_array(j), '[{"key":"VARCHAR","value":"VARCHAR"}]') AS STRUCT(key VARCHAR, value VARCHAR)[]))
);

-- The Unified Audit Log's numeric RecordType, by name (as Purview's CSV writes it).
CREATE OR REPLACE TEMP MACRO er_ual_record_type(t) AS (
    CASE trim(CAST(t AS VARCHAR))
        WHEN '1' THEN 'ExchangeAdmin' WHEN '2' THEN 'ExchangeItem' WHEN '3' THEN 'ExchangeItemGroup'
        WHEN '4' THEN 'SharePoint' WHEN '6' THEN 'SharePointFileOperation' WHEN '8' THEN 'AzureActiveDirectory'
        WHEN '9' THEN 'AzureActiveDirectoryAccountLogon' WHEN '14' THEN 'SharePointSharingOperation'
        WHEN '15' THEN 'AzureActiveDirectoryStsLogon' WHEN '18' THEN 'SecurityComplianceCenterEOPCmdlet'
        WHEN '25' THEN 'MicrosoftTeams' WHEN '50' THEN 'ExchangeItemAggregated'
        WHEN '7' THEN 'OneDrive' WHEN '19' THEN 'ExchangeAggregatedOperation' WHEN '24' THEN 'Discovery'
        WHEN '101' THEN 'ExchangeSearch' WHEN '102' THEN 'SharePointSearch'
        ELSE er_text(t)
    END
);

-- Exchange cmdlet parameters ([{"Name":..,"Value":..}]) with lower-case member names.
CREATE OR REPLACE TEMP MACRO er_parameters(j) AS (
    to_json(CAST(from_json(er_json_array(j), '[{"Name":"VARCHAR","Value":"VARCHAR"}]') AS STRUCT(name VARCHAR, value VARCHAR)[]))
);

-- What a MailItemsAccessed record says about the reading (NULL for other operations): how many
-- items it stands for (OperationCount; OfficeActivity has none, and there the messages its Folders
-- list are the count), its MailAccessType (Bind or Sync) and whether Exchange throttled it. props
-- and folders are the OperationProperties and Folders JSON, or JSON text.
CREATE OR REPLACE TEMP MACRO er_mail_items(op, cnt, folders) AS (
    CASE WHEN lower(op) = 'mailitemsaccessed' THEN coalesce(TRY_CAST(cnt AS BIGINT),
        nullif((length(coalesce(folders, '')) - length(replace(coalesce(folders, ''), 'InternetMessageId', ''))) // 17, 0), 1) END
);
CREATE OR REPLACE TEMP MACRO er_mail_access(op, props) AS (
    CASE WHEN lower(op) = 'mailitemsaccessed' THEN coalesce(regexp_extract(props, '"(Bind|Sync)"', 1), 'Bind') END
);
CREATE OR REPLACE TEMP MACRO er_mail_throttled(op, props) AS (
    CASE WHEN lower(op) = 'mailitemsaccessed' THEN coalesce(regexp_matches(props,
        '"IsThrottled"\s*,\s*"Value"\s*:\s*"?[Tt]rue|"Value"\s*:\s*"?[Tt]rue"?\s*,\s*"Name"\s*:\s*"IsThrottled"'), false) END
);
