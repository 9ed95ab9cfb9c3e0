-- The entrarisk store. Every statement is idempotent: Open runs this file on every start.
-- Times are UTC TIMESTAMP. Text that came from a log is kept as text; nothing here interprets it.
-- Canonical tables carry the record's own id; ingest never stores an id twice in one table.
-- load_id says which file load a row came from (ingest_files.load_id).

CREATE SEQUENCE IF NOT EXISTS load_seq START 1;

-- Columns whose every value differs (ids, JSON with times in it) are compressed with zstd
-- outright: DuckDB would try a dictionary and FSST on them first, for nothing, on every load,
-- and zstd is both the cheapest to write and the smallest for them (a 400,000 sign-in load:
-- 4.1 s and 73 MB against 4.7 s and 120 MB left to choose, and 5.2 s and 176 MB with FSST
-- in the older storage format). Stores in the older format keep the compression they have.
CREATE TABLE IF NOT EXISTS signins (
    id                         VARCHAR NOT NULL USING COMPRESSION zstd,   -- the sign-in's id (Entra's request id)
    created_at                 TIMESTAMP NOT NULL,
    category                   VARCHAR NOT NULL,   -- interactive | non_interactive | service_principal | managed_identity | adfs (AD FS, ADFSSignInLogs)
    request_id                 VARCHAR GENERATED ALWAYS AS (id) VIRTUAL, -- Entra's request id is the sign-in's id
    original_request_id        VARCHAR USING COMPRESSION zstd,
    correlation_id             VARCHAR USING COMPRESSION zstd,
    user_principal_name        VARCHAR,            -- lower case
    user_id                    VARCHAR,
    user_display_name          VARCHAR,
    user_type                  VARCHAR,            -- member | guest
    sign_in_identifier         VARCHAR,
    app_id                     VARCHAR,
    app_display_name           VARCHAR,
    resource_id                VARCHAR,
    resource_display_name      VARCHAR,
    service_principal_id       VARCHAR,
    service_principal_name     VARCHAR,
    ip_address                 VARCHAR,
    city                       VARCHAR,
    state                      VARCHAR,
    country                    VARCHAR,            -- ISO 3166 alpha-2, as Entra writes it
    latitude                   DOUBLE,
    longitude                  DOUBLE,
    asn                        BIGINT,
    error_code                 INTEGER,            -- 0 is success
    failure_reason             VARCHAR,
    additional_details         VARCHAR,
    client_app                 VARCHAR,
    user_agent                 VARCHAR,
    device_id                  VARCHAR,
    device_name                VARCHAR,
    operating_system           VARCHAR,
    browser                    VARCHAR,
    is_compliant               BOOLEAN,
    is_managed                 BOOLEAN,
    trust_type                 VARCHAR,
    authentication_requirement VARCHAR,
    mfa_auth_method            VARCHAR,
    mfa_auth_detail            VARCHAR,
    conditional_access_status  VARCHAR,
    authentication_protocol    VARCHAR,
    incoming_token_type        VARCHAR,
    is_interactive             BOOLEAN,
    risk_level_during_signin   VARCHAR,
    risk_level_aggregated      VARCHAR,
    risk_state                 VARCHAR,
    risk_detail                VARCHAR,
    risk_event_types           VARCHAR[],
    token_issuer_type          VARCHAR,
    token_issuer_name          VARCHAR,
    cross_tenant_access_type   VARCHAR,
    home_tenant_id             VARCHAR,
    resource_tenant_id         VARCHAR,
    unique_token_identifier    VARCHAR USING COMPRESSION zstd,
    session_id                 VARCHAR,
    authentication_details     JSON USING COMPRESSION zstd,               -- the authentication steps, as exported
    applied_ca_policies        JSON USING COMPRESSION zstd,               -- appliedConditionalAccessPolicies, as exported
    extra                      JSON USING COMPRESSION zstd,               -- every field of the source record that has no column above
    source_format              VARCHAR NOT NULL,
    source_file                VARCHAR NOT NULL,
    ingested_at                TIMESTAMP NOT NULL,
    load_id                    BIGINT NOT NULL,
    -- Workload identities: how a service principal or managed identity proved who it is. Added
    -- after the first stores were made (the ALTERs below bring those up to date).
    client_credential_type     VARCHAR,            -- clientCredentialType: none | clientSecret | clientAssertion | certificate | federatedIdentityCredential | managedIdentity
    service_principal_credential_key_id VARCHAR,   -- the key (secret or certificate) the service principal used
    service_principal_credential_thumbprint VARCHAR, -- the certificate's thumbprint
    federated_credential_id    VARCHAR,            -- the federated identity credential used, if any
    managed_identity_type      VARCHAR             -- managedServiceIdentity.msiType: SystemAssigned | UserAssigned
);
-- Stores made before these columns get them (empty for the rows already there).
ALTER TABLE signins ADD COLUMN IF NOT EXISTS client_credential_type VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS service_principal_credential_key_id VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS service_principal_credential_thumbprint VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS federated_credential_id VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS managed_identity_type VARCHAR;

CREATE TABLE IF NOT EXISTS directory_audits (
    id                   VARCHAR NOT NULL,
    activity_at          TIMESTAMP NOT NULL,
    category             VARCHAR,
    activity             VARCHAR,                  -- activityDisplayName, trimmed
    operation_type       VARCHAR,
    result               VARCHAR,                  -- success | failure | timeout | unknownFutureValue
    result_reason        VARCHAR,
    logged_by_service    VARCHAR,
    correlation_id       VARCHAR,
    actor_upn            VARCHAR,                  -- initiatedBy.user.userPrincipalName, lower case
    actor_user_id        VARCHAR,
    actor_display_name   VARCHAR,
    actor_app_id         VARCHAR,
    actor_app_name       VARCHAR,
    actor_service_principal_id VARCHAR,
    actor_ip             VARCHAR,
    target_id            VARCHAR,                  -- the first target resource
    target_name          VARCHAR,
    target_type          VARCHAR,
    target_upn           VARCHAR,                  -- lower case
    target_resources     JSON,                     -- every target with its modifiedProperties
    additional_details   JSON,
    user_agent           VARCHAR,
    extra                JSON,
    source_format        VARCHAR NOT NULL,
    source_file          VARCHAR NOT NULL,
    ingested_at          TIMESTAMP NOT NULL,
    load_id                    BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS unified_audit (
    id              VARCHAR NOT NULL,              -- AuditData.Id
    created_at      TIMESTAMP NOT NULL,            -- AuditData.CreationTime
    record_type     VARCHAR,
    operation       VARCHAR,
    workload        VARCHAR,
    user_id         VARCHAR,                       -- lower case
    user_type       VARCHAR,
    client_ip       VARCHAR,                       -- without the port
    result_status   VARCHAR,
    object_id       VARCHAR,
    organization_id VARCHAR,
    parameters      JSON,                          -- [{"Name":..,"Value":..}] of admin cmdlets
    audit_data      JSON NOT NULL,                 -- the whole record
    source_format   VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    ingested_at     TIMESTAMP NOT NULL,
    load_id                    BIGINT NOT NULL,
    app_id          VARCHAR,                       -- the application acting: AppAccessContext.ClientAppId, ClientAppId or AppId
    aad_session_id  VARCHAR,                       -- AppAccessContext.AADSessionId: the Entra session behind the record
    mailbox_owner   VARCHAR,                       -- MailboxOwnerUPN, lower case
    item_count      BIGINT,                        -- MailItemsAccessed: the items it stands for (OperationCount, or the messages its Folders list)
    access_type     VARCHAR,                       -- MailItemsAccessed: MailAccessType (Bind | Sync)
    throttled       BOOLEAN                        -- MailItemsAccessed: IsThrottled
);
-- Stores made before these columns get them (empty for the rows already there; the rules then read
-- audit_data).
ALTER TABLE unified_audit ADD COLUMN IF NOT EXISTS app_id VARCHAR;
ALTER TABLE unified_audit ADD COLUMN IF NOT EXISTS aad_session_id VARCHAR;
ALTER TABLE unified_audit ADD COLUMN IF NOT EXISTS mailbox_owner VARCHAR;
ALTER TABLE unified_audit ADD COLUMN IF NOT EXISTS item_count BIGINT;
ALTER TABLE unified_audit ADD COLUMN IF NOT EXISTS access_type VARCHAR;
ALTER TABLE unified_audit ADD COLUMN IF NOT EXISTS throttled BOOLEAN;

CREATE TABLE IF NOT EXISTS risk_detections (
    id                    VARCHAR NOT NULL,
    request_id            VARCHAR,
    correlation_id        VARCHAR,
    risk_event_type       VARCHAR,
    risk_state            VARCHAR,
    risk_level            VARCHAR,
    risk_detail           VARCHAR,
    source                VARCHAR,
    detection_timing_type VARCHAR,
    activity              VARCHAR,
    token_issuer_type     VARCHAR,
    ip_address            VARCHAR,
    city                  VARCHAR,
    state                 VARCHAR,
    country               VARCHAR,
    latitude              DOUBLE,
    longitude             DOUBLE,
    activity_at           TIMESTAMP,
    detected_at           TIMESTAMP NOT NULL,
    last_updated_at       TIMESTAMP,
    user_id               VARCHAR,
    user_display_name     VARCHAR,
    user_principal_name   VARCHAR,                 -- lower case
    additional_info       JSON,
    extra                 JSON,
    source_format         VARCHAR NOT NULL,
    source_file           VARCHAR NOT NULL,
    ingested_at           TIMESTAMP NOT NULL,
    load_id                    BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS risky_users (
    id                    VARCHAR NOT NULL,        -- the user's object id
    user_principal_name   VARCHAR,                 -- lower case
    user_display_name     VARCHAR,
    is_deleted            BOOLEAN,
    is_processing         BOOLEAN,
    risk_level            VARCHAR,
    risk_state            VARCHAR,
    risk_detail           VARCHAR,
    risk_last_updated_at  TIMESTAMP NOT NULL,
    extra                 JSON,
    source_format         VARCHAR NOT NULL,
    source_file           VARCHAR NOT NULL,
    ingested_at           TIMESTAMP NOT NULL,
    load_id                    BIGINT NOT NULL
);

-- The steps of a sign-in's authentication, from the portal's AuthDetails download.
CREATE TABLE IF NOT EXISTS signin_auth_details (
    id                 VARCHAR NOT NULL,           -- request id and step, as one key
    request_id         VARCHAR NOT NULL,
    step_at            TIMESTAMP,
    method             VARCHAR,
    method_detail      VARCHAR,
    succeeded          BOOLEAN,
    result_detail      VARCHAR,
    requirement        VARCHAR,
    source_format      VARCHAR NOT NULL,
    source_file        VARCHAR NOT NULL,
    ingested_at        TIMESTAMP NOT NULL,
    load_id                    BIGINT NOT NULL
);

-- Every file an ingest has seen, loaded or not.
CREATE TABLE IF NOT EXISTS ingest_files (
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    mtime         TIMESTAMP,
    format        VARCHAR,                         -- as recognised; NULL when no format was
    target_table  VARCHAR,
    status        VARCHAR NOT NULL,                -- loaded | rejected | duplicate_file
    reason        VARCHAR,                         -- why rejected, file:line: reason
    rows_read     BIGINT NOT NULL DEFAULT 0,
    rows_added    BIGINT NOT NULL DEFAULT 0,
    rows_duplicate BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    min_time      TIMESTAMP,
    max_time      TIMESTAMP,
    load_id       BIGINT,                          -- the rows' load_id when loaded
    run_id        VARCHAR NOT NULL,
    ingested_at   TIMESTAMP NOT NULL
);

-- How a file's culture-formatted dates were read (day or month first, and the evidence),
-- for the CSV formats that have them (ingest/culturedate.go); NULL otherwise.
ALTER TABLE ingest_files ADD COLUMN IF NOT EXISTS date_order VARCHAR;

-- A load whose rows are committed but whose repeats are not yet removed nor its files
-- recorded (ingest commits the two apart: see ingest.settle). A store opened for writing
-- removes the rows of a load left here by a crash.
CREATE TABLE IF NOT EXISTS ingest_inflight (
    load_id      BIGINT NOT NULL,
    target_table VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL
);

-- Records set aside from files that otherwise loaded.
CREATE TABLE IF NOT EXISTS ingest_rejects (
    path        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    line        BIGINT,
    record_id   VARCHAR,
    reason      VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);

-- Analyst decisions. Kept for ever; analyze and report read them, ingest never touches them.
CREATE SEQUENCE IF NOT EXISTS triage_seq START 1;
CREATE TABLE IF NOT EXISTS triage (
    decided_at          TIMESTAMP NOT NULL,
    action              VARCHAR NOT NULL,          -- resolve | false-positive | ignore | dismiss | reactivate | confirm-compromised
    detection_id        VARCHAR,
    user_principal_name VARCHAR,                   -- lower case
    analyst             VARCHAR NOT NULL,
    note                VARCHAR,
    seq                 BIGINT DEFAULT nextval('triage_seq')  -- order of recording, for decisions made in the same instant
);

-- What analyze found, rebuilt on every analyze. Reports read these.
CREATE TABLE IF NOT EXISTS detections (
    detection_id        VARCHAR NOT NULL,          -- stable across runs: rule id and the rule's key
    rule_id             VARCHAR NOT NULL,
    rule_name           VARCHAR NOT NULL,
    severity            VARCHAR NOT NULL,          -- low | medium | high
    tactic              VARCHAR,
    technique           VARCHAR,
    user_principal_name VARCHAR,
    ip_address          VARCHAR,
    first_seen          TIMESTAMP NOT NULL,
    last_seen           TIMESTAMP NOT NULL,
    event_count         BIGINT NOT NULL,
    state               VARCHAR NOT NULL,          -- atRisk | confirmedCompromised | remediated | dismissed | confirmedSafe
    evidence            VARCHAR NOT NULL,
    source_table        VARCHAR NOT NULL,
    analyzed_at         TIMESTAMP NOT NULL,
    detection_key       VARCHAR,                   -- what makes it the same finding on the next run
    target              VARCHAR,                   -- for directory and mailbox findings: the account, app, domain or address changed
    event_table         VARCHAR                    -- where the records behind it are (detection_events.source_table)
);

-- The records behind each detection (sign-in, audit or mailbox ids).
CREATE TABLE IF NOT EXISTS detection_events (
    detection_id VARCHAR NOT NULL,
    source_table VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    event_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS user_risk (
    user_principal_name VARCHAR NOT NULL,
    risk_level          VARCHAR NOT NULL,          -- none | low | medium | high
    risk_state          VARCHAR NOT NULL,          -- atRisk | confirmedCompromised | remediated | dismissed | confirmedSafe
    risk_score          INTEGER NOT NULL,          -- 0 to 100
    detections          BIGINT NOT NULL,           -- open detections behind the level
    rule_ids            VARCHAR[] NOT NULL,
    first_seen          TIMESTAMP,
    last_seen           TIMESTAMP,
    reasons             VARCHAR,                   -- why this level, in words
    changed_by          VARCHAR,                   -- set when an at-risk account changed this one
    analyzed_at         TIMESTAMP NOT NULL
);

-- Workload identities (service principals and managed identities) flagged for risk, as Entra ID
-- Protection's risky workload identities: from the open detections that name them (the
-- sp_* rules) or change their app (a credential, a permission or owner, a consent). Rebuilt
-- with user_risk. See analyze/sql/workload.sql.
CREATE TABLE IF NOT EXISTS service_principal_risk (
    service_principal_id   VARCHAR NOT NULL,       -- the service principal's object id (servicePrincipalId)
    service_principal_name VARCHAR,
    app_id                 VARCHAR,                -- the application (client) id
    risk_level             VARCHAR NOT NULL,       -- none | low | medium | high
    risk_state             VARCHAR NOT NULL,       -- atRisk | confirmedCompromised | remediated | dismissed | confirmedSafe
    risk_score             INTEGER NOT NULL,       -- 0 to 100
    detections             BIGINT NOT NULL,        -- open detections behind the level
    rule_ids               VARCHAR[] NOT NULL,
    detection_ids          VARCHAR[] NOT NULL,     -- every detection that names it, open or not
    first_seen             TIMESTAMP,
    last_seen              TIMESTAMP,
    reasons                VARCHAR,                -- why this level, in words
    analyzed_at            TIMESTAMP NOT NULL
);

-- Every sign-in that a rule or Microsoft marked risky, as risky_signins.csv shows it.
CREATE TABLE IF NOT EXISTS risky_signins (
    signin_id           VARCHAR NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    user_principal_name VARCHAR,
    ip_address          VARCHAR,
    location            VARCHAR,                   -- "City, State, CC" as far as known
    country             VARCHAR,
    status              VARCHAR,                   -- success | failure | interrupted
    error_code          INTEGER,
    app                 VARCHAR,
    client_app          VARCHAR,
    user_agent          VARCHAR,
    risk_level          VARCHAR NOT NULL,          -- none | low | medium | high: the highest of Microsoft's and the rules'
    rule_ids            VARCHAR NOT NULL,          -- sorted, comma-separated; "microsoft_risk" for Microsoft's own marks
    request_id          VARCHAR,
    detection_ids       VARCHAR[] NOT NULL,
    analyzed_at         TIMESTAMP NOT NULL
);

-- Every directory or mailbox change that a rule marked, as audit_findings.csv shows it.
CREATE TABLE IF NOT EXISTS audit_findings (
    activity_time TIMESTAMP NOT NULL,
    rule_id       VARCHAR NOT NULL,
    severity      VARCHAR NOT NULL,
    actor         VARCHAR,
    target        VARCHAR,
    activity      VARCHAR,
    details       VARCHAR,
    source        VARCHAR NOT NULL,                -- directory_audits | unified_audit
    event_id      VARCHAR NOT NULL,
    detection_id  VARCHAR NOT NULL,
    analyzed_at   TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS analyze_runs (
    run_id      VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    rules       VARCHAR[] NOT NULL,
    detections  BIGINT NOT NULL,
    settings    JSON
);
